package dev.authlab.pki;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The key types Kubernetes components use, named as kubeadm's {@code encryptionAlgorithm} setting
 * names them ({@code RSA-2048} … {@code ECDSA-P384}).
 */
public enum KeyAlgorithm {
  RSA_2048("RSA-2048", "RSA", 2048, ""),
  RSA_3072("RSA-3072", "RSA", 3072, ""),
  RSA_4096("RSA-4096", "RSA", 4096, ""),
  ECDSA_P256("ECDSA-P256", "EC", 256, "secp256r1"),
  ECDSA_P384("ECDSA-P384", "EC", 384, "secp384r1");

  /** kubeadm's default when {@code encryptionAlgorithm} is not set. */
  public static final KeyAlgorithm DEFAULT = RSA_2048;

  private final String kubeadmName;
  private final String jcaName;
  private final int bits;
  private final String curve;

  KeyAlgorithm(String kubeadmName, String jcaName, int bits, String curve) {
    this.kubeadmName = kubeadmName;
    this.jcaName = jcaName;
    this.bits = bits;
    this.curve = curve;
  }

  /** The name kubeadm's ClusterConfiguration uses, such as {@code ECDSA-P256}. */
  public String kubeadmName() {
    return kubeadmName;
  }

  /** Modulus length for RSA, field size for ECDSA. */
  public int bits() {
    return bits;
  }

  public boolean isRsa() {
    return jcaName.equals("RSA");
  }

  /** {@code RSA 2048} or {@code ECDSA P-256}, as people say it. */
  public String displayName() {
    return isRsa() ? "RSA " + bits : "ECDSA P-" + bits;
  }

  /** Which of these a public key is, if any (an RSA key of another size, or another curve, is none). */
  public static Optional<KeyAlgorithm> of(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      int length = rsa.getModulus().bitLength();
      for (KeyAlgorithm algorithm : values()) {
        if (algorithm.isRsa() && algorithm.bits == length) {
          return Optional.of(algorithm);
        }
      }
      return Optional.empty();
    }
    if (key instanceof ECPublicKey) {
      // the curve is identified by the OID in the encoded key; field size alone could be any curve
      ASN1Encodable parameters = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
      if (SECObjectIdentifiers.secp256r1.equals(parameters)) {
        return Optional.of(ECDSA_P256);
      }
      if (SECObjectIdentifiers.secp384r1.equals(parameters)) {
        return Optional.of(ECDSA_P384);
      }
    }
    return Optional.empty();
  }

  String jcaName() {
    return jcaName;
  }

  String curve() {
    return curve;
  }
}
