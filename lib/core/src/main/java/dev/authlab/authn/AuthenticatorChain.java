package dev.authlab.authn;

import dev.authlab.gofmt.GoErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's union of request authenticators: try each in order and stop at the first that
 * authenticates. With {@link #of}, a failure is remembered and the next one is tried; if none
 * succeeds, the failures are reported together (or no opinion if there were none). With
 * {@link #failOnError}, the first failure ends the chain: that is how the API server keeps a bad
 * token from falling through to anonymous.
 */
public final class AuthenticatorChain implements Authenticator {

  private final List<Authenticator> authenticators;
  private final boolean stopAtFirstFailure;
  private final String name;

  private AuthenticatorChain(String name, List<Authenticator> authenticators, boolean stopAtFirstFailure) {
    this.name = name;
    this.authenticators = List.copyOf(authenticators);
    this.stopAtFirstFailure = stopAtFirstFailure;
  }

  public static AuthenticatorChain of(Authenticator... authenticators) {
    return new AuthenticatorChain("union", List.of(authenticators), false);
  }

  public static AuthenticatorChain of(List<Authenticator> authenticators) {
    return new AuthenticatorChain("union", authenticators, false);
  }

  public static AuthenticatorChain failOnError(Authenticator... authenticators) {
    return new AuthenticatorChain("union-fail-on-error", List.of(authenticators), true);
  }

  public List<Authenticator> authenticators() {
    return authenticators;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    Trace trace = Trace.empty();
    List<String> errors = new ArrayList<>();
    for (Authenticator authenticator : authenticators) {
      AuthnResult result = authenticator.authenticate(request);
      trace = trace.then(result.trace());
      if (result instanceof AuthnResult.Authenticated authenticated) {
        return authenticated.withTrace(trace);
      }
      if (result instanceof AuthnResult.Failed failed) {
        if (stopAtFirstFailure) {
          boolean moreToTry = authenticators.indexOf(authenticator) < authenticators.size() - 1;
          return new AuthnResult.Failed(
              failed.reason(),
              moreToTry ? trace.then(name, Trace.Verdict.NOTE, "stopped at the failure: the authenticators after it (such as anonymous) are not tried") : trace);
        }
        errors.add(failed.reason());
      }
    }
    if (errors.isEmpty()) {
      return new AuthnResult.NoOpinion("no authenticator recognised the request", trace);
    }
    return new AuthnResult.Failed(GoErrors.aggregate(errors), trace);
  }
}
