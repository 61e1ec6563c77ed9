package dev.authlab.authn.x509;

import static dev.authlab.authn.x509.TestPki.NOW;
import static dev.authlab.authn.x509.TestPki.clock;
import static dev.authlab.authn.x509.TestPki.clockAt;
import static dev.authlab.authn.x509.TestPki.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Upstream TestX509Verifier: the inner authenticator runs only behind a verified certificate. */
class X509VerifierTest {

  private static final X509Certificate ROOT = upstream("root-ca");
  private static final X509Certificate CLIENT = upstream("client-cn");
  private static final X509Certificate SERVER = upstream("server");
  private static final X509Certificate SELF_SIGNED = upstream("self-signed");

  private final AtomicBoolean innerCalled = new AtomicBoolean();
  private final Authenticator inner = request -> {
    innerCalled.set(true);
    return AuthnResult.authenticated("inner", UserInfo.of("innerauth"), "inner authenticator");
  };

  private AuthnResult verify(VerifyOptions options, List<String> allowed, Clock clock, X509Certificate... chain) {
    X509Verifier verifier = X509Verifier.of("verifier", options, allowed, clock, inner);
    return verifier.authenticate(AuthenticationRequest.get("/").withClientCertificates(List.of(chain)));
  }

  private void assertOk(AuthnResult result) {
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("innerauth");
    assertThat(innerCalled).isTrue();
  }

  private void assertError(AuthnResult result, String error) {
    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo(error);
    assertThat(innerCalled).as("inner authenticator called").isFalse();
  }

  @Test
  void nonTlsAndNoCertificates() {
    AuthnResult result = verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of(), clock());
    assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(innerCalled).isFalse();
  }

  @Test
  void selfSigned() {
    assertError(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of(), clock(), SELF_SIGNED), "x509: certificate signed by unknown authority");
  }

  @Test
  void serverCertDisallowed() {
    assertError(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of(), clock(), SERVER), "x509: certificate specifies an incompatible key usage");
  }

  @Test
  void serverCertAllowingNonClientCertUsages() {
    assertOk(verify(new VerifyOptions(List.of(ROOT), List.of()), List.of(), clock(), SERVER));
  }

  @Test
  void validClientCert() {
    assertOk(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of(), clock(), CLIENT));
  }

  @Test
  void validClientCertWithWrongCn() {
    assertError(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of("foo", "bar"), clock(), CLIENT), "x509: subject with cn=client_cn is not in the allowed list");
  }

  @Test
  void validClientCertWithRightCnWhichIsTheLastCommonName() {
    assertOk(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of("client_cn"), clock(), CLIENT));
  }

  @Test
  void theFirstOfTwoCommonNamesIsNotTheCommonName() {
    assertError(verify(VerifyOptions.clientAuth(List.of(ROOT)), List.of("client_cn2"), clock(), CLIENT), "x509: subject with cn=client_cn is not in the allowed list");
  }

  @Test
  void futureCert() {
    assertError(
        verify(new VerifyOptions(List.of(ROOT), List.of()), List.of(), clockAt(NOW.minus(Duration.ofDays(36500))), CLIENT),
        "x509: certificate has expired or is not yet valid: current time 1925-06-26T12:00:00Z is before 2024-10-27T00:43:31Z");
  }

  @Test
  void expiredCert() {
    assertError(
        verify(new VerifyOptions(List.of(ROOT), List.of()), List.of(), clockAt(NOW.plus(Duration.ofDays(36500))), CLIENT),
        "x509: certificate has expired or is not yet valid: current time 2125-05-08T12:00:00Z is after 2124-10-03T00:43:31Z");
  }

  @Test
  void multiLevelValid() {
    X509AuthenticatorTest.MultiLevel pki = new X509AuthenticatorTest.MultiLevel();
    assertOk(verify(VerifyOptions.clientAuth(List.of(pki.root.certificate())), List.of(), clock(), pki.valid.certificate(), pki.intermediate.certificate()));
  }

  @Test
  void multiLevelExpired() {
    X509AuthenticatorTest.MultiLevel pki = new X509AuthenticatorTest.MultiLevel();
    assertError(
        verify(VerifyOptions.clientAuth(List.of(pki.root.certificate())), List.of(), clock(), pki.expired.certificate(), pki.intermediate.certificate()),
        "x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is after 2025-01-01T00:00:00Z");
  }

  @Test
  void anEmptyBundleNeverAsksTheInnerAuthenticator() {
    AuthnResult result = verify(VerifyOptions.clientAuth(List.of()), List.of(), clock(), CLIENT);
    assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(innerCalled).isFalse();
  }
}
