package dev.authlab.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate with its private key and the certificates of its issuers, what a user or a server
 * needs to present itself over TLS.
 *
 * @param certificate the issued (leaf) certificate
 * @param privateKey the private key of the certificate's public key
 * @param chain the issuers' certificates, nearest first, ending with the root CA
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (!KeyPairs.matches(certificate.getPublicKey(), privateKey)) {
      throw new IllegalArgumentException(
          "the private key does not belong to the certificate for " + certificate.getSubjectX500Principal());
    }
  }

  /** The leaf certificate alone, as {@code client-certificate-data} and {@code --tls-cert-file} take it. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The private key as PKCS#8. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  /** The issuers' certificates, such as the {@code ca.crt} a peer needs to trust this one. */
  public String chainPem() {
    return Pem.encode(chain);
  }

  public CertificateInfo info() {
    return CertificateInfo.of(certificate);
  }

  /** Writes the certificate and the key (mode 0600), as {@code jane.crt} and {@code jane.key}. */
  public void write(Path certificateFile, Path privateKeyFile) {
    Pem.write(certificateFile, certificatePem());
    Pem.writePrivate(privateKeyFile, privateKeyPem());
  }

  /** Short: a certificate's own string form runs to pages and the key has no business in logs. */
  @Override
  public String toString() {
    CertificateInfo info = info();
    return "IssuedCertificate[" + info.subject() + ", issuer " + info.issuer() + ", serial " + info.serialHex() + "]";
  }
}
