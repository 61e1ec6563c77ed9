package dev.authlab.labs.lab01_authentication_workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticatedGroupAdder;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.cluster.ClientCertificateOffer;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 01 against a real API server started with a token file (alice) and a client CA (which signs
 * jane's certificate). Requests carry a certificate and a token at once; your {@link ApiServerOrder}
 * and {@link FirstSuccessChain}, over the library's x509 and token-file authenticators, predict whose
 * request it is, and the API server must agree.
 */
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab01ClusterTest {

  static final String ALICE_TOKEN = "lab01-alice-token-4e7a90";

  static CertificateAuthority clientCa;
  static CertificateAuthority otherCa;

  static synchronized AuthnSettings authn() {
    clientCa = CertificateAuthority.selfSigned("lab01-client-ca", KeyAlgorithm.ECDSA_P256);
    otherCa = CertificateAuthority.selfSigned("lab01-someone-elses-ca", KeyAlgorithm.ECDSA_P256);
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(new StaticToken(ALICE_TOKEN, "alice", "1001", List.of("devs"))))
        .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @Test
  @DisplayName("a good client certificate wins over a bearer token, good or bogus, as on the API server")
  void certificateWinsOverToken(ControlPlane cp) {
    IssuedCertificate jane = clientCa.issue(CertificateSpec.clientCertificate("jane", "dev"));
    agree(cp, "jane's certificate and alice's token", jane, ALICE_TOKEN, "jane");
    agree(cp, "jane's certificate and a bogus token", jane, "lab01-not-a-real-token", "jane");
  }

  @Test
  @DisplayName("a rejected certificate does not stop the chain: the token after it still logs in, as on the API server")
  void badCertificateDoesNotStopTheToken(ControlPlane cp) {
    IssuedCertificate mallory = otherCa.issue(CertificateSpec.clientCertificate("mallory", "system:masters"));
    Instant now = Instant.now();
    IssuedCertificate expired = clientCa.issue(
        CertificateSpec.clientCertificate("jane", "dev").validBetween(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
    agree(cp, "a certificate from another CA and alice's token", mallory, ALICE_TOKEN, "alice");
    agree(cp, "an expired certificate and alice's token", expired, ALICE_TOKEN, "alice");
  }

  private static void agree(ControlPlane cp, String what, IssuedCertificate certificate, String token, String expectedUser) {
    Lab01LibraryTest.yourOwnChain();
    Lab01LibraryTest.yourOwnOrder();
    // your prediction first: unfinished code fails before the API server is asked anything
    AuthnResult predicted = yourChain(cp).authenticate(AuthenticationRequest.get("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .withClientCertificates(List.of(certificate.certificate()))
        .withHeader("Authorization", "Bearer " + token));

    // the certificate goes whatever CAs the server names, as kubectl sends it
    WhoamiResult cluster = new ClientCertificateOffer(certificate.certificate(), certificate.privateKey())
        .whoami(cp, new Credential.Token(token));
    assertThat(cluster).as("%s: the API server's answer", what).isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo real = ((WhoamiResult.Authenticated) cluster).user();
    assertThat(real.name()).as("%s: the API server's user", what).isEqualTo(expectedUser);

    assertThat(predicted).as("%s: the API server says %s; your chain's answer (trace: %s)", what, real, predicted.trace().lines())
        .isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) predicted).user()).as("%s: the user the API server sees (expected) vs your prediction (actual)", what)
        .isEqualTo(real);
  }

  /** Your order and your chain over the library's authenticators for the API server's own settings, plus system:authenticated. */
  private static Authenticator yourChain(ControlPlane cp) {
    Map<AuthnMethod, Authenticator> configured = Map.of(
        AuthnMethod.CLIENT_CERTIFICATE, cp.authn().clientCa().orElseThrow().authenticator(Clock.systemUTC()),
        AuthnMethod.TOKEN_FILE, new BearerTokenAuthenticator(tokenFile(cp.authn().tokenFile().orElseThrow())));
    List<Authenticator> ordered = ApiServerOrder.arrange(EnumSet.copyOf(configured.keySet())).stream().map(configured::get).toList();
    return new AuthenticatedGroupAdder(new FirstSuccessChain(ordered));
  }

  private static TokenFileAuthenticator tokenFile(AuthnSettings.TokenFile file) {
    return TokenFileAuthenticator.fromCsv(file.source(), file.csv());
  }
}
