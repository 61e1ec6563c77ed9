package dev.authlab.authn.webhook;

import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.KeyUsage;
import dev.authlab.pki.Validity;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority (ECDSA P-256, made with {@link CertificateAuthority}) for the local webhook server and
 * for tests: it issues serving certificates for 127.0.0.1/localhost and client certificates. Keys
 * live only in memory.
 */
final class LocalAuthority {

  /** A certificate and its key pair. */
  record Issued(X509Certificate certificate, KeyPair keyPair) {

    String certificatePem() {
      return pem(certificate);
    }

    String privateKeyPem() {
      return Pems.encode("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
    }
  }

  private final CertificateAuthority authority;
  private final Issued self;

  private LocalAuthority(CertificateAuthority authority) {
    this.authority = authority;
    this.self = new Issued(authority.certificate(), new KeyPair(authority.certificate().getPublicKey(), authority.privateKey()));
  }

  /** A new self-signed CA valid for a year from now (back-dated a little for clock skew). */
  static LocalAuthority create(String commonName, Clock clock) {
    Instant now = clock.instant();
    return new LocalAuthority(
        CertificateAuthority.selfSigned(
            commonName,
            KeyPairs.generate(KeyAlgorithm.ECDSA_P256),
            Validity.between(now.minus(Validity.BACKDATE), now.plus(Duration.ofDays(365))),
            clock));
  }

  X509Certificate certificate() {
    return self.certificate();
  }

  String certificatePem() {
    return self.certificatePem();
  }

  /** A serving certificate for 127.0.0.1, ::1 and localhost, valid for a day. */
  Issued issueLocalServer() {
    return issueServer("localhost", List.of("localhost"), List.of("127.0.0.1", "::1"));
  }

  Issued issueServer(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return issue(CertificateSpec.servingCertificate(commonName, dnsNames, ipAddresses));
  }

  /** A client certificate: CN is the user name, each O a group, as the API server reads them. */
  Issued issueClient(String commonName, List<String> organizations) {
    return issue(CertificateSpec.clientCertificate(commonName, organizations));
  }

  private Issued issue(CertificateSpec spec) {
    Instant now = authority.clock().instant();
    KeyPair keys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    IssuedCertificate issued =
        authority.issue(spec.withKeyUsages(KeyUsage.DIGITAL_SIGNATURE).validBetween(now.minus(Validity.BACKDATE), now.plus(Duration.ofDays(1))), keys);
    return new Issued(issued.certificate(), keys);
  }

  /**
   * A server-side TLS context presenting {@code serving} (with this CA in the chain) and, when
   * {@code clientCas} is not empty, trusting client certificates from them.
   */
  SSLContext serverContext(Issued serving, List<X509Certificate> clientCas) {
    try {
      char[] password = "in-memory".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("serving", serving.keyPair().getPrivate(), password,
          new X509Certificate[] {serving.certificate(), self.certificate()});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      TrustManagerFactory trustManagers = null;
      if (!clientCas.isEmpty()) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < clientCas.size(); i++) {
          trust.setCertificateEntry("client-ca-" + i, clientCas.get(i));
        }
        trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers == null ? null : trustManagers.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS server context: " + e.getMessage(), e);
    }
  }

  static String pem(X509Certificate certificate) {
    try {
      return Pems.encode("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  /** Base64 of a PEM text, as kubeconfig *-data fields carry it. */
  static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
