package dev.authlab.labs.lab06_authenticating_proxy;

import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.JANE;
import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.cleanClientRequest;
import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.spoofedClientRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.requestheader.RequestHeaderAuthenticator;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab06LibraryTest {

  static IssuedCertificate proxyCertificate;
  static IssuedCertificate strangerCertificate;
  static RequestHeaderAuthenticator apiServer;

  @BeforeAll
  static void frontProxyPki() {
    CertificateAuthority frontProxyCa = CertificateAuthority.selfSigned("lab06-front-proxy-ca", KeyAlgorithm.ECDSA_P256);
    proxyCertificate = frontProxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    CertificateAuthority otherCa = CertificateAuthority.selfSigned("lab06-some-other-ca", KeyAlgorithm.ECDSA_P256);
    strangerCertificate = otherCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    apiServer = ProxyFixtures.apiServerFlags(frontProxyCa).authenticator(Clock.systemUTC());
  }

  @Test
  @DisplayName("forwards the request so that the API server's requestheader authenticator sees the user (name, uid, groups, extra)")
  void forwardsTheUserInHeaders() {
    AuthenticationRequest forwarded = new AuthenticatingProxy(proxyCertificate).forward(cleanClientRequest(), JANE);
    assertThat(forwarded.clientCertificates()).as("the client certificate the forwarded request presents (the proxy's)")
        .containsExactly(proxyCertificate.certificate());
    AuthnResult result = apiServer.authenticate(forwarded);
    assertThat(result).as("the requestheader authenticator's verdict on your forwarded request: %s", result.trace().lines())
        .isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user()).as("the user the API server reads from your headers").isEqualTo(JANE);
    assertThat(forwarded.headerValues("X-Remote-Extra-example.com%2Fteam"))
        .as("the values of header X-Remote-Extra-example.com%2Fteam (the extra key example.com/team, percent-encoded)")
        .containsExactly("payments");
    assertThat(forwarded.headers().keySet()).as("the header names of your forwarded request (an extra key's / must be sent as %2F)")
        .noneMatch(name -> name.contains("/"));
  }

  @Test
  @DisplayName("strips the client's own X-Remote-* headers and its Authorization header before forwarding")
  void stripsTheClientsHeaders() {
    AuthenticationRequest forwarded = new AuthenticatingProxy(proxyCertificate).forward(spoofedClientRequest(), JANE);
    AuthnResult result = apiServer.authenticate(forwarded);
    assertThat(result).as("the requestheader authenticator's verdict on your forwarded request: %s", result.trace().lines())
        .isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user())
        .as("the user the API server reads when Jane sent X-Remote-User: system:admin, X-Remote-Group: system:masters, an extra scope and a uid herself")
        .isEqualTo(JANE);
    assertThat(forwarded.header("Authorization")).as("the Authorization header forwarded (Jane's credential for the proxy)").isEmpty();
    assertThat(forwarded.headerValues("X-Remote-Uid")).as("the X-Remote-Uid values forwarded (Jane sent X-Remote-Uid: u-0001-admin herself)")
        .containsExactly(JANE.uid());
    assertThat(forwarded.headerValues("X-Remote-Foo")).as("the X-Remote-Foo values forwarded (Jane sent it herself; no client X-Remote-* header may pass)")
        .isEmpty();
  }

  @Test
  @DisplayName("detects a spoofing attempt: names the X-Remote-* headers a client sent, and none for a clean request")
  void detectsSpoofingAttempts() {
    AuthenticatingProxy proxy = new AuthenticatingProxy(proxyCertificate);
    assertThat(proxy.spoofedHeaders(spoofedClientRequest())).as("the spoofed headers found in Jane's request")
        .containsExactlyInAnyOrder("x-remote-user", "x-remote-group", "x-remote-extra-scopes", "x-remote-uid", "x-remote-foo");
    assertThat(proxy.spoofedHeaders(cleanClientRequest())).as("the spoofed headers found in a clean request").isEmpty();
  }

  @Test
  @DisplayName("the same headers sent without the proxy's certificate, or with a certificate from another CA, get nobody in")
  void headersWithoutTheProxyCertificateAreNotBelieved() {
    AuthenticationRequest forwarded = new AuthenticatingProxy(proxyCertificate).forward(cleanClientRequest(), JANE);
    assertThat(apiServer.authenticate(forwarded)).as("first, your forwarded request must authenticate")
        .isInstanceOf(AuthnResult.Authenticated.class);
    AuthnResult direct = apiServer.authenticate(forwarded.withClientCertificates(List.of()));
    assertThat(direct).as("your headers sent straight to the API server, without a client certificate: %s", direct.trace().lines())
        .isInstanceOf(AuthnResult.NoOpinion.class);
    AuthnResult stranger = apiServer.authenticate(forwarded.withClientCertificates(List.of(strangerCertificate.certificate())));
    assertThat(stranger).as("your headers with a certificate from another CA: %s", stranger.trace().lines())
        .isInstanceOf(AuthnResult.Failed.class);
  }
}
