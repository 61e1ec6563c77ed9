package dev.authlab.authn.webhook;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority (ECDSA P-256, Bouncy Castle) for the local webhook server and
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

  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final Issued self;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private LocalAuthority(Issued self, Clock clock) {
    this.self = self;
    this.clock = clock;
  }

  /** A new self-signed CA valid for a year from now (backdated a little for clock skew). */
  static LocalAuthority create(String commonName, Clock clock) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    X500Name name = name(commonName, List.of());
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          name, serial(new SecureRandom()), Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new LocalAuthority(new Issued(sign(builder, keys), keys), clock);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot create a local certificate authority: " + e.getMessage(), e);
    }
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
    Instant now = clock.instant();
    return issue(commonName, List.of(), dnsNames, ipAddresses, KeyPurposeId.id_kp_serverAuth, now.minus(BACKDATE), now.plus(Duration.ofDays(1)));
  }

  /** A client certificate: CN is the user name, each O a group, as the API server reads them. */
  Issued issueClient(String commonName, List<String> organizations) {
    Instant now = clock.instant();
    return issue(commonName, organizations, List.of(), List.of(), KeyPurposeId.id_kp_clientAuth, now.minus(BACKDATE), now.plus(Duration.ofDays(1)));
  }

  Issued issue(
      String commonName, List<String> organizations, List<String> dnsNames, List<String> ipAddresses, KeyPurposeId usage,
      Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          self.certificate(), serial(random), Date.from(notBefore), Date.from(notAfter), name(commonName, organizations), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage))
          .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(self.certificate()));
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      }
      return new Issued(sign(builder, self.keyPair()), keys);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate: " + e.getMessage(), e);
    }
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

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC key pair", e);
    }
  }

  private static X500Name name(String commonName, List<String> organizations) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
    builder.addRDN(BCStyle.CN, commonName);
    return builder.build();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** Base64 of a PEM text, as kubeconfig *-data fields carry it. */
  static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
