package dev.authlab.authn.x509;

import static dev.authlab.authn.x509.TestPki.certificate;
import static dev.authlab.authn.x509.TestPki.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Upstream TestCertificateIdentifier (the nil-serial case cannot be built in Java). */
class CertificateIdentifierTest {

  @Test
  void clientCert() {
    assertThat(CertificateIdentifier.of(upstream("client-cn")))
        .isEqualTo("SN=1, SKID=64:84:5E:B7:37:A2:82:F9:62:1A:01:00:FE:1B:B4:4B:F4:18:92:F6, AKID=48:70:75:D4:ED:6B:49:3B:53:DB:E9:A6:F9:9C:55:92:51:BD:96:E6");
  }

  @Test
  void emptySkid() {
    TestPki.Issued ca = TestPki.ca("ca");
    TestPki.Issued leaf = certificate("x").serial(1).noSubjectKeyId().signedBy(ca).build();
    assertThat(CertificateIdentifier.of(leaf.certificate())).isEqualTo("SN=1, SKID=, AKID=" + GoText.colonHex(CertificateFacts.of(ca.certificate()).subjectKeyId));
  }

  @Test
  void emptyAkid() {
    TestPki.Issued ca = TestPki.ca("ca");
    TestPki.Issued leaf = certificate("x").serial(1).noAuthorityKeyId().signedBy(ca).build();
    assertThat(CertificateIdentifier.of(leaf.certificate())).isEqualTo("SN=1, SKID=" + GoText.colonHex(CertificateFacts.of(leaf.certificate()).subjectKeyId) + ", AKID=");
  }

  @Test
  void selfSigned() {
    assertThat(CertificateIdentifier.of(upstream("self-signed")))
        .isEqualTo("SN=654708847004117259890317394342561449606220871090, SKID=56:A5:55:02:8C:97:FD:1E:A0:B8:DE:EF:5E:95:F0:AC:A6:23:6F:16, AKID=56:A5:55:02:8C:97:FD:1E:A0:B8:DE:EF:5E:95:F0:AC:A6:23:6F:16");
  }

  @Test
  void aNegativeSerialPrintsWithItsSign() {
    TestPki.Issued ca = TestPki.ca("ca");
    TestPki.Issued leaf = certificate("x").serial(-5).noSubjectKeyId().noAuthorityKeyId().signedBy(ca).build();
    assertThat(CertificateIdentifier.of(leaf.certificate())).isEqualTo("SN=-5, SKID=, AKID=");
  }
}
