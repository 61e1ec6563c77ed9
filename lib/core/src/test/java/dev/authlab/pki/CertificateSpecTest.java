package dev.authlab.pki;

import static dev.authlab.pki.Fixtures.CLOCK;
import static dev.authlab.pki.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateSpecTest {

  @Test
  void clientCertificateDefaults() {
    CertificateSpec spec = CertificateSpec.clientCertificate("jane", "dev", "ops");

    assertThat(spec.commonName()).isEqualTo("jane");
    assertThat(spec.organizations()).containsExactly("dev", "ops");
    assertThat(spec.dnsNames()).isEmpty();
    assertThat(spec.keyUsages()).containsExactly(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
    assertThat(spec.extendedKeyUsages()).containsExactly(ExtendedKeyUsage.CLIENT_AUTH);
    assertThat(spec.validity()).isEqualTo(Validity.lasting(CertificateSpec.DEFAULT_LIFETIME));
  }

  @Test
  void servingCertificateSortsIpsFromDnsNames() {
    CertificateSpec spec = CertificateSpec.servingCertificate("kube-apiserver",
        "kubernetes", "10.96.0.1", "kubernetes.default.svc.cluster.local", "fd00::1");

    assertThat(spec.dnsNames()).containsExactly("kubernetes", "kubernetes.default.svc.cluster.local");
    assertThat(spec.ipAddresses()).containsExactly("10.96.0.1", "fd00::1");
    assertThat(spec.extendedKeyUsages()).containsExactly(ExtendedKeyUsage.SERVER_AUTH);
  }

  @Test
  void withersReturnChangedCopies() {
    CertificateSpec base = CertificateSpec.clientCertificate("jane", "dev");

    CertificateSpec changed = base.withCommonName("bob").withOrganizations("ops")
        .withKeyUsages(KeyUsage.DIGITAL_SIGNATURE)
        .withExtendedKeyUsages(ExtendedKeyUsage.CLIENT_AUTH, ExtendedKeyUsage.SERVER_AUTH)
        .withDnsNames("bob.example").withIpAddresses("192.0.2.1")
        .validFor(Duration.ofHours(2));

    assertThat(base).isEqualTo(CertificateSpec.clientCertificate("jane", "dev"));
    assertThat(changed.commonName()).isEqualTo("bob");
    assertThat(changed.organizations()).containsExactly("ops");
    assertThat(changed.keyUsages()).containsExactly(KeyUsage.DIGITAL_SIGNATURE);
    assertThat(changed.extendedKeyUsages()).containsExactly(ExtendedKeyUsage.CLIENT_AUTH, ExtendedKeyUsage.SERVER_AUTH);
    assertThat(changed.validity()).isEqualTo(Validity.lasting(Duration.ofHours(2)));
    assertThat(changed.dnsNames()).containsExactly("bob.example");
  }

  @Test
  void rejectsBadValues() {
    CertificateSpec spec = CertificateSpec.clientCertificate("jane");

    assertThatThrownBy(() -> spec.withIpAddresses("10.0.0.300"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not an IPv4 or IPv6 address: \"10.0.0.300\"");
    assertThatThrownBy(() -> spec.withOrganizations("dev", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("organization must not be blank");
    assertThatThrownBy(() -> spec.withDnsNames("a b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("DNS name contains whitespace: \"a b\"");
    assertThatThrownBy(() -> spec.validFor(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> spec.validBetween(NOW, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after notBefore");
  }

  @Test
  void lifetimeIsBackdatedFromTheClock() {
    Validity.Window window = Validity.lasting(Duration.ofDays(1)).at(CLOCK);

    assertThat(window.notBefore()).isEqualTo(NOW.minus(Validity.BACKDATE));
    assertThat(window.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    assertThat(window.contains(NOW.minus(Duration.ofMinutes(4)))).isTrue();
    assertThat(window.contains(NOW.minus(Duration.ofMinutes(6)))).isFalse();
  }

  @Test
  void fixedWindowIgnoresTheClockAndKeepsWholeSeconds() {
    Validity fixed = Validity.between(Instant.parse("2030-01-01T00:00:00.750Z"), Instant.parse("2031-01-01T00:00:00Z"));

    assertThat(fixed.at(CLOCK).notBefore()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(fixed.at(CLOCK)).isEqualTo(fixed);
  }
}
