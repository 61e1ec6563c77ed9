package dev.authlab.authn;

import dev.authlab.gofmt.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Upstream's WrapAudienceAgnosticRequest (k8s.io/apiserver/pkg/authentication/authenticator,
 * audagnostic.go): wraps a request authenticator that knows nothing of audiences (the
 * authenticating proxy) so that its users are good for the API server's own audiences only.
 *
 * <ul>
 *   <li>A request that expects no audiences is passed through untouched.
 *   <li>Otherwise the expected audiences that are also API audiences, in the request's order, are
 *       the result's audiences; if there are none, the request is not this authenticator's.
 *   <li>A wrapped authenticator that returns audiences itself is an error.
 * </ul>
 *
 * The request-level twin of {@link AudienceAgnosticTokenAuthenticator}.
 */
public final class AudienceAgnosticAuthenticator implements Authenticator {

  private final List<String> implicitAudiences;
  private final Authenticator delegate;

  public AudienceAgnosticAuthenticator(List<String> apiAudiences, Authenticator delegate) {
    this.implicitAudiences = List.copyOf(apiAudiences);
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String name() {
    return delegate.name();
  }

  public Authenticator delegate() {
    return delegate;
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    List<String> expected = request.audiences();
    if (expected.isEmpty()) {
      return delegate.authenticate(request);
    }
    // upstream's Audiences.Intersect: the target audiences, in order, that the implicit ones have
    List<String> shared = new ArrayList<>();
    for (String audience : expected) {
      if (implicitAudiences.contains(audience)) {
        shared.add(audience);
      }
    }
    if (shared.isEmpty()) {
      return AuthnResult.noOpinion(
          name(), "its users are only good for the API server's audiences " + implicitAudiences + ", and " + expected + " was asked for");
    }
    AuthnResult result = delegate.authenticate(request);
    if (!(result instanceof AuthnResult.Authenticated authenticated)) {
      return result;
    }
    if (!authenticated.audiences().isEmpty()) {
      String error = "audience agnostic authenticator wrapped an authenticator that returned audiences: "
          + GoStrings.quoteAll(authenticated.audiences());
      return new AuthnResult.Failed(error, result.trace().then("audience-agnostic", Trace.Verdict.FAILED, error));
    }
    return authenticated.withAudiences(shared);
  }
}
