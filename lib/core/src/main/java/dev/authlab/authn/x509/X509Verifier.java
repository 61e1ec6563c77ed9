package dev.authlab.authn.x509;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Trace;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * Upstream's x509.Verifier: checks the client certificate, and only then asks the wrapped
 * authenticator, which may then trust the request (the authenticating proxy's headers). No
 * certificate, or an empty CA bundle: no opinion, and the wrapped authenticator is never asked.
 * A certificate that does not verify, or whose common name is not in a non-empty allowed list, is an
 * error carrying Go's x509 text as is (unlike {@link X509Authenticator}, no "verifying certificate"
 * prefix).
 */
public final class X509Verifier implements Authenticator {

  private final String name;
  private final ChainVerifier verifier;
  private final List<String> allowedCommonNames;
  private final Clock clock;
  private final Authenticator delegate;

  private X509Verifier(String name, VerifyOptions options, List<String> allowedCommonNames, Clock clock, Authenticator delegate) {
    this.name = name;
    this.verifier = ChainVerifier.of(options);
    this.allowedCommonNames = List.copyOf(allowedCommonNames);
    this.clock = clock;
    this.delegate = delegate;
  }

  /**
   * Verifies with {@code options}, then checks the leaf's common name against {@code allowedCommonNames}
   * (empty: any verified certificate), then delegates. {@code name} names this step in traces.
   */
  public static X509Verifier of(String name, VerifyOptions options, List<String> allowedCommonNames, Clock clock, Authenticator delegate) {
    return new X509Verifier(name, options, allowedCommonNames, clock, delegate);
  }

  @Override
  public String name() {
    return name;
  }

  public List<String> allowedCommonNames() {
    return allowedCommonNames;
  }

  public VerifyOptions options() {
    return verifier.options();
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    List<X509Certificate> presented = request.clientCertificates();
    if (presented.isEmpty()) {
      return AuthnResult.noOpinion(name, "no client certificate was presented, so the request's identity headers are not trusted");
    }
    if (verifier.options().roots().isEmpty()) {
      return AuthnResult.noOpinion(name, "the CA bundle is empty, so no certificate can be verified");
    }
    ChainVerifier.Verification verification = verifier.verify(presented, clock.instant());
    if (verification instanceof ChainVerifier.Rejected rejected) {
      return AuthnResult.failed(name, rejected.error());
    }
    CertificateFacts leaf = CertificateFacts.of(presented.get(0));
    if (!allowedCommonNames.isEmpty() && !allowedCommonNames.contains(leaf.commonName)) {
      return AuthnResult.failed(name, "x509: subject with cn=" + leaf.commonName + " is not in the allowed list");
    }
    Trace verified = Trace.of(
        name,
        Trace.Verdict.NOTE,
        "certificate " + X509Authenticator.describe(leaf) + " verified"
            + (allowedCommonNames.isEmpty() ? " (any common name allowed)" : " and its common name is allowed")
            + ": " + X509Authenticator.describeChains(((ChainVerifier.Verified) verification).chains()));
    AuthnResult result = delegate.authenticate(request);
    Trace trace = verified.then(result.trace());
    if (result instanceof AuthnResult.Authenticated authenticated) {
      return authenticated.withTrace(trace);
    }
    if (result instanceof AuthnResult.Failed failed) {
      return new AuthnResult.Failed(failed.reason(), trace);
    }
    return new AuthnResult.NoOpinion(((AuthnResult.NoOpinion) result).reason(), trace);
  }
}
