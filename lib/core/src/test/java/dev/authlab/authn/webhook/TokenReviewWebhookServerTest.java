package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhook labs write their own token authentication with: its HTTP contract and its counters. */
class TokenReviewWebhookServerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AtomicReference<TokenReviewDecision> decision = new AtomicReference<>(TokenReviewDecision.noOpinion());
  private final AtomicReference<TokenReviewSpec> seenSpec = new AtomicReference<>();
  private TokenReviewWebhookServer server;

  @BeforeEach
  void start() {
    server = TokenReviewWebhookServer.start(spec -> {
      seenSpec.set(spec);
      return decision.get();
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(server.caPem().getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("https://127.0.0.1:" + server.url().getPort() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
        : request.method(method, HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String review(String apiVersion, String spec) {
    return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"TokenReview\",\"spec\":" + spec + "}";
  }

  @Test
  void listensOnLoopbackWithAFreePort() {
    assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.url().getPort()).isPositive();
    assertThat(server.url().getPath()).isEqualTo(TokenReviewWebhookServer.DEFAULT_PATH);
    assertThat(server.webhookConfig().server()).isEqualTo(server.url().toString());
    assertThat(server.webhookConfig().certificateAuthorityPem()).contains(server.caPem());
  }

  @Test
  void answersATokenReviewWithTheStatusFilledIn() throws Exception {
    decision.set(TokenReviewDecision.authenticate(new UserInfo("jane", "42", List.of("dev", "ops"), Map.of("team", List.of("blue"))),
        List.of("api")));

    HttpResponse<String> response = send("POST", "/tokenreview", review("authentication.k8s.io/v1", "{\"token\":\"abc\",\"audiences\":[\"api\"]}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
    assertThat(body.path("kind").asString()).isEqualTo("TokenReview");
    assertThat(body.path("status").path("authenticated").booleanValue()).isTrue();
    assertThat(body.path("status").path("user").path("username").asString()).isEqualTo("jane");
    assertThat(body.path("status").path("user").path("uid").asString()).isEqualTo("42");
    assertThat(body.path("status").path("user").path("groups").toString()).isEqualTo("[\"dev\",\"ops\"]");
    assertThat(body.path("status").path("user").path("extra").path("team").toString()).isEqualTo("[\"blue\"]");
    assertThat(body.path("status").path("audiences").toString()).isEqualTo("[\"api\"]");
    assertThat(body.has("spec")).as("the token is not echoed back").isFalse();
    assertThat(seenSpec.get().getToken()).isEqualTo("abc");
  }

  @Test
  void aRejectionCarriesTheErrorAndNoOpinionCarriesNothing() throws Exception {
    decision.set(TokenReviewDecision.reject("token revoked"));
    JsonNode rejected = JSON.readTree(send("POST", "/tokenreview", review("authentication.k8s.io/v1", "{\"token\":\"x\"}")).body());
    assertThat(rejected.path("status").toString()).isEqualTo("{\"authenticated\":false,\"error\":\"token revoked\"}");

    decision.set(TokenReviewDecision.noOpinion());
    JsonNode none = JSON.readTree(send("POST", "/tokenreview", review("authentication.k8s.io/v1", "{\"token\":\"x\"}")).body());
    assertThat(none.path("status").toString()).isEqualTo("{\"authenticated\":false}");
  }

  @Test
  void answersInTheVersionItWasAskedIn() throws Exception {
    JsonNode body = JSON.readTree(send("POST", "/tokenreview", review("authentication.k8s.io/v1beta1", "{\"token\":\"x\"}")).body());

    assertThat(body.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1beta1");
  }

  @Test
  void theHandlerNeverSeesNulls() throws Exception {
    send("POST", "/tokenreview", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\"}");

    assertThat(seenSpec.get().getToken()).isEqualTo("");
    assertThat(seenSpec.get().getAudiences()).isEmpty();
  }

  @Test
  void otherMethodsGet405() throws Exception {
    HttpResponse<String> response = send("GET", "/tokenreview", null);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
    assertThat(response.body()).isEqualTo("unexpected method: GET");
    assertThat(server.reviewCount()).isZero();
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void otherPathsGet404() throws Exception {
    HttpResponse<String> response = send("POST", "/other", review("authentication.k8s.io/v1", "{}"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("unexpected path: /other");
  }

  @Test
  void badBodiesGet400WithAClearMessage() throws Exception {
    HttpResponse<String> garbage = send("POST", "/tokenreview", "this is not json");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).startsWith("failed to decode body: ").doesNotContain("\n");

    HttpResponse<String> wrongVersion = send("POST", "/tokenreview", review("authentication.k8s.io/v2", "{\"token\":\"secret-xyz\"}"));
    assertThat(wrongVersion.statusCode()).isEqualTo(400);
    assertThat(wrongVersion.body()).isEqualTo("wrong api version: \"authentication.k8s.io/v2\", expected authentication.k8s.io/v1 or "
        + "authentication.k8s.io/v1beta1");

    HttpResponse<String> wrongKind = send("POST", "/tokenreview",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SubjectAccessReview\"}");
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.body()).isEqualTo("wrong kind: \"SubjectAccessReview\", expected TokenReview");

    HttpResponse<String> array = send("POST", "/tokenreview", "[1,2]");
    assertThat(array.statusCode()).isEqualTo(400);

    assertThat(server.reviewCount()).isZero();
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  void oversizedBodiesGet413() throws Exception {
    String huge = review("authentication.k8s.io/v1", "{\"token\":\"" + "a".repeat(TokenReviewWebhookServer.DEFAULT_MAX_REQUEST_BYTES) + "\"}");

    HttpResponse<String> response = send("POST", "/tokenreview", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(server.reviewCount()).isZero();
  }

  @Test
  void aHandlerThatThrowsIsA500AndTheApiServerRetriesIt() {
    try (TokenReviewWebhookServer crashing = TokenReviewWebhookServer.start(spec -> {
      throw new IllegalStateException("database down, token " + spec.getToken());
    })) {
      WebhookTokenAuthenticator authenticator = WebhookTokenAuthenticator.builder(crashing.webhookConfig())
          .retryBackoff(Backoff.immediate(5)).build();

      AuthnResult result = authenticator.authenticateToken("tok", List.of());

      assertThat(((AuthnResult.Failed) result).reason())
          .isEqualTo("an error on the server (\"token review handler failed: IllegalStateException\") has prevented the request from succeeding");
      assertThat(crashing.reviewCount()).isEqualTo(5);
    }
  }

  @Test
  void countsProveTheApiServersCache() {
    decision.set(TokenReviewDecision.authenticate(UserInfo.of("jane")));
    TokenAuthenticator cached = server.webhookConfig().authenticator(List.of());

    cached.authenticateToken("tok", List.of());
    cached.authenticateToken("tok", List.of());
    cached.authenticateToken("tok", List.of("other-audience"));

    assertThat(server.reviewCount()).as("the second call is a cache hit; other audiences are another key").isEqualTo(2);
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void recordsWhatItReceivedWithoutShowingTheToken() {
    WebhookConfig config = server.webhookConfig().withBearerToken("apiserver-credential").withCacheTtl(Duration.ZERO);

    config.authenticator(List.of("api")).authenticateToken("user-token-123", List.of("api"));

    TokenReviewWebhookServer.ReceivedReview received = server.lastReview().orElseThrow();
    assertThat(received.apiVersion()).isEqualTo("authentication.k8s.io/v1");
    assertThat(received.token()).isEqualTo("user-token-123");
    assertThat(received.audiences()).containsExactly("api");
    assertThat(received.requestUri()).isEqualTo("/tokenreview?timeout=30s");
    assertThat(received.header("Authorization")).contains("Bearer apiserver-credential");
    assertThat(received.header("Content-Type")).contains("application/json");
    assertThat(received.toString()).doesNotContain("user-token-123").doesNotContain("apiserver-credential");
  }

  @Test
  void canRequireClientCertificatesFromAGivenCa() {
    LocalAuthority clientCa = LocalAuthority.create("apiserver-client-ca", Clock.systemUTC());
    LocalAuthority.Issued apiserver = clientCa.issueClient("kube-apiserver", List.of());
    try (TokenReviewWebhookServer strict = TokenReviewWebhookServer.builder(spec -> TokenReviewDecision.authenticate(UserInfo.of("ok")))
        .requireClientCertificates(clientCa.certificatePem()).path("/authn").start()) {
      WebhookConfig withoutCertificate = strict.webhookConfig().withCacheTtl(Duration.ZERO);
      WebhookConfig withCertificate = withoutCertificate.withClientCertificate(apiserver.certificatePem(), apiserver.privateKeyPem());

      assertThat(withoutCertificate.authenticator(List.of()).authenticateToken("t", List.of())).isInstanceOf(AuthnResult.Failed.class);
      assertThat(withCertificate.authenticator(List.of()).authenticateToken("t", List.of())).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(strict.url().getPath()).isEqualTo("/authn");
    }
  }
}
