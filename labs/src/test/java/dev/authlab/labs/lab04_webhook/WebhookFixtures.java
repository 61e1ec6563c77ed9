package dev.authlab.labs.lab04_webhook;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import java.util.List;
import java.util.Map;

/** The tokens lab 04's checks use: one active, one revoked, one nobody issued. */
final class WebhookFixtures {

  static final String GOOD_TOKEN = "lab04-good-token-3f9a1c";
  static final String REVOKED_TOKEN = "lab04-revoked-token-77c1e2";
  static final String UNKNOWN_TOKEN = "lab04-token-nobody-issued";
  static final String REVOCATION_REASON = "token revoked: laptop reported stolen";
  static final UserInfo JANE = new UserInfo("jane@example.com", "u-4711", List.of("payments-devs", "oncall"),
      Map.of("example.com/cost-centre", List.of("cc-42")));

  private WebhookFixtures() {}

  static TokenDirectory directory() {
    return new TokenDirectory(Map.of(GOOD_TOKEN, JANE), Map.of(REVOKED_TOKEN, REVOCATION_REASON));
  }

  /** What the API server sends: a TokenReview carrying only the token. */
  static TokenReview request(String apiVersion, String token) {
    return new TokenReviewBuilder().withApiVersion(apiVersion).withKind("TokenReview").withNewSpec().withToken(token).endSpec().build();
  }
}
