package dev.authlab.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's token union: the token goes to each token authenticator in order (token file, service
 * accounts, OIDC, webhook …); the first to authenticate wins; failures are collected and reported
 * together when nobody accepts the token.
 */
public final class TokenAuthenticatorUnion implements TokenAuthenticator {

  private final List<TokenAuthenticator> authenticators;

  private TokenAuthenticatorUnion(List<TokenAuthenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  public static TokenAuthenticatorUnion of(TokenAuthenticator... authenticators) {
    return new TokenAuthenticatorUnion(List.of(authenticators));
  }

  public static TokenAuthenticatorUnion of(List<TokenAuthenticator> authenticators) {
    return new TokenAuthenticatorUnion(authenticators);
  }

  public List<TokenAuthenticator> authenticators() {
    return authenticators;
  }

  @Override
  public String name() {
    return "token-union";
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    Trace trace = Trace.empty();
    List<String> errors = new ArrayList<>();
    for (TokenAuthenticator authenticator : authenticators) {
      AuthnResult result = authenticator.authenticateToken(token, audiences);
      trace = trace.then(result.trace());
      if (result instanceof AuthnResult.Authenticated authenticated) {
        return authenticated.withTrace(trace);
      }
      if (result instanceof AuthnResult.Failed failed) {
        errors.add(failed.reason());
      }
    }
    if (errors.isEmpty()) {
      return new AuthnResult.NoOpinion("no token authenticator recognised the token", trace);
    }
    return new AuthnResult.Failed(AuthenticatorChain.aggregate(errors), trace);
  }
}
