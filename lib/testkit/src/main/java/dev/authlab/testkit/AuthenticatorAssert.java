package dev.authlab.testkit;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an authenticator (or chain):
 * {@code assertThat(chain).authenticates(request).asUser("jane").withGroups("dev")}, {@code .rejects(request)}.
 */
public class AuthenticatorAssert extends AbstractAssert<AuthenticatorAssert, Authenticator> {

  public AuthenticatorAssert(Authenticator actual) {
    super(actual, AuthenticatorAssert.class);
  }

  /** The request is authenticated; continue with assertions on the user. */
  public UserInfoAssert authenticates(AuthenticationRequest request) {
    isNotNull();
    AuthnResult result = actual.authenticate(request);
    if (!(result instanceof AuthnResult.Authenticated authenticated)) {
      failWithMessage("%s", "Expected " + actual.name() + " to authenticate the request, got " + AuthnResultAssert.describe(result)
          + AuthnResultAssert.traceText(result));
      throw new AssertionError("unreachable");
    }
    return new UserInfoAssert(authenticated.user(), AuthnResultAssert.traceLines(result));
  }

  /** The request is not authenticated (failed, or no authenticator had an opinion). */
  public AuthenticatorAssert rejects(AuthenticationRequest request) {
    isNotNull();
    AuthnResult result = actual.authenticate(request);
    if (result instanceof AuthnResult.Authenticated) {
      failWithMessage("%s", "Expected " + actual.name() + " to reject the request, but it " + AuthnResultAssert.describe(result)
          + AuthnResultAssert.traceText(result));
    }
    return myself;
  }
}
