package dev.authlab.labs.lab04_webhook;

import static dev.authlab.labs.lab04_webhook.WebhookFixtures.GOOD_TOKEN;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.JANE;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.REVOCATION_REASON;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.REVOKED_TOKEN;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.UNKNOWN_TOKEN;
import static dev.authlab.labs.lab04_webhook.WebhookFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.webhook.Backoff;
import dev.authlab.authn.webhook.WebhookTokenAuthenticator;
import dev.authlab.authn.webhook.WebhookVersion;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab04LibraryTest {

  private final TokenReviewWebhook webhook = new TokenReviewWebhook(WebhookFixtures.directory());

  @Test
  @DisplayName("authenticates a known token as its user (name, uid, groups, extra)")
  void knownTokenIsItsUser() {
    TokenReview answer = webhook.review(request("authentication.k8s.io/v1", GOOD_TOKEN));
    assertThat(answer.getKind()).as("the answer's kind").isEqualTo("TokenReview");
    assertThat(answer.getApiVersion()).as("the answer's apiVersion (the request's)").isEqualTo("authentication.k8s.io/v1");
    TokenReviewStatus status = answer.getStatus();
    assertThat(status).as("the answer's status").isNotNull();
    assertThat(status.getAuthenticated()).as("status.authenticated for a known token").isTrue();
    assertThat(status.getUser()).as("status.user for a known token").isNotNull();
    assertThat(status.getUser().getUsername()).as("status.user.username").isEqualTo(JANE.name());
    assertThat(status.getUser().getUid()).as("status.user.uid").isEqualTo(JANE.uid());
    assertThat(status.getUser().getGroups()).as("status.user.groups").containsExactlyElementsOf(JANE.groups());
    assertThat(status.getUser().getExtra()).as("status.user.extra").isEqualTo(JANE.extra());
    assertThat(status.getError()).as("status.error for a known token").isNullOrEmpty();

    WebhookFixtures.Another another = WebhookFixtures.anotherDirectory();
    TokenReviewStatus other = new TokenReviewWebhook(another.directory())
        .review(request("authentication.k8s.io/v1", another.goodToken())).getStatus();
    assertThat(other.getAuthenticated())
        .as("status.authenticated for the known token of another directory (look the token up in the directory you were given)").isTrue();
    assertThat(toUser(other.getUser())).as("status.user for the known token of another directory").isEqualTo(another.user());
  }

  @Test
  @DisplayName("rejects a revoked token with the revocation reason as status.error")
  void revokedTokenIsAnError() {
    assertThat(webhook.review(request("authentication.k8s.io/v1", GOOD_TOKEN)).getStatus().getAuthenticated())
        .as("the known token still authenticates").isTrue();
    TokenReviewStatus status = webhook.review(request("authentication.k8s.io/v1", REVOKED_TOKEN)).getStatus();
    assertThat(status.getAuthenticated()).as("status.authenticated for a revoked token").isNotEqualTo(Boolean.TRUE);
    assertThat(status.getError()).as("status.error for a revoked token (the directory's reason)").isEqualTo(REVOCATION_REASON);

    WebhookFixtures.Another another = WebhookFixtures.anotherDirectory();
    TokenReviewStatus other = new TokenReviewWebhook(another.directory())
        .review(request("authentication.k8s.io/v1", another.revokedToken())).getStatus();
    assertThat(other.getAuthenticated()).as("status.authenticated for the revoked token of another directory").isNotEqualTo(Boolean.TRUE);
    assertThat(other.getError()).as("status.error for the revoked token of another directory (its own reason)").isEqualTo(another.reason());
  }

  @Test
  @DisplayName("has no opinion on a token it never issued: not authenticated, and no error")
  void unknownTokenIsNoOpinion() {
    assertThat(webhook.review(request("authentication.k8s.io/v1", GOOD_TOKEN)).getStatus().getAuthenticated())
        .as("the known token still authenticates").isTrue();
    TokenReviewStatus status = webhook.review(request("authentication.k8s.io/v1", UNKNOWN_TOKEN)).getStatus();
    assertThat(status).as("the answer's status").isNotNull();
    assertThat(status.getAuthenticated()).as("status.authenticated for a token nobody issued").isNotEqualTo(Boolean.TRUE);
    assertThat(status.getError()).as("status.error for a token nobody issued (an error would stop the other authenticators)")
        .isNullOrEmpty();
    for (String nearMiss : WebhookFixtures.nearMisses()) {
      TokenReviewStatus near = webhook.review(request("authentication.k8s.io/v1", nearMiss)).getStatus();
      assertThat(near).as("the answer's status for the token \"%s\"", nearMiss).isNotNull();
      assertThat(near.getAuthenticated()).as("status.authenticated for the token \"%s\", which is not exactly one of the directory's", nearMiss)
          .isNotEqualTo(Boolean.TRUE);
      assertThat(near.getError()).as("status.error for the token \"%s\", which is not exactly one of the directory's", nearMiss)
          .isNullOrEmpty();
    }
    TokenReviewStatus elsewhere = new TokenReviewWebhook(WebhookFixtures.anotherDirectory().directory())
        .review(request("authentication.k8s.io/v1", GOOD_TOKEN)).getStatus();
    assertThat(elsewhere.getAuthenticated()).as("status.authenticated for Jane's token shown to a webhook whose directory does not have it")
        .isNotEqualTo(Boolean.TRUE);
    assertThat(elsewhere.getError()).as("status.error for Jane's token shown to a webhook whose directory does not have it").isNullOrEmpty();
  }

  /** The kit's user from a status.user, for comparing every field at once. */
  private static UserInfo toUser(io.fabric8.kubernetes.api.model.authentication.UserInfo user) {
    assertThat(user).as("status.user").isNotNull();
    return new UserInfo(Objects.toString(user.getUsername(), ""), user.getUid(),
        user.getGroups() == null ? List.of() : user.getGroups(), user.getExtra() == null ? Map.of() : user.getExtra());
  }

  @Test
  @DisplayName("answers a v1beta1 TokenReview in v1beta1")
  void answersInTheRequestsVersion() {
    TokenReview answer = webhook.review(request("authentication.k8s.io/v1beta1", GOOD_TOKEN));
    assertThat(answer.getApiVersion()).as("the answer's apiVersion for a v1beta1 request").isEqualTo("authentication.k8s.io/v1beta1");
    assertThat(answer.getKind()).as("the answer's kind").isEqualTo("TokenReview");
    assertThat(answer.getStatus().getAuthenticated()).as("status.authenticated for a known token").isTrue();
  }

  @Test
  @DisplayName("served over HTTPS, gives the library's webhook authenticator the user, the rejection and the no-opinion")
  void libraryWebhookAuthenticatorAgrees() {
    try (WebhookServer server = WebhookServer.start(webhook)) {
      for (WebhookVersion version : WebhookVersion.values()) {
        WebhookTokenAuthenticator client = WebhookTokenAuthenticator.builder(server.webhookConfig().withVersion(version))
            .retryBackoff(Backoff.immediate(1))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
        AuthnResult good = client.authenticateToken(GOOD_TOKEN, List.of());
        assertThat(good).as("%s: the library's verdict on the known token: %s", version.apiVersion(), good.trace().lines())
            .isInstanceOf(AuthnResult.Authenticated.class);
        assertThat(((AuthnResult.Authenticated) good).user()).as("%s: the user the library read from your answer", version.apiVersion())
            .isEqualTo(JANE);
        AuthnResult revoked = client.authenticateToken(REVOKED_TOKEN, List.of());
        assertThat(revoked).as("%s: the library's verdict on the revoked token: %s", version.apiVersion(), revoked.trace().lines())
            .isInstanceOf(AuthnResult.Failed.class);
        assertThat(((AuthnResult.Failed) revoked).reason()).as("%s: the error the library read", version.apiVersion()).isEqualTo(REVOCATION_REASON);
        AuthnResult unknown = client.authenticateToken(UNKNOWN_TOKEN, List.of());
        assertThat(unknown).as("%s: the library's verdict on a token nobody issued: %s", version.apiVersion(), unknown.trace().lines())
            .isInstanceOf(AuthnResult.NoOpinion.class);
      }
    }
  }
}
