package dev.authlab.labs.lab01_authentication_workflow;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Lab 01, part 1: the API server's union of authenticators, written by you. It shows the request to
 * each authenticator in order, and:
 *
 * <ul>
 *   <li>the first one that authenticates the request decides: its result is the answer, and the
 *       authenticators after it are not asked;
 *   <li>an authenticator that <em>fails</em> (a credential of its kind, and a bad one) does not end the
 *       search: its error is remembered and the next authenticator still gets its chance;
 *   <li>if nobody authenticates, the answer is a failure that reports every remembered error (in
 *       order), or, when nobody failed either, no opinion: the request carried nothing anyone
 *       recognised (which the API server turns into a 401, or into anonymous when that is enabled).
 * </ul>
 *
 * The checks compare it with the kit's {@code dev.authlab.authn.AuthenticatorChain.of(...)}, so write
 * the loop yourself: a chain that hands the work to the kit's union does not pass them.
 */
public final class FirstSuccessChain implements Authenticator {

  private final List<Authenticator> authenticators;

  public FirstSuccessChain(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public String name() {
    return "first-success-chain";
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
        // an error only matters if nobody after it succeeds
        errors.add(failed.reason());
      }
    }
    if (errors.isEmpty()) {
      return new AuthnResult.NoOpinion("no authenticator recognised the request", trace);
    }
    return new AuthnResult.Failed(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]", trace);
  }
}
