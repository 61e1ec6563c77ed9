package dev.authlab.authn;

import dev.authlab.gofmt.GoStrings;
import java.util.Locale;

/**
 * Reads {@code Authorization: Bearer TOKEN} and hands the token to the token authenticators. No
 * header, another scheme or an empty token: no opinion. A token nobody accepts is an error
 * ("invalid bearer token" unless an authenticator said more), never anonymous.
 */
public final class BearerTokenAuthenticator implements Authenticator {

  public static final String INVALID_TOKEN = "invalid bearer token";

  private final TokenAuthenticator tokens;
  private final String name;

  public BearerTokenAuthenticator(TokenAuthenticator tokens) {
    this(tokens, "bearer-token");
  }

  /** The same, under another name in traces (the API server has two: its loopback token's and everyone else's). */
  public BearerTokenAuthenticator(TokenAuthenticator tokens, String name) {
    this.name = name;
    this.tokens = tokens;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    String header = request.header("Authorization").map(GoStrings::trimSpace).orElse("");
    if (header.isEmpty()) {
      return AuthnResult.noOpinion(name(), "no Authorization header");
    }
    String[] parts = header.split(" ", 3);
    if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
      return AuthnResult.noOpinion(name(), "Authorization header is not a Bearer token");
    }
    String token = parts[1];
    if (token.isEmpty()) {
      return AuthnResult.noOpinion(
          name(),
          parts.length == 3
              ? "the Authorization header has extra space before the bearer token, so it is ignored"
              : "empty bearer token");
    }
    AuthnResult result = tokens.authenticateToken(token, request.audiences());
    Trace trace = Trace.of(name(), Trace.Verdict.NOTE, "bearer token found; asking the token authenticators").then(result.trace());
    if (result instanceof AuthnResult.Authenticated authenticated) {
      return authenticated.withTrace(trace);
    }
    if (result instanceof AuthnResult.Failed failed) {
      return new AuthnResult.Failed(failed.reason(), trace);
    }
    return new AuthnResult.Failed(INVALID_TOKEN, trace.then(name(), Trace.Verdict.FAILED, INVALID_TOKEN));
  }
}
