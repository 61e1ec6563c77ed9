package dev.authlab.pki;

import static dev.authlab.pki.Fixtures.EC_CA;
import static dev.authlab.pki.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateInfoTest {

  @Test
  void describesWhatKubernetesReads() {
    IssuedCertificate jane = EC_CA.issue(CertificateSpec.clientCertificate("jane", "dev", "system:masters"),
        KeyAlgorithm.ECDSA_P256);

    String text = jane.info().describe();

    assertThat(text).contains(
        "Subject:             CN=jane,O=dev,O=system:masters",
        "  user (CN):         jane",
        "  groups (O):        dev, system:masters",
        "Issuer:              CN=authlab-ec-ca",
        "Not before:          2025-03-01T11:55:00Z",
        "Key usage:           digitalSignature, keyEncipherment",
        "Extended key usage:  clientAuth",
        "CA:                  no",
        "Public key:          ECDSA P-256",
        "Signature:           SHA256withECDSA");
  }

  @Test
  void emptyCommonNameIsShownAsNone() {
    IssuedCertificate nameless = EC_CA.issue(CertificateSpec.clientCertificate("", "dev"), KeyAlgorithm.ECDSA_P256);

    assertThat(nameless.info().commonName()).isEmpty();
    assertThat(nameless.info().subject()).isEqualTo("O=dev");
    assertThat(nameless.info().describe()).contains("  user (CN):         (none)");
  }

  @Test
  void serialInOpensslHex() {
    CertificateInfo info = new CertificateInfo("CN=x", "x", List.of(), "CN=ca", new BigInteger("0a1b2c", 16),
        NOW, NOW.plusSeconds(60), List.of(), List.of(), Set.of(), Set.of(), List.of("1.2.3.4"), false, "RSA 2048",
        "SHA256withRSA");

    assertThat(info.serialHex()).isEqualTo("0a:1b:2c");
    assertThat(info.permits(ExtendedKeyUsage.CLIENT_AUTH)).as("only an unknown usage is listed").isFalse();
    assertThat(info.validityAt(Instant.parse("2025-03-01T12:01:00Z"))).isEqualTo(CertificateInfo.ValidityStatus.VALID);
    assertThat(info.validityAt(Instant.parse("2025-03-01T12:01:01Z"))).isEqualTo(CertificateInfo.ValidityStatus.EXPIRED);
  }

  @Test
  void anyExtendedKeyUsagePermitsClientAuth() {
    IssuedCertificate any = EC_CA.issue(CertificateSpec.clientCertificate("jane")
        .withExtendedKeyUsages(ExtendedKeyUsage.ANY), KeyAlgorithm.ECDSA_P256);

    assertThat(any.info().extendedKeyUsages()).containsExactly(ExtendedKeyUsage.ANY);
    assertThat(any.info().permits(ExtendedKeyUsage.CLIENT_AUTH)).isTrue();
  }
}
