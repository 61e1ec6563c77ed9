package dev.authlab.authn;

/** Authenticates a whole request (headers, client certificate). One method, an explicit result. */
@FunctionalInterface
public interface Authenticator {

  AuthnResult authenticate(AuthenticationRequest request);

  /** A short name for traces, e.g. "x509" or "token-file". */
  default String name() {
    return getClass().getSimpleName();
  }
}
