package dev.authlab.authn;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What POST /apis/authentication.k8s.io/v1/tokenreviews does: put the token in an Authorization
 * header of an otherwise empty request, run the API server's whole authentication chain on it
 * (with spec.audiences, or the API audiences when none are given), and report authenticated, the
 * user, the audiences and the error.
 */
public final class TokenReviewer {

  private final Authenticator authenticator;
  private final List<String> apiAudiences;

  public TokenReviewer(Authenticator authenticator, List<String> apiAudiences) {
    this.authenticator = authenticator;
    this.apiAudiences = List.copyOf(apiAudiences);
  }

  /** The reviewed TokenReview and the trace behind it, or the API server's error response. */
  public sealed interface Outcome {
    record Reviewed(TokenReview review, AuthnResult result) implements Outcome {}

    /** An HTTP error the API server answers instead of a review: 400 for a missing token, 500 for an audience mismatch. */
    record Rejected(int code, String reason, String message) implements Outcome {}
  }

  public Outcome review(TokenReview review) {
    String token = review.getSpec() == null || review.getSpec().getToken() == null ? "" : review.getSpec().getToken();
    if (token.isEmpty()) {
      return new Outcome.Rejected(400, "BadRequest", "token is required for TokenReview in authentication");
    }
    List<String> requested = review.getSpec().getAudiences() == null ? List.of() : review.getSpec().getAudiences();
    List<String> audiences = requested.isEmpty() ? apiAudiences : requested;
    AuthnResult result = authenticator.authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(audiences));
    TokenReviewStatus status = new TokenReviewStatus();
    status.setAuthenticated(result.isAuthenticated());
    if (result instanceof AuthnResult.Failed failed) {
      status.setError(failed.reason());
    }
    if (result instanceof AuthnResult.Authenticated authenticated) {
      if (!audiences.isEmpty() && authenticated.audiences().stream().noneMatch(audiences::contains)) {
        return new Outcome.Rejected(500, "InternalError", "Internal error occurred: error validating audiences");
      }
      UserInfo user = authenticated.user();
      io.fabric8.kubernetes.api.model.authentication.UserInfo info = new io.fabric8.kubernetes.api.model.authentication.UserInfo();
      info.setUsername(user.name());
      if (!user.uid().isEmpty()) {
        info.setUid(user.uid());
      }
      info.setGroups(new ArrayList<>(user.groups()));
      Map<String, List<String>> extra = new LinkedHashMap<>();
      user.extra().forEach((k, v) -> extra.put(k, new ArrayList<>(v)));
      info.setExtra(extra);
      status.setUser(info);
      status.setAudiences(new ArrayList<>(authenticated.audiences()));
    }
    TokenReview reviewed = new TokenReviewBuilder(review).withStatus(status).build();
    return new Outcome.Reviewed(reviewed, result);
  }
}
