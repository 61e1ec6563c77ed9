package dev.authlab.authn;

import java.util.List;

/**
 * Authenticates a bearer token. {@code audiences} are the audiences the API server expects (empty:
 * none set); audience-aware authenticators (service accounts, OIDC, webhook) check them and say in
 * the result which audiences the token is good for.
 */
@FunctionalInterface
public interface TokenAuthenticator {

  AuthnResult authenticateToken(String token, List<String> audiences);

  default String name() {
    return getClass().getSimpleName();
  }
}
