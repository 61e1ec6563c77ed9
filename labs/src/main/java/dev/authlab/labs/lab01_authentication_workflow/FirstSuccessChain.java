package dev.authlab.labs.lab01_authentication_workflow;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
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
    // TODO(lab 01): ask each authenticator in turn; return the first Authenticated result as it is.
    // TODO(lab 01): remember the reason of every Failed result and keep going.
    // TODO(lab 01): at the end, a Failed with all remembered reasons, or a NoOpinion if there were none
    //   (the records need a Trace: dev.authlab.authn.Trace.empty() will do, or join the steps' traces).
    throw new UnsupportedOperationException("TODO(lab 01): implement the authenticator union in FirstSuccessChain.authenticate");
  }
}
