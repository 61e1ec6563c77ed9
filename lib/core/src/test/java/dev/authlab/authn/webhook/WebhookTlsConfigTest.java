package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.CachedTokenAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Upstream's TestV1TLSConfig: mutual TLS between the API server and the webhook, each way it can go
 * wrong, plus the host name and validity checks Go makes on the webhook's certificate.
 */
class WebhookTlsConfigTest {

  private static final LocalAuthority CLIENT_CA = LocalAuthority.create("client-ca", Clock.systemUTC());
  private static final LocalAuthority BAD_CA = LocalAuthority.create("bad-ca", Clock.systemUTC());
  private static final LocalAuthority.Issued CLIENT = CLIENT_CA.issueClient("kube-apiserver", List.of());

  private final AtomicBoolean allow = new AtomicBoolean();

  private TokenReviewWebhookServer server(Optional<String> requiredClientCa) {
    TokenReviewWebhookServer.Builder builder = TokenReviewWebhookServer.builder(spec -> allow.get()
        ? TokenReviewDecision.authenticate(UserInfo.of("realHooman@email.com"))
        : TokenReviewDecision.noOpinion());
    requiredClientCa.ifPresent(builder::requireClientCertificates);
    return builder.start();
  }

  private static TokenAuthenticator client(WebhookConfig config) {
    return CachedTokenAuthenticator.of(
        WebhookTokenAuthenticator.builder(config).retryBackoff(Backoff.immediate(5)).build(),
        CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS, Duration.ZERO, Duration.ZERO, Clock.systemUTC());
  }

  /** Allow, then deny: both answers must arrive, which proves the TLS set-up works. */
  private void assertWorks(TokenAuthenticator authenticator) {
    allow.set(true);
    AuthnResult allowed = authenticator.authenticateToken("t0k3n", List.of());
    assertThat(allowed).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) allowed).user().name()).isEqualTo("realHooman@email.com");
    allow.set(false);
    assertThat(authenticator.authenticateToken("t0k3n", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  private String failure(TokenAuthenticator authenticator) {
    allow.set(true);
    AuthnResult result = authenticator.authenticateToken("t0k3n", List.of());
    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  @Test
  void tlsSetupBetweenClientAndServer() {
    try (TokenReviewWebhookServer server = server(Optional.of(CLIENT_CA.certificatePem()))) {
      assertWorks(client(server.webhookConfig().withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem())));
    }
  }

  @Test
  void serverDoesNotRequireClientAuth() {
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      assertWorks(client(server.webhookConfig()));
    }
  }

  @Test
  void serverDoesNotRequireClientAuthClientProvidesIt() {
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      assertWorks(client(server.webhookConfig().withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem())));
    }
  }

  @Test
  void clientDoesNotTrustServer() {
    // no CA in the kubeconfig: the system trust store, which never signed our throwaway CA
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      WebhookConfig config = server.webhookConfig().withCertificateAuthority(Optional.empty())
          .withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem());

      assertThat(failure(client(config))).isEqualTo("Post \"" + server.url() + "?timeout=30s\": "
          + "tls: failed to verify certificate: x509: certificate signed by unknown authority");
    }
  }

  @Test
  void serverDoesNotTrustClient() {
    try (TokenReviewWebhookServer server = server(Optional.of(BAD_CA.certificatePem()))) {
      WebhookConfig config = server.webhookConfig().withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem());

      String error = failure(client(config));

      assertThat(error).startsWith("Post \"" + server.url() + "?timeout=30s\": ");
      assertThat(server.reviewCount()).isZero();
    }
  }

  @Test
  void serverIsUsingACertificateTheClientHasNoReasonToTrust() {
    // upstream's "insecure connection" case: a server certificate from an unrelated CA
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      WebhookConfig config = server.webhookConfig().withCertificateAuthority(Optional.of(BAD_CA.certificatePem()));

      assertThat(failure(client(config))).endsWith("tls: failed to verify certificate: x509: certificate signed by unknown authority");
      assertThat(server.requestCount()).isZero();
    }
  }

  @Test
  void theServingCertificateMustNameTheHostOrTlsServerName() {
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      assertThat(failure(client(server.webhookConfig().withTlsServerName("webhook.example.com"))))
          .endsWith("tls: failed to verify certificate: x509: certificate is valid for localhost, not webhook.example.com");
      assertWorks(client(server.webhookConfig().withTlsServerName("localhost")));
      assertWorks(client(server.webhookConfig().withServer("https://localhost:" + server.url().getPort() + "/tokenreview")));
    }
  }

  @Test
  void anIpAddressMustBeAnIpSan() {
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      // the serving certificate has IP SANs 127.0.0.1 and ::1; ask for another address by name
      assertThat(failure(client(server.webhookConfig().withTlsServerName("10.0.0.1"))))
          .endsWith("x509: certificate is valid for 127.0.0.1, ::1, not 10.0.0.1");
    }
  }

  @Test
  void insecureSkipTlsVerifyTrustsAnything() {
    try (TokenReviewWebhookServer server = server(Optional.empty())) {
      WebhookConfig config = server.webhookConfig().withCertificateAuthority(Optional.empty())
          .withTlsVerification(WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY).withTlsServerName("anything.example");
      assertWorks(client(config));
    }
  }

  @Test
  void insecureTogetherWithACaIsRefusedAsKubeApiserverRefusesIt() {
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:1/", CLIENT_CA.certificatePem())
        .withTlsVerification(WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY);

    assertThatThrownBy(() -> config.authenticator(List.of()))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("specifying a root certificates file with the insecure flag is not allowed");
  }

  @Test
  void anExpiredServingCertificateIsRefusedWithGosMessage() {
    Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
    try (TokenReviewWebhookServer server = TokenReviewWebhookServer.builder(spec -> TokenReviewDecision.noOpinion())
        .clock(twoDaysAgo).start()) {
      assertThat(failure(client(server.webhookConfig())))
          .matches(".*tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time "
              + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ is after \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
  }

  @Test
  void aClientKeyThatDoesNotMatchTheCertificateStopsStartUp() {
    LocalAuthority.Issued other = CLIENT_CA.issueClient("other", List.of());
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:1/", CLIENT_CA.certificatePem())
        .withClientCertificate(CLIENT.certificatePem(), other.privateKeyPem());

    assertThatThrownBy(() -> config.authenticator(List.of()))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("tls: private key does not match public key");
  }

  @Test
  void switchedCertificateAndKeyAreNamedAsCryptoTlsNamesThem() {
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:1/", CLIENT_CA.certificatePem())
        .withClientCertificate(CLIENT.privateKeyPem(), CLIENT.certificatePem());

    assertThatThrownBy(() -> config.authenticator(List.of()))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("tls: failed to find certificate PEM data in certificate input, but did find a private key; "
            + "PEM inputs may have been switched");
  }

  @Test
  void caDataThatIsNotPemStopsStartUp() {
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:1/", "not a certificate");

    assertThatThrownBy(() -> config.authenticator(List.of()))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("unable to load root certificates: unable to parse bytes as PEM block");
  }

  @Test
  void caDataWithOnlyAKeyIsNoCertificateAuthority() {
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:1/", CLIENT.privateKeyPem());

    assertThatThrownBy(() -> config.authenticator(List.of()))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("unable to load root certificates: no valid certificate authority data seen");
  }
}
