package dev.authlab.testkit;

import dev.authlab.authn.AuthnResult;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an authenticator's {@link AuthnResult}; failures print the trace. */
public class AuthnResultAssert extends AbstractAssert<AuthnResultAssert, AuthnResult> {

  public AuthnResultAssert(AuthnResult actual) {
    super(actual, AuthnResultAssert.class);
  }

  /** Authenticated; continue with assertions on the user. */
  public UserInfoAssert isAuthenticated() {
    isNotNull();
    if (!(actual instanceof AuthnResult.Authenticated authenticated)) {
      failWithMessage("%s", "Expected the request to be authenticated, got " + describe(actual) + traceText(actual));
      throw new AssertionError("unreachable");
    }
    return new UserInfoAssert(authenticated.user(), traceLines(actual));
  }

  /** Not authenticated: failed or no opinion (the API server answers 401 either way). */
  public AuthnResultAssert isNotAuthenticated() {
    isNotNull();
    if (actual instanceof AuthnResult.Authenticated authenticated) {
      failWithMessage("%s", "Expected the request not to be authenticated, but it was, as user " + Subject.quote(authenticated.user().name())
          + " groups=" + Subject.quoteAll(authenticated.user().groups()) + traceText(actual));
    }
    return myself;
  }

  /** A credential the authenticator knows, rejected with an error containing {@code text}. */
  public AuthnResultAssert hasFailedWith(String text) {
    isNotNull();
    if (!(actual instanceof AuthnResult.Failed failed) || !failed.reason().contains(text)) {
      failWithMessage("%s", "Expected a failure containing " + Subject.quote(text) + ", got " + describe(actual) + traceText(actual));
    }
    return myself;
  }

  public AuthnResultAssert hasNoOpinion() {
    isNotNull();
    if (!(actual instanceof AuthnResult.NoOpinion)) {
      failWithMessage("%s", "Expected no opinion, got " + describe(actual) + traceText(actual));
    }
    return myself;
  }

  static String describe(AuthnResult result) {
    if (result instanceof AuthnResult.Authenticated a) {
      return "authenticated as " + Subject.quote(a.user().name()) + " groups=" + Subject.quoteAll(a.user().groups());
    }
    if (result instanceof AuthnResult.Failed f) {
      return "failed: " + f.reason();
    }
    return "no opinion: " + ((AuthnResult.NoOpinion) result).reason();
  }

  static List<String> traceLines(AuthnResult result) {
    return result.trace() == null ? List.of() : result.trace().lines();
  }

  static String traceText(AuthnResult result) {
    List<String> lines = traceLines(result);
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(System.lineSeparator()).append("Trace:");
    for (String line : lines) {
      out.append(System.lineSeparator()).append("  ").append(line);
    }
    return out.toString();
  }
}
