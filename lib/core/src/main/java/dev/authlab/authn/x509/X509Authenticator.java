package dev.authlab.authn.x509;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Trace;
import dev.authlab.gofmt.GoErrors;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * kube-apiserver's {@code --client-ca-file} authenticator (upstream x509.Authenticator):
 *
 * <ol>
 *   <li>no client certificate: no opinion; an empty CA bundle: no opinion either;
 *   <li>the certificate is verified with {@link ChainVerifier} against the bundle, the rest of the
 *       presented chain serving as intermediates, at the injected clock's time; a failure is an error
 *       {@code verifying certificate SN=.., SKID=.., AKID=.. failed: <Go's x509 error>};
 *   <li>each verified chain goes to the user conversion in turn: the first user wins; conversion
 *       errors are reported together; no user and no error: no opinion.
 * </ol>
 */
public final class X509Authenticator implements Authenticator {

  private final ChainVerifier verifier;
  private final UserConversion conversion;
  private final Clock clock;

  private X509Authenticator(VerifyOptions options, UserConversion conversion, Clock clock) {
    this.verifier = ChainVerifier.of(options);
    this.conversion = conversion;
    this.clock = clock;
  }

  /** {@code --client-ca-file}: these CAs, client-auth usage required, CN/O conversion. */
  public static X509Authenticator clientCertificates(List<X509Certificate> caBundle, Clock clock) {
    return new X509Authenticator(VerifyOptions.clientAuth(caBundle), CommonNameUserConversion.standard(), clock);
  }

  /** Any verify options and conversion, as upstream's {@code x509.New}. */
  public static X509Authenticator of(VerifyOptions options, UserConversion conversion, Clock clock) {
    return new X509Authenticator(options, conversion, clock);
  }

  @Override
  public String name() {
    return "x509";
  }

  public VerifyOptions options() {
    return verifier.options();
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    List<X509Certificate> presented = request.clientCertificates();
    if (presented.isEmpty()) {
      return AuthnResult.noOpinion(name(), "no client certificate was presented");
    }
    if (verifier.options().roots().isEmpty()) {
      return AuthnResult.noOpinion(name(), "the client CA bundle is empty, so no certificate can be verified");
    }
    CertificateFacts leaf;
    try {
      leaf = CertificateFacts.of(presented.get(0));
    } catch (IllegalArgumentException e) {
      return AuthnResult.failed(name(), ChainVerifier.PARSE_FAILURE + e.getMessage());
    }
    ChainVerifier.Verification verification = verifier.verify(presented, clock.instant());
    if (verification instanceof ChainVerifier.Rejected rejected) {
      return AuthnResult.failed(name(), "verifying certificate " + CertificateIdentifier.of(leaf) + " failed: " + rejected.error());
    }
    List<List<X509Certificate>> chains = ((ChainVerifier.Verified) verification).chains();
    Trace trace = Trace.of(name(), Trace.Verdict.NOTE, "certificate " + describe(leaf) + " verified: " + describeChains(chains));
    List<String> errors = new ArrayList<>();
    String skipped = "";
    for (List<X509Certificate> chain : chains) {
      UserConversion.Conversion converted = conversion.convert(chain);
      if (converted instanceof UserConversion.Converted user) {
        return new AuthnResult.Authenticated(
            user.user(), List.of(), trace.then(name(), Trace.Verdict.AUTHENTICATED, "user " + user.user().name() + " from the certificate's subject"));
      }
      if (converted instanceof UserConversion.Failed failed) {
        errors.add(failed.error());
      } else {
        skipped = ((UserConversion.Skipped) converted).reason();
      }
    }
    if (errors.isEmpty()) {
      return new AuthnResult.NoOpinion(skipped, trace.then(name(), Trace.Verdict.NO_OPINION, skipped));
    }
    String error = GoErrors.aggregate(errors);
    return new AuthnResult.Failed(error, trace.then(name(), Trace.Verdict.FAILED, error));
  }

  static String describe(CertificateFacts cert) {
    return "CN=" + cert.commonName + " (" + CertificateIdentifier.of(cert) + ")";
  }

  static String describeChains(List<List<X509Certificate>> chains) {
    return chains.stream()
        .map(chain -> chain.stream().map(c -> "CN=" + CertificateFacts.of(c).commonName).collect(Collectors.joining(" <- ")))
        .collect(Collectors.joining("; "));
  }

  @Override
  public String toString() {
    return "X509Authenticator[roots=" + verifier.options().roots().size() + ", keyUsages=" + verifier.options().keyUsages() + ", conversion=" + conversion + "]";
  }
}
