package dev.authlab.labs.lab04_webhook;

import static dev.authlab.labs.lab04_webhook.WebhookFixtures.GOOD_TOKEN;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.JANE;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.REVOCATION_REASON;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.REVOKED_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A kube-apiserver started with --authentication-token-webhook-config-file pointing at your webhook. */
@Tag("cluster")
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab04ClusterTest {

  static WebhookServer server;

  static synchronized AuthnSettings authn() {
    server = WebhookServer.start(new TokenReviewWebhook(WebhookFixtures.directory()));
    return AuthnSettings.builder().webhook(server.webhookConfig()).build();
  }

  @AfterAll
  static void stopWebhook() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("the API server asks your webhook and authenticates the known token as its user")
  void apiServerAuthenticatesTheKnownToken(ControlPlane cp) {
    yourWebhookAuthenticatesTheKnownToken();
    WhoamiResult result = cp.whoami(new Credential.Token(GOOD_TOKEN));
    assertThat(result).as("kubectl auth whoami with the known token").isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) result).user();
    assertThat(user.name()).as("the user name the API server got from your webhook").isEqualTo(JANE.name());
    assertThat(user.uid()).as("the uid").isEqualTo(JANE.uid());
    assertThat(user.groups()).as("the groups (the API server adds system:authenticated)")
        .containsExactly("payments-devs", "oncall", UserInfo.ALL_AUTHENTICATED);
    assertThat(user.extra()).as("the extra attributes").isEqualTo(JANE.extra());
  }

  @Test
  @DisplayName("the API server rejects the revoked token, reporting your webhook's reason")
  void apiServerRejectsTheRevokedToken(ControlPlane cp) {
    yourWebhookAuthenticatesTheKnownToken();
    assertThat(cp.whoami(new Credential.Token(GOOD_TOKEN))).as("kubectl auth whoami with the known token")
        .isInstanceOf(WhoamiResult.Authenticated.class);
    assertThat(cp.whoami(new Credential.Token(REVOKED_TOKEN))).as("kubectl auth whoami with the revoked token")
        .isInstanceOf(WhoamiResult.Unauthorized.class);
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(REVOKED_TOKEN).endSpec().build();
    TokenReview answered = cp.adminClient().authentication().v1().tokenReviews().create(review);
    assertThat(answered.getStatus().getAuthenticated()).as("the API server's TokenReview of the revoked token: authenticated")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(answered.getStatus().getError()).as("the API server's TokenReview of the revoked token: error")
        .contains(REVOCATION_REASON);
  }

  /** Your webhook's own answer, asked directly before the API server is (so an unfinished webhook fails at once). */
  private static void yourWebhookAuthenticatesTheKnownToken() {
    TokenReview answer = new TokenReviewWebhook(WebhookFixtures.directory())
        .review(WebhookFixtures.request("authentication.k8s.io/v1", GOOD_TOKEN));
    assertThat(answer.getStatus()).as("your webhook's own answer for the known token: status").isNotNull();
    assertThat(answer.getStatus().getAuthenticated()).as("your webhook's own answer for the known token: authenticated").isTrue();
  }
}
