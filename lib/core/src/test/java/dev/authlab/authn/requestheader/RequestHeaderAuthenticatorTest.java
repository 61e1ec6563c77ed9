package dev.authlab.authn.requestheader;

import static dev.authlab.authn.x509.TestPki.certificate;
import static dev.authlab.authn.x509.TestPki.clock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AnonymousAuthenticator;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthenticatorChain;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.x509.CaBundle;
import dev.authlab.authn.x509.TestPki;
import dev.authlab.authn.x509.X509Authenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestHeaderAuthenticatorTest {

  private final TestPki.Issued frontProxyCa = TestPki.ca("front-proxy-ca");
  private final TestPki.Issued proxy = TestPki.client(frontProxyCa, "front-proxy-client");
  private final TestPki.Issued clientCa = TestPki.ca("kubernetes");
  private final RequestHeaderConfig config = RequestHeaderConfig.kubeadmDefaults(List.of(frontProxyCa.certificate()));
  private final RequestHeaderAuthenticator authenticator = config.authenticator(clock());

  private static AuthenticationRequest spoofed() {
    return AuthenticationRequest.get("/api/v1/secrets")
        .withHeader("X-Remote-User", "admin")
        .withHeader("X-Remote-Group", "system:masters")
        .withHeader("X-Remote-Extra-Scopes", "everything");
  }

  private static AuthenticationRequest from(AuthenticationRequest request, X509Certificate... chain) {
    return request.withClientCertificates(List.of(chain));
  }

  private static String failure(AuthnResult result) {
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  @Nested
  class HeaderSpoofing {

    @Test
    void headersWithoutAProxyCertificateAreIgnored() {
      AuthnResult result = authenticator.authenticate(spoofed());
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason())
          .isEqualTo("no client certificate was presented, so the request's identity headers are not trusted");
    }

    @Test
    void withAnonymousEnabledASpoofedRequestIsAnonymousNotAdmin() {
      AuthnResult result = AuthenticatorChain.failOnError(AuthenticatorChain.of(authenticator), AnonymousAuthenticator.anyPath()).authenticate(spoofed());
      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo(UserInfo.ANONYMOUS);
    }

    @Test
    void aCertificateFromAnotherCaIsRejected() {
      TestPki.Issued rogueCa = TestPki.ca("front-proxy-ca");
      TestPki.Issued rogue = TestPki.client(rogueCa, "front-proxy-client");
      assertThat(failure(authenticator.authenticate(from(spoofed(), rogue.certificate()))))
          .isEqualTo("x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" "
              + "while trying to verify candidate authority certificate \"front-proxy-ca\")");
    }

    @Test
    void aUserCertificateFromTheClientCaIsNotAProxy() {
      TestPki.Issued user = TestPki.client(clientCa, "alice", "dev");
      assertThat(failure(authenticator.authenticate(from(spoofed(), user.certificate())))).isEqualTo("x509: certificate signed by unknown authority");
      // With the client-CA authenticator behind it, alice is alice: the headers gain her nothing.
      AuthnResult chained = AuthenticatorChain.of(authenticator, X509Authenticator.clientCertificates(List.of(clientCa.certificate()), clock()))
          .authenticate(from(spoofed(), user.certificate()));
      assertThat(((AuthnResult.Authenticated) chained).user().name()).isEqualTo("alice");
      assertThat(((AuthnResult.Authenticated) chained).user().groups()).containsExactly("dev");
    }

    @Test
    void theRightCaButACommonNameNotAllowedIsRejected() {
      TestPki.Issued other = TestPki.client(frontProxyCa, "some-other-service");
      assertThat(failure(authenticator.authenticate(from(spoofed(), other.certificate()))))
          .isEqualTo("x509: subject with cn=some-other-service is not in the allowed list");
    }

    @Test
    void aProxyCertificateWithoutClientAuthIsRejected() {
      TestPki.Issued serving = certificate("front-proxy-client").extKeyUsages(KeyPurposeId.id_kp_serverAuth).signedBy(frontProxyCa).build();
      assertThat(failure(authenticator.authenticate(from(spoofed(), serving.certificate()))))
          .isEqualTo("x509: certificate specifies an incompatible key usage");
    }

    @Test
    void anExpiredProxyCertificateIsRejected() {
      TestPki.Issued expired = certificate("front-proxy-client")
          .valid(TestPki.NOW.minus(Duration.ofDays(30)), TestPki.NOW.minus(Duration.ofDays(1)))
          .signedBy(frontProxyCa)
          .build();
      assertThat(failure(authenticator.authenticate(from(spoofed(), expired.certificate()))))
          .startsWith("x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is after ");
    }
  }

  @Nested
  class TrustedProxy {

    @Test
    void theProxysHeadersBecomeTheUser() {
      AuthnResult result = authenticator.authenticate(from(spoofed(), proxy.certificate()));
      assertThat(((AuthnResult.Authenticated) result).user())
          .isEqualTo(new UserInfo("admin", "", List.of("system:masters"), Map.of("scopes", List.of("everything"))));
      assertThat(result.trace().lines()).containsExactly(
          "requestheader: note - certificate CN=front-proxy-client (" + dev.authlab.authn.x509.CertificateIdentifier.of(proxy.certificate())
              + ") verified and its common name is allowed: CN=front-proxy-client <- CN=front-proxy-ca",
          "requestheader: authenticated - user admin from header X-Remote-User, 1 group(s) from [X-Remote-Group], extra keys [scopes]");
    }

    @Test
    void aTrustedProxyWithoutAUserHeaderHasNoOpinion() {
      AuthnResult result = authenticator.authenticate(from(AuthenticationRequest.get("/"), proxy.certificate()));
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason()).isEqualTo("none of the username headers [X-Remote-User] has a value");
    }

    @Test
    void uidHeadersAreReadOnlyWhenConfigured() {
      AuthenticationRequest request = from(spoofed().withHeader("X-Remote-Uid", "u-1"), proxy.certificate());
      assertThat(((AuthnResult.Authenticated) authenticator.authenticate(request)).user().uid()).isEmpty();
      RequestHeaderAuthenticator withUid = config.withUidHeaders(List.of("X-Remote-Uid")).authenticator(clock());
      assertThat(((AuthnResult.Authenticated) withUid.authenticate(request)).user().uid()).isEqualTo("u-1");
    }

    @Test
    void withoutAllowedNamesAnyCertificateFromTheCaMayProxy() {
      RequestHeaderAuthenticator open = config.withAllowedNames(List.of()).authenticator(clock());
      TestPki.Issued other = TestPki.client(frontProxyCa, "some-other-service");
      assertThat(open.authenticate(from(spoofed(), other.certificate()))).isInstanceOf(AuthnResult.Authenticated.class);
    }

    @Test
    void theProxyMayPresentItsIntermediate() {
      TestPki.Issued intermediate = certificate("front-proxy-intermediate").ca().signedBy(frontProxyCa).build();
      TestPki.Issued leaf = TestPki.client(intermediate, "front-proxy-client");
      assertThat(authenticator.authenticate(from(spoofed(), leaf.certificate(), intermediate.certificate())))
          .isInstanceOf(AuthnResult.Authenticated.class);
    }

    @Test
    void afterAuthenticationTheIdentityHeadersAreCleared() {
      AuthenticationRequest request = from(spoofed().withHeader("Accept", "application/json").withHeader("x-remote-extra-acme.com%2Fteam", "a"), proxy.certificate());
      AuthenticationRequest cleared = authenticator.clearAuthenticationHeaders(request);
      assertThat(cleared.headers()).isEqualTo(Map.of("accept", List.of("application/json")));
      assertThat(HeaderNames.STANDARD.clearFrom(AuthenticationRequest.get("/").withHeader("X-Remote-Uid", "1").withHeader("X-Remote-Extra-A", "b")).headers())
          .isEmpty();
    }
  }

  @Nested
  class Config {
    @TempDir Path dir;

    @Test
    void kubeadmDefaultsWriteTheFlagsKubeadmWrites() throws Exception {
      List<String> flags = config.writeApiServerConfig(dir);
      Path ca = dir.toAbsolutePath().resolve("front-proxy-ca.crt");
      assertThat(flags).containsExactly(
          "--requestheader-client-ca-file=" + ca,
          "--requestheader-allowed-names=front-proxy-client",
          "--requestheader-username-headers=X-Remote-User",
          "--requestheader-group-headers=X-Remote-Group",
          "--requestheader-extra-headers-prefix=X-Remote-Extra-");
      assertThat(CaBundle.read(ca)).containsExactly(frontProxyCa.certificate());
    }

    @Test
    void listsAreCommaSeparatedAndCommasAreQuotedAsPflagReadsThem() {
      RequestHeaderConfig custom = new RequestHeaderConfig(config.clientCaPem(), List.of("proxy-a", "proxy,b"), List.of("X-Remote-User", "X-Forwarded-User"),
          List.of("X-Remote-Uid"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-", "X-Acme-"));
      assertThat(custom.writeApiServerConfig(dir)).contains(
          "--requestheader-allowed-names=proxy-a,\"proxy,b\"",
          "--requestheader-username-headers=X-Remote-User,X-Forwarded-User",
          "--requestheader-uid-headers=X-Remote-Uid",
          "--requestheader-extra-headers-prefix=X-Remote-Extra-,X-Acme-");
    }

    @Test
    void blankValuesAreRejectedWithUpstreamsMessage() {
      assertThatThrownBy(() -> new RequestHeaderConfig(config.clientCaPem(), List.of(), List.of("X-Remote-User", "  "), List.of(), List.of(), List.of()))
          .hasMessage("empty value in \"requestheader-username-headers\"");
      assertThatThrownBy(() -> config.withAllowedNames(List.of("")))
          .hasMessage("empty value in \"requestheader-allowed-names\"");
      assertThatThrownBy(() -> config.withUidHeaders(List.of(" X-Remote-Uid")))
          .hasMessage("--requestheader-uid-headers: ' X-Remote-Uid' has white space around it, which kube-apiserver would keep as part of the name");
    }

    @Test
    void aCaBundleWithoutCertificatesIsRejected() {
      assertThatThrownBy(() -> new RequestHeaderConfig("not a pem", List.of(), List.of("X-Remote-User"), List.of(), List.of(), List.of()))
          .hasMessage("requestheader client CA bundle: data does not contain any valid RSA or ECDSA certificates");
    }

    @Test
    void noUsernameHeadersMeansCertificatesAreCheckedButNobodyIsAuthenticated() {
      RequestHeaderAuthenticator mute = new RequestHeaderConfig(config.clientCaPem(), List.of(), List.of(), List.of(), List.of(), List.of()).authenticator(clock());
      assertThat(mute.authenticate(from(spoofed(), proxy.certificate()))).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(mute.authenticate(from(spoofed(), TestPki.client(clientCa, "x").certificate()))).isInstanceOf(AuthnResult.Failed.class);
    }

    @Test
    void theCaFileIsReadBackWithPemTextAroundIt() throws Exception {
      Path file = dir.resolve("bundle.pem");
      Files.writeString(file, "Certificate:\n  Data: ...\n" + CaBundle.encode(List.of(frontProxyCa.certificate(), clientCa.certificate())) + "trailing text\n");
      assertThat(CaBundle.read(file)).containsExactly(frontProxyCa.certificate(), clientCa.certificate());
      assertThatThrownBy(() -> CaBundle.read(dir.resolve("none.pem"))).hasMessage(dir.resolve("none.pem") + ": no such file");
    }
  }
}
