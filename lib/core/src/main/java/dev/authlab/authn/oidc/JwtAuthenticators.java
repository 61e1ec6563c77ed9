package dev.authlab.authn.oidc;

import dev.authlab.authn.AudienceAgnosticTokenAuthenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.TokenAuthenticatorUnion;
import dev.authlab.authn.Trace;
import java.util.List;

/**
 * All JWT authenticators of one AuthenticationConfiguration as kube-apiserver combines them: a union
 * that stops at the first error (a token for a known issuer that fails is not offered to the next
 * issuer), wrapped to be audience agnostic for the API server's audiences.
 */
public final class JwtAuthenticators implements TokenAuthenticator {

  private final TokenAuthenticatorUnion union;

  private JwtAuthenticators(List<? extends TokenAuthenticator> authenticators) {
    this.union = TokenAuthenticatorUnion.failOnError(List.copyOf(authenticators));
  }

  /** The fail-on-error union of {@code authenticators}, audience agnostic for {@code apiAudiences}. */
  public static TokenAuthenticator of(List<? extends TokenAuthenticator> authenticators, List<String> apiAudiences) {
    return new AudienceAgnosticTokenAuthenticator(apiAudiences, new JwtAuthenticators(authenticators));
  }

  public List<TokenAuthenticator> authenticators() {
    return union.authenticators();
  }

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    AuthnResult result = union.authenticateToken(token, audiences);
    if (result instanceof AuthnResult.NoOpinion noOpinion) {
      // say why in JWT terms: no issuer matched, or there are no JWT authenticators at all
      String why = authenticators().isEmpty() ? "no JWT authenticators are configured" : "no JWT authenticator's issuer matches the token";
      return new AuthnResult.NoOpinion(why, noOpinion.trace().then(name(), Trace.Verdict.NO_OPINION, why));
    }
    return result;
  }
}
