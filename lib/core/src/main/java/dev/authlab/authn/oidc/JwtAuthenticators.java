package dev.authlab.authn.oidc;

import dev.authlab.authn.AudienceAgnosticTokenAuthenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import java.util.List;

/**
 * All JWT authenticators of one AuthenticationConfiguration as kube-apiserver combines them: a union
 * that stops at the first error (a token for a known issuer that fails is not offered to the next
 * issuer), wrapped to be audience agnostic for the API server's audiences.
 */
public final class JwtAuthenticators implements TokenAuthenticator {

  private final List<TokenAuthenticator> authenticators;

  private JwtAuthenticators(List<? extends TokenAuthenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  /** The fail-on-error union of {@code authenticators}, audience agnostic for {@code apiAudiences}. */
  public static TokenAuthenticator of(List<? extends TokenAuthenticator> authenticators, List<String> apiAudiences) {
    return new AudienceAgnosticTokenAuthenticator(apiAudiences, new JwtAuthenticators(authenticators));
  }

  public List<TokenAuthenticator> authenticators() {
    return authenticators;
  }

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    Trace trace = Trace.empty();
    for (TokenAuthenticator authenticator : authenticators) {
      AuthnResult result = authenticator.authenticateToken(token, audiences);
      trace = trace.then(result.trace());
      if (result instanceof AuthnResult.Authenticated authenticated) {
        return authenticated.withTrace(trace);
      }
      if (result instanceof AuthnResult.Failed failed) {
        return new AuthnResult.Failed(failed.reason(), trace);
      }
    }
    String why = authenticators.isEmpty() ? "no JWT authenticators are configured" : "no JWT authenticator's issuer matches the token";
    return new AuthnResult.NoOpinion(why, trace.then(name(), Trace.Verdict.NO_OPINION, why));
  }
}
