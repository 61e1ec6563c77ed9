package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.HttpResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ControlPlane#send}: the API server's own status codes, 401 and 403 included. */
@Tag("cluster")
@WithControlPlane(settings = "settings", sharing = WithControlPlane.Sharing.PER_CLASS)
class RawRequestTest {

  static AuthnSettings settings() {
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(new StaticToken("raw-test-token-bob", "bob", "2002", List.of()),
            new StaticToken("raw-test-token-root", "root", "1", List.of("system:masters"))))
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @Test
  void aTokenTheServerDoesNotKnowIs401NotAnonymous(ControlPlane cp) {
    HttpResult result = cp.send(new Credential.Token("nobody-has-this"), "GET", "/api/v1/namespaces/default/pods");
    assertThat(result.status()).isEqualTo(401);
  }

  @Test
  void aKnownUserWithoutAGrantIs403(ControlPlane cp) {
    HttpResult result = cp.send(new Credential.Token("raw-test-token-bob"), "GET", "/api/v1/namespaces/default/pods");
    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("\"reason\":\"Forbidden\"").contains("User \\\"bob\\\" cannot list resource");
  }

  @Test
  void anonymousMayReadHealthzButNotDeletePods(ControlPlane cp) {
    assertThat(cp.send(new Credential.Anonymous(), "GET", "/healthz")).isEqualTo(new HttpResult(200, "ok"));
    assertThat(cp.send(new Credential.Anonymous(), "DELETE", "/api/v1/namespaces/default/pods/web").status()).isEqualTo(403);
  }

  @Test
  void aMemberOfSystemMastersGets200(ControlPlane cp) {
    HttpResult result = cp.send(new Credential.Token("raw-test-token-root"), "GET", "/api/v1/namespaces/default/pods");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).contains("\"kind\":\"PodList\"");
  }
}
