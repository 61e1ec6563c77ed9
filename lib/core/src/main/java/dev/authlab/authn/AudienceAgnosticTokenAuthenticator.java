package dev.authlab.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a token authenticator that knows nothing of audiences (the token file, bootstrap tokens):
 * its tokens are good for the API server's own audiences only. When a request expects audiences,
 * the token is considered only if they share one with the API server's, and the result says which.
 */
public final class AudienceAgnosticTokenAuthenticator implements TokenAuthenticator {

  private final List<String> implicitAudiences;
  private final TokenAuthenticator delegate;

  public AudienceAgnosticTokenAuthenticator(List<String> apiAudiences, TokenAuthenticator delegate) {
    this.implicitAudiences = List.copyOf(apiAudiences);
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    if (audiences.isEmpty()) {
      return delegate.authenticateToken(token, audiences);
    }
    // Upstream's Intersect: the expected audiences, in their order, that the API server also has.
    List<String> shared = new ArrayList<>();
    for (String audience : audiences) {
      if (implicitAudiences.contains(audience)) {
        shared.add(audience);
      }
    }
    if (shared.isEmpty()) {
      return AuthnResult.noOpinion(
          name(), "its tokens are only good for the API server's audiences " + implicitAudiences + ", and " + audiences + " was asked for");
    }
    AuthnResult result = delegate.authenticateToken(token, audiences);
    if (result instanceof AuthnResult.Failed failed) {
      return failed;
    }
    if (!(result instanceof AuthnResult.Authenticated authenticated)) {
      return new AuthnResult.NoOpinion(((AuthnResult.NoOpinion) result).reason(), result.trace());
    }
    if (!authenticated.audiences().isEmpty()) {
      String error = "audience agnostic authenticator wrapped an authenticator that returned audiences: " + authenticated.audiences();
      return new AuthnResult.Failed(error, result.trace().then(name(), Trace.Verdict.FAILED, error));
    }
    return authenticated.withAudiences(shared);
  }
}
