package dev.authlab.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request, as a new joiner makes one with
 * {@code openssl req -new -key jane.key -subj "/CN=jane/O=dev"} and puts (base64) into a Kubernetes
 * {@code CertificateSigningRequest}. The CN asks to be user {@code jane}, each O to be in a group.
 *
 * <p>Immutable: holds the DER encoding.
 */
public final class Csr {

  private final byte[] der;
  private final X500Name subject;
  private final PublicKey publicKey;

  private Csr(byte[] der, X500Name subject, PublicKey publicKey) {
    this.der = der;
    this.subject = subject;
    this.publicKey = publicKey;
  }

  /** A request for this key pair with subject CN={@code commonName}, O=each organization, signed with the private key. */
  public static Csr create(KeyPair keyPair, String commonName, String... organizations) {
    return create(keyPair, commonName, Arrays.asList(organizations));
  }

  public static Csr create(KeyPair keyPair, String commonName, List<String> organizations) {
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(commonName, "commonName");
    List<String> groups = List.copyOf(organizations);
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("a CSR for a Kubernetes user needs a common name (the user name)");
    }
    for (String group : groups) {
      if (group.isBlank()) {
        throw new IllegalArgumentException("organization must not be blank");
      }
    }
    PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
        Names.subject(commonName, groups), keyPair.getPublic())
        .build(Crypto.signer(keyPair.getPrivate()));
    return of(request, "new request", "");
  }

  /** Reads the first {@code CERTIFICATE REQUEST} block; bad input is a {@link PemException} naming {@code input}. */
  public static Csr fromPem(String pem) {
    return Pem.parseCsr(pem);
  }

  /** As {@link #fromPem(String)}, naming {@code source} in errors. */
  public static Csr fromPem(String pem, String source) {
    return Pem.parseCsr(pem, source);
  }

  public static Csr read(Path file) {
    return Pem.readCsr(file);
  }

  /** Wraps a parsed request; checks that its public key is one Java can use. */
  static Csr of(PKCS10CertificationRequest request, String source, String where) {
    PublicKey key;
    try {
      key = new JcaPKCS10CertificationRequest(request).setProvider(Crypto.BC).getPublicKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new PemException(source, where + "the request's public key is not usable (" + e.getMessage() + ")", e);
    }
    byte[] der;
    try {
      der = request.getEncoded();
    } catch (IOException e) {
      throw new PemException(source, where + "the request cannot be encoded (" + e.getMessage() + ")", e);
    }
    return new Csr(der, request.getSubject(), key);
  }

  /** {@code -----BEGIN CERTIFICATE REQUEST-----}, as openssl writes it. */
  public String toPem() {
    return Pem.block(Pem.CERTIFICATE_REQUEST, der);
  }

  /** The DER encoding; a copy. */
  public byte[] encoded() {
    return der.clone();
  }

  /** {@code CN=jane,O=dev}. */
  public String subject() {
    return Names.display(subject);
  }

  /** The requested user name; empty if the subject has no CN. */
  public String commonName() {
    return Names.commonName(subject);
  }

  /** The requested groups, in order. */
  public List<String> organizations() {
    return Names.organizations(subject);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Whether the request is signed by the private key of {@link #publicKey()}: proof its sender holds the key. */
  public boolean isSignatureValid() {
    try {
      return request().isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(publicKey));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      // an unsupported or malformed signature proves nothing
      return false;
    }
  }

  PKCS10CertificationRequest request() {
    try {
      return new PKCS10CertificationRequest(der);
    } catch (IOException e) {
      throw new IllegalStateException("re-reading an encoding that was read before", e);
    }
  }

  X500Name subjectName() {
    return subject;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Csr csr && Arrays.equals(der, csr.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "Csr[" + subject() + ", " + KeyAlgorithm.of(publicKey).map(KeyAlgorithm::displayName).orElse(publicKey.getAlgorithm()) + "]";
  }
}
