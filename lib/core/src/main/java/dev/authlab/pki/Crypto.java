package dev.authlab.pki;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.GeneralSecurityException;
import java.math.BigInteger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Shared Bouncy Castle plumbing for this package. */
final class Crypto {

  /**
   * Passed to each call rather than registered with {@code Security.addProvider}, so the kit never
   * changes the JVM's global provider list. Never modified after construction.
   */
  static final Provider BC = new BouncyCastleProvider();

  /** 128 random bits, as kubeadm and cfssl use for serial numbers; RFC 5280 allows up to 20 octets. */
  private static final int SERIAL_BITS = 128;

  private Crypto() {}

  /** SHA-256 with the key's own algorithm, as Kubernetes' signers use for both RSA and ECDSA keys. */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      default -> throw new IllegalArgumentException(
          "cannot sign with a " + key.getAlgorithm() + " key: only RSA and ECDSA keys are supported");
    };
  }

  static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(signatureAlgorithm(key)).setProvider(BC).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalArgumentException("cannot sign with this " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /** A positive serial number of up to 128 bits. */
  static BigInteger randomSerial() {
    SecureRandom random = new SecureRandom();
    BigInteger serial;
    do {
      serial = new BigInteger(SERIAL_BITS, random);
    } while (serial.signum() == 0);
    return serial;
  }

  /** Whether the two keys form a pair: sign a random challenge with one and verify with the other. */
  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())
        && !(isEc(publicKey.getAlgorithm()) && isEc(privateKey.getAlgorithm()))) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      String algorithm = signatureAlgorithm(privateKey);
      Signature signer = Signature.getInstance(algorithm, BC);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, BC);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // keys of different shapes (another curve, say) fail here: they are not a pair
      return false;
    }
  }

  private static boolean isEc(String algorithm) {
    return algorithm.equals("EC") || algorithm.equals("ECDSA");
  }
}
