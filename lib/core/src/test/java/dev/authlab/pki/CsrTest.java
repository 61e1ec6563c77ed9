package dev.authlab.pki;

import static dev.authlab.pki.Fixtures.CLIENT_AUTH_OID;
import static dev.authlab.pki.Fixtures.EC_CA;
import static dev.authlab.pki.Fixtures.NOW;
import static dev.authlab.pki.Fixtures.RSA_CA;
import static dev.authlab.pki.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CsrTest {

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
  void commonNameAndOrganizationsSurvivePemAndSigning(KeyAlgorithm algorithm) throws Exception {
    KeyPair keyPair = KeyPairs.generate(algorithm);
    Csr csr = Csr.create(keyPair, "jane", "dev", "system:masters");

    Csr read = Csr.fromPem(csr.toPem());
    X509Certificate certificate = EC_CA.sign(read);

    assertThat(read).isEqualTo(csr);
    assertThat(read.commonName()).isEqualTo("jane");
    assertThat(read.organizations()).containsExactly("dev", "system:masters");
    assertThat(read.subject()).isEqualTo("CN=jane,O=dev,O=system:masters");
    assertThat(read.publicKey()).isEqualTo(keyPair.getPublic());
    assertThat(read.isSignatureValid()).isTrue();
    CertificateInfo info = CertificateInfo.of(certificate);
    assertThat(info.commonName()).isEqualTo("jane");
    assertThat(info.organizations()).containsExactly("dev", "system:masters");
    assertThat(certificate.getPublicKey()).isEqualTo(keyPair.getPublic());
    assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH_OID);
    assertThat(info.notAfter()).isEqualTo(NOW.plus(CertificateSpec.DEFAULT_LIFETIME));
    validate(certificate, EC_CA.certificate(), NOW);
  }

  @Test
  void pemLooksLikeOpenssl() {
    Csr csr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "jane");

    assertThat(csr.toPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n").endsWith("-----END CERTIFICATE REQUEST-----\n");
    assertThat(csr.organizations()).isEmpty();
    assertThat(csr.toString()).isEqualTo("Csr[CN=jane, ECDSA P-256]");
  }

  @Test
  void signWithASpecTakesTheSignersDecision() throws Exception {
    Csr csr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "jane", "system:masters");

    X509Certificate certificate = RSA_CA.sign(csr, CertificateSpec.clientCertificate("jane", "dev").validFor(Duration.ofHours(1)));

    assertThat(CertificateInfo.of(certificate).organizations()).containsExactly("dev");
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
    validate(certificate, RSA_CA.certificate(), NOW);
  }

  @Test
  void refusesARequestNotSignedByItsOwnKey() throws Exception {
    KeyPair claimed = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    KeyPair signer = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    // someone else's public key, signed with our own private key: no proof of possession
    String forged = Pem.block("CERTIFICATE REQUEST",
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=admin,O=system:masters"), claimed.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))
            .getEncoded());

    Csr csr = Csr.fromPem(forged);

    assertThat(csr.isSignatureValid()).isFalse();
    assertThatThrownBy(() -> EC_CA.sign(csr))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the CSR for CN=admin,O=system:masters is not signed by the key it carries; refusing to sign it");
  }

  @Test
  void fromPemReportsBadInput() {
    assertThatThrownBy(() -> Csr.fromPem("hello"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: no PEM data found (no -----BEGIN line), expected a CERTIFICATE REQUEST block");
    assertThatThrownBy(() -> Csr.fromPem(EC_CA.certificatePem(), "jane.csr"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("jane.csr: no CERTIFICATE REQUEST block found, only CERTIFICATE");
    assertThatThrownBy(() -> Csr.fromPem("-----BEGIN CERTIFICATE REQUEST-----\nMIIBATCB\n-----END CERTIFICATE REQUEST-----\n"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessageStartingWith("input: line 1: CERTIFICATE REQUEST block is not a valid PKCS#10 certificate request (");
  }

  @Test
  void readsFromAFile(@TempDir Path dir) throws Exception {
    Csr csr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "jane", "dev");
    Files.writeString(dir.resolve("jane.csr"), csr.toPem());

    assertThat(Csr.read(dir.resolve("jane.csr"))).isEqualTo(csr);
    assertThatThrownBy(() -> Csr.read(dir.resolve("missing.csr")))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage(dir.resolve("missing.csr") + ": no such file");
  }

  @Test
  void createNeedsAUserName() {
    KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);

    assertThatThrownBy(() -> Csr.create(keyPair, " ", "dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("common name");
  }
}
