package dev.authlab.labs.lab04_webhook;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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

  /**
   * Tokens tried against the fixed directory that are almost, but not exactly, one of its tokens: a
   * webhook must compare tokens exactly (no prefixes, trimming or case folding), and an empty token is
   * nobody's.
   */
  static List<String> nearMisses() {
    return List.of(GOOD_TOKEN + "x", GOOD_TOKEN.substring(0, GOOD_TOKEN.length() - 1), "lab04-good-token",
        GOOD_TOKEN.toUpperCase(Locale.ROOT), " " + GOOD_TOKEN + " ", "",
        REVOKED_TOKEN + "x", REVOKED_TOKEN.toUpperCase(Locale.ROOT));
  }

  /** A directory made up on the spot (tokens, person and reason), so an answer must come from the directory it is given. */
  record Another(TokenDirectory directory, String goodToken, UserInfo user, String revokedToken, String reason) {}

  static Another anotherDirectory() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    UserInfo user = new UserInfo("user-" + id + "@example.org", UUID.randomUUID().toString(), List.of("team-" + id, "readers"),
        Map.of("example.org/desk-" + id, List.of("d-" + id, "d-2")));
    String good = "tok-" + UUID.randomUUID();
    String revoked = "tok-" + UUID.randomUUID();
    String reason = "token revoked: " + id + " left the company";
    return new Another(new TokenDirectory(Map.of(good, user), Map.of(revoked, reason)), good, user, revoked, reason);
  }

  /** What the API server sends: a TokenReview carrying only the token. */
  static TokenReview request(String apiVersion, String token) {
    return new TokenReviewBuilder().withApiVersion(apiVersion).withKind("TokenReview").withNewSpec().withToken(token).endSpec().build();
  }
}
