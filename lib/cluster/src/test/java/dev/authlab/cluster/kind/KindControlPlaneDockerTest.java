package dev.authlab.cluster.kind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.Credential;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real kind node with the kit's settings. Needs Docker: skipped with the availability reason
 * otherwise (which is always the case on the project's CI machines).
 */
@Tag("kind")
class KindControlPlaneDockerTest {

  static KindControlPlane.Availability availability;
  static CertificateAuthority clientCa;
  static KindControlPlane kind;

  /** One node for the class, started only where Docker is; each test then reports the skip and its reason. */
  @BeforeAll
  static void start() {
    availability = KindControlPlane.availability();
    if (!(availability instanceof KindControlPlane.Availability.Available)) {
      return;
    }
    clientCa = CertificateAuthority.selfSigned("authlab-client-ca", KeyAlgorithm.ECDSA_P256);
    AuthnSettings settings = AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(StaticToken.of("static-token-1", "alice", "admins")))
        .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
        .build();
    kind = KindControlPlane.start(ControlPlaneSpec.of(settings));
  }

  @BeforeEach
  void requireDocker() {
    Assumptions.assumeTrue(kind != null, () -> availability instanceof KindControlPlane.Availability.Unavailable unavailable
        ? unavailable.reason()
        : "the kind control plane did not start");
  }

  @AfterAll
  static void stop() {
    if (kind != null) {
      kind.close();
    }
  }

  @Test
  void runsThePinnedMinorVersion() throws Exception {
    assertThat(kind.kubernetesVersion()).startsWith("1.34.");
    assertThat(Files.readString(kind.adminKubeconfig())).contains(kind.apiServerUrl().toString());
  }

  @Test
  void aStaticTokenFromTheSettingsAuthenticates() {
    assertThat(kind.whoami(new Credential.Token("static-token-1")))
        .isEqualTo(new WhoamiResult.Authenticated(UserInfo.of("alice", "admins", "system:authenticated")));
    assertThat(kind.whoami(new Credential.Token("not-a-token"))).isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  @Test
  void aClientCertificateFromTheSettingsCaAuthenticates() {
    IssuedCertificate jane = clientCa.issue(CertificateSpec.clientCertificate("jane", "dev"));
    WhoamiResult result = kind.whoami(new Credential.ClientCertificate(Pem.encode(jane.certificate()), Pem.encode(jane.privateKey())));
    assertThat(result).isEqualTo(new WhoamiResult.Authenticated(UserInfo.of("jane", "dev", "system:authenticated")));
  }

  @Test
  void kindcontainersBootstrapTokenNoLongerAuthenticates() {
    assertThat(kind.whoami(new Credential.Token("abcdef.0123456789abcdef"))).isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  @Test
  void theAdminAsksSubjectAccessReviews() {
    var review = new SubjectAccessReviewBuilder().withNewSpec().withUser("alice").withGroups("admins")
        .withNewResourceAttributes().withVerb("list").withResource("pods").withNamespace("default").endResourceAttributes()
        .endSpec().build();
    assertThat(kind.review(review).getAllowed()).isFalse();
  }
}
