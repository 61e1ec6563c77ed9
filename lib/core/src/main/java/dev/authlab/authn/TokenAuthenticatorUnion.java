package dev.authlab.authn;

import dev.authlab.gofmt.GoErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's token union: the token goes to each token authenticator in order (token file, service
 * accounts, OIDC, webhook …); the first to authenticate wins. With {@link #of}, failures are
 * collected and reported together when nobody accepts the token. With {@link #failOnError}
 * (tokenunion.NewFailOnError), the first failure is the answer and later authenticators are not asked.
 */
public final class TokenAuthenticatorUnion implements TokenAuthenticator {

  private enum OnFailure { COLLECT, STOP }

  private final List<TokenAuthenticator> authenticators;
  private final OnFailure onFailure;

  private TokenAuthenticatorUnion(List<TokenAuthenticator> authenticators, OnFailure onFailure) {
    this.authenticators = List.copyOf(authenticators);
    this.onFailure = onFailure;
  }

  public static TokenAuthenticatorUnion of(TokenAuthenticator... authenticators) {
    return new TokenAuthenticatorUnion(List.of(authenticators), OnFailure.COLLECT);
  }

  public static TokenAuthenticatorUnion of(List<TokenAuthenticator> authenticators) {
    return new TokenAuthenticatorUnion(authenticators, OnFailure.COLLECT);
  }

  public static TokenAuthenticatorUnion failOnError(TokenAuthenticator... authenticators) {
    return new TokenAuthenticatorUnion(List.of(authenticators), OnFailure.STOP);
  }

  public static TokenAuthenticatorUnion failOnError(List<TokenAuthenticator> authenticators) {
    return new TokenAuthenticatorUnion(authenticators, OnFailure.STOP);
  }

  public List<TokenAuthenticator> authenticators() {
    return authenticators;
  }

  @Override
  public String name() {
    return onFailure == OnFailure.STOP ? "token-union-fail-on-error" : "token-union";
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
        if (onFailure == OnFailure.STOP) {
          // upstream returns this error as is, not wrapped in an aggregate
          return new AuthnResult.Failed(failed.reason(), trace);
        }
        errors.add(failed.reason());
      }
    }
    if (errors.isEmpty()) {
      return new AuthnResult.NoOpinion("no token authenticator recognised the token", trace);
    }
    return new AuthnResult.Failed(GoErrors.aggregate(errors), trace);
  }
}
