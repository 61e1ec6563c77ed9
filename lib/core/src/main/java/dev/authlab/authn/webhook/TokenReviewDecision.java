package dev.authlab.authn.webhook;

import dev.authlab.authn.UserInfo;
import java.util.List;
import java.util.Objects;

/**
 * What a webhook answers, and how it lands in the TokenReview status the API server reads:
 * {@link Authenticate} sets authenticated, the user and (when given) the audiences; {@link Reject}
 * sets status.error, which the API server reports as the authentication error; {@link NoOpinion}
 * leaves authenticated false with no error, so the API server tries its other authenticators.
 */
public sealed interface TokenReviewDecision
    permits TokenReviewDecision.Authenticate, TokenReviewDecision.Reject, TokenReviewDecision.NoOpinion {

  /**
   * The token belongs to {@code user}. {@code audiences} are the audiences the token is good for;
   * empty means "whatever the API server's own audiences are".
   */
  record Authenticate(UserInfo user, List<String> audiences) implements TokenReviewDecision {
    public Authenticate {
      Objects.requireNonNull(user, "user");
      audiences = List.copyOf(audiences);
    }
  }

  /** The token is known and bad; {@code error} is what the API server will report. */
  record Reject(String error) implements TokenReviewDecision {
    public Reject {
      Objects.requireNonNull(error, "error");
    }
  }

  /** Not a token this webhook knows. */
  record NoOpinion() implements TokenReviewDecision {}

  static TokenReviewDecision authenticate(UserInfo user) {
    return new Authenticate(user, List.of());
  }

  static TokenReviewDecision authenticate(UserInfo user, List<String> audiences) {
    return new Authenticate(user, audiences);
  }

  static TokenReviewDecision reject(String error) {
    return new Reject(error);
  }

  static TokenReviewDecision noOpinion() {
    return new NoOpinion();
  }
}
