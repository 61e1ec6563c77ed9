package dev.authlab.pki;

import static dev.authlab.pki.Fixtures.CLIENT_AUTH_OID;
import static dev.authlab.pki.Fixtures.CLOCK;
import static dev.authlab.pki.Fixtures.EC_CA;
import static dev.authlab.pki.Fixtures.NOW;
import static dev.authlab.pki.Fixtures.RSA_CA;
import static dev.authlab.pki.Fixtures.SERVER_AUTH_OID;
import static dev.authlab.pki.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateAuthorityTest {

  @Test
  void caIsSelfSignedWithCaExtensions() throws Exception {
    X509Certificate ca = EC_CA.certificate();

    ca.verify(ca.getPublicKey());
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    CertificateInfo info = EC_CA.info();
    assertThat(info.commonName()).isEqualTo("authlab-ec-ca");
    assertThat(info.certificateAuthority()).isTrue();
    assertThat(info.keyUsages()).containsExactly(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN);
    assertThat(ca.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
    assertThat(info.notBefore()).isEqualTo(NOW.minus(Validity.BACKDATE));
    assertThat(info.notAfter()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_LIFETIME));
  }

  static Stream<Arguments> caAndClientKeys() {
    return Stream.of(
        Arguments.of(EC_CA, KeyAlgorithm.ECDSA_P256, "SHA256withECDSA"),
        Arguments.of(EC_CA, KeyAlgorithm.RSA_2048, "SHA256withECDSA"),
        Arguments.of(RSA_CA, KeyAlgorithm.ECDSA_P384, "SHA256withRSA"),
        Arguments.of(RSA_CA, KeyAlgorithm.RSA_2048, "SHA256withRSA"));
  }

  @ParameterizedTest
  @MethodSource("caAndClientKeys")
  void clientCertificateChainsToTheCa(CertificateAuthority ca, KeyAlgorithm clientKey, String signature) throws Exception {
    IssuedCertificate jane = ca.issue(CertificateSpec.clientCertificate("jane", "dev", "ops"), clientKey);

    validate(jane.certificate(), ca.certificate(), NOW);
    assertThat(jane.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH_OID);
    assertThat(jane.certificate().getSigAlgName()).isEqualTo(signature);
    assertThat(jane.chain()).containsExactly(ca.certificate());
    assertThat(KeyAlgorithm.of(jane.certificate().getPublicKey())).contains(clientKey);
    CertificateInfo info = jane.info();
    assertThat(info.commonName()).isEqualTo("jane");
    assertThat(info.organizations()).containsExactly("dev", "ops");
    assertThat(info.subject()).isEqualTo("CN=jane,O=dev,O=ops");
    assertThat(info.issuer()).isEqualTo(ca.info().subject());
    assertThat(info.keyUsages()).containsExactly(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
    assertThat(info.certificateAuthority()).isFalse();
    assertThat(info.permits(ExtendedKeyUsage.CLIENT_AUTH)).isTrue();
    assertThat(info.permits(ExtendedKeyUsage.SERVER_AUTH)).isFalse();
  }

  @Test
  void certificateFromAnotherCaDoesNotValidate() {
    IssuedCertificate jane = RSA_CA.issue(CertificateSpec.clientCertificate("jane"), KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> validate(jane.certificate(), EC_CA.certificate(), NOW))
        .isInstanceOf(CertPathValidatorException.class)
        .extracting(e -> ((CertPathValidatorException) e).getReason())
        .isEqualTo(PKIXReason.NO_TRUST_ANCHOR);
  }

  @Test
  void servingCertificateCarriesSansAndServerAuth() throws Exception {
    IssuedCertificate server = EC_CA.issue(
        CertificateSpec.servingCertificate("kube-apiserver", "kubernetes.default.svc", "localhost", "127.0.0.1", "::1"),
        KeyAlgorithm.ECDSA_P256);

    validate(server.certificate(), EC_CA.certificate(), NOW);
    assertThat(server.certificate().getExtendedKeyUsage()).containsExactly(SERVER_AUTH_OID);
    CertificateInfo info = server.info();
    assertThat(info.dnsNames()).containsExactly("kubernetes.default.svc", "localhost");
    assertThat(info.ipAddresses()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(info.organizations()).isEmpty();
  }

  @Test
  void authorityKeyIdentifierIsTheCasSubjectKeyIdentifier() {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane"), KeyAlgorithm.ECDSA_P256);

    byte[] ski = SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(EC_CA.certificate().getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
    byte[] aki = AuthorityKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(jane.certificate().getExtensionValue("2.5.29.35")).getOctets())
        .getKeyIdentifierObject().getOctets();
    assertThat(aki).isEqualTo(ski);
  }

  @Test
  void serialNumbersAreRandomPositiveAndAtMost128Bits() {
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      BigInteger serial = EC_CA.issue(CertificateSpec.clientCertificate("u" + i), KeyAlgorithm.ECDSA_P256)
          .certificate().getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
      serials.add(serial);
    }
    assertThat(serials).hasSize(5);
  }

  @Test
  void lifetimeCountsFromTheCasClockBackdatedFiveMinutes() {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane").validFor(Duration.ofHours(1)),
        KeyAlgorithm.ECDSA_P256);

    assertThat(Validity.BACKDATE).isEqualTo(Duration.ofMinutes(5));
    assertThat(jane.info().notBefore()).isEqualTo(Instant.parse("2025-03-01T11:55:00Z"));
    assertThat(jane.info().notAfter()).isEqualTo(Instant.parse("2025-03-01T13:00:00Z"));
  }

  @Test
  void expiredCertificateIsRejected() throws Exception {
    // issued an hour-long certificate two days ago; it is checked now
    CertificateAuthority past = EC_CA.withClock(Clock.offset(CLOCK, Duration.ofDays(-2)));
    IssuedCertificate old = past.issue(CertificateSpec.clientCertificate("jane").validFor(Duration.ofHours(1)),
        KeyAlgorithm.ECDSA_P256);

    assertThat(old.info().validityAt(NOW)).isEqualTo(CertificateInfo.ValidityStatus.EXPIRED);
    assertThat(old.info().isValidAt(NOW.minus(Duration.ofDays(2)))).isTrue();
    assertThatThrownBy(() -> old.certificate().checkValidity(Date.from(NOW)))
        .isInstanceOf(CertificateExpiredException.class);
    assertThatThrownBy(() -> validate(old.certificate(), EC_CA.certificate(), NOW))
        .isInstanceOf(CertPathValidatorException.class)
        .extracting(e -> ((CertPathValidatorException) e).getReason())
        .isEqualTo(CertPathValidatorException.BasicReason.EXPIRED);
  }

  @Test
  void notYetValidCertificateIsRejected() throws Exception {
    IssuedCertificate early = EC_CA.issue(CertificateSpec.clientCertificate("jane")
        .validBetween(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2))), KeyAlgorithm.ECDSA_P256);

    assertThat(early.info().validityAt(NOW)).isEqualTo(CertificateInfo.ValidityStatus.NOT_YET_VALID);
    assertThatThrownBy(() -> early.certificate().checkValidity(Date.from(NOW)))
        .isInstanceOf(CertificateNotYetValidException.class);
    assertThatThrownBy(() -> validate(early.certificate(), EC_CA.certificate(), NOW))
        .isInstanceOf(CertPathValidatorException.class)
        .extracting(e -> ((CertPathValidatorException) e).getReason())
        .isEqualTo(CertPathValidatorException.BasicReason.NOT_YET_VALID);
    validate(early.certificate(), EC_CA.certificate(), NOW.plus(Duration.ofHours(36)));
  }

  @Test
  void certificateWithoutClientAuthIsNotForClients() throws Exception {
    IssuedCertificate server = EC_CA.issue(CertificateSpec.clientCertificate("jane")
        .withExtendedKeyUsages(ExtendedKeyUsage.SERVER_AUTH), KeyAlgorithm.ECDSA_P256);
    IssuedCertificate any = EC_CA.issue(CertificateSpec.clientCertificate("jane")
        .withExtendedKeyUsages(), KeyAlgorithm.ECDSA_P256);

    assertThat(server.info().permits(ExtendedKeyUsage.CLIENT_AUTH)).isFalse();
    assertThat(any.certificate().getExtendedKeyUsage()).as("no extension at all").isNull();
    assertThat(any.info().permits(ExtendedKeyUsage.CLIENT_AUTH)).isTrue();
  }

  @Test
  void issuesForAGivenKeyPair() {
    KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.ECDSA_P384);

    IssuedCertificate issued = RSA_CA.issue(CertificateSpec.clientCertificate("bob"), keyPair);

    assertThat(issued.certificate().getPublicKey()).isEqualTo(keyPair.getPublic());
    assertThat(issued.privateKey()).isSameAs(keyPair.getPrivate());
  }

  @Test
  void writesAndLoadsTheCa(@TempDir Path dir) throws Exception {
    Path crt = dir.resolve("pki/ca.crt");
    Path key = dir.resolve("pki/ca.key");
    RSA_CA.write(crt, key);

    CertificateAuthority loaded = CertificateAuthority.load(crt, key, CLOCK);

    assertThat(loaded.certificate()).isEqualTo(RSA_CA.certificate());
    assertThat(loaded.privateKey().getEncoded()).isEqualTo(RSA_CA.privateKey().getEncoded());
    validate(loaded.issue(CertificateSpec.clientCertificate("jane"), KeyAlgorithm.ECDSA_P256).certificate(),
        RSA_CA.certificate(), NOW);
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void loadsACaFromPkcs1Pem() {
    // kubeadm before 1.x wrote ca.key as PKCS#1; the same CA must still load
    String pkcs1 = PemTest.traditionalPem(RSA_CA.privateKey());

    CertificateAuthority loaded = CertificateAuthority.fromPem(RSA_CA.certificatePem(), pkcs1, CLOCK);

    assertThat(loaded.certificate()).isEqualTo(RSA_CA.certificate());
  }

  @Test
  void refusesACertificateThatIsNotACa() {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane"), KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> CertificateAuthority.fromPem(jane.certificatePem(), jane.privateKeyPem(), CLOCK))
        .isInstanceOf(PemException.class)
        .hasMessage("CA certificate: not a CA certificate (basicConstraints does not say CA:TRUE)");
  }

  @Test
  void refusesAKeyThatDoesNotBelongToTheCa() {
    assertThatThrownBy(() -> CertificateAuthority.fromPem(EC_CA.certificatePem(), RSA_CA.privateKeyPem(), CLOCK))
        .isInstanceOf(PemException.class)
        .hasMessage("CA private key: this private key does not belong to the CA certificate (CN=authlab-ec-ca)");
  }

  @Test
  void issuedCertificateRefusesAForeignKey() {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane"), KeyAlgorithm.ECDSA_P256);
    KeyPair other = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> new IssuedCertificate(jane.certificate(), other.getPrivate(), jane.chain()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void withClockKeepsTheCaAndMovesTime() {
    Clock later = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    CertificateAuthority moved = EC_CA.withClock(later);

    assertThat(moved.certificate()).isSameAs(EC_CA.certificate());
    assertThat(moved.issue(CertificateSpec.clientCertificate("x"), KeyAlgorithm.ECDSA_P256).info().notBefore())
        .isEqualTo(Instant.parse("2029-12-31T23:55:00Z"));
  }

  @Test
  void issuedCertificateWritesPemFiles(@TempDir Path dir) throws Exception {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane", "dev"), KeyAlgorithm.ECDSA_P256);

    jane.write(dir.resolve("jane.crt"), dir.resolve("jane.key"));

    assertThat(Pem.readCertificate(dir.resolve("jane.crt"))).isEqualTo(jane.certificate());
    assertThat(Pem.readPrivateKey(dir.resolve("jane.key")).getEncoded()).isEqualTo(jane.privateKey().getEncoded());
    assertThat(Files.readString(dir.resolve("jane.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(jane.toString()).startsWith("IssuedCertificate[CN=jane,O=dev, issuer CN=authlab-ec-ca, serial ");
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jane.key")))).isEqualTo("rw-------");
  }
}
