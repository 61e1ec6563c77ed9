package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhooks that answer garbage, fail, stall or flood, and tokens nobody should send. */
class WebhookHostileInputTest {

  private static final String TOKEN = "hostile-t0ken-value";

  private static WebhookTokenAuthenticator.Builder builder(WebhookConfig config) {
    return WebhookTokenAuthenticator.builder(config).retryBackoff(Backoff.immediate(5));
  }

  private static String failure(AuthnResult result) {
    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    String reason = ((AuthnResult.Failed) result).reason();
    assertThat(String.join("\n", result.trace().lines())).doesNotContain(TOKEN);
    assertThat(reason).doesNotContain(TOKEN);
    return reason;
  }

  private static String failureFrom(ScriptedWebhook.Reply reply) throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(reply)) {
      return failure(builder(webhook.config()).build().authenticateToken(TOKEN, List.of()));
    }
  }

  @Test
  void garbageIsNotAVersionAndKind() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.text(200, "hello, I am not JSON")))
        .isEqualTo("couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type "
            + "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }");
  }

  @Test
  void truncatedJsonIsAnUnexpectedEnd() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\": {\"authenticated\": tr")))
        .startsWith("couldn't get version/kind; json parse error: ");
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\": ")))
        .isEqualTo("couldn't get version/kind; json parse error: unexpected end of JSON input");
  }

  @Test
  void wrongTypesAreGosUnmarshalErrors() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\":{\"authenticated\":\"yes\"}}")))
        .isEqualTo("json: cannot unmarshal string into Go struct field TokenReviewStatus.status.authenticated of type bool");
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\":{\"authenticated\":true,\"user\":{\"groups\":\"admins\"}}}")))
        .isEqualTo("json: cannot unmarshal string into Go struct field UserInfo.status.user.groups of type []string");
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\":{\"authenticated\":true,\"user\":{\"extra\":{\"k\":\"v\"}}}}")))
        .isEqualTo("json: cannot unmarshal string into Go struct field UserInfo.status.user.extra.k of type v1.ExtraValue");
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"status\":[]}")))
        .isEqualTo("json: cannot unmarshal array into Go struct field TokenReview.status of type v1.TokenReviewStatus");
  }

  @Test
  void anotherKindIsNotRegistered() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.json(200, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}")))
        .isEqualTo("no kind \"Pod\" is registered for version \"v1\"");
  }

  @Test
  void anEmptyBodyIsAZeroLengthResponse() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.raw(200, Map.of(), new byte[0])))
        .isEqualTo("0-length response with status code: 200 and content type: application/json");
  }

  @Test
  void yamlIsReadToo() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(ScriptedWebhook.Reply.raw(200, Map.of("Content-Type", "application/yaml"),
        "apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nstatus:\n  authenticated: true\n  user:\n    username: yaml-user\n"
            .getBytes(StandardCharsets.UTF_8)))) {
      AuthnResult result = builder(webhook.config()).build().authenticateToken(TOKEN, List.of());

      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("yaml-user");
    }
  }

  @Test
  void anUnparseableContentTypeIsAnInternalErrorAndRetried() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(ScriptedWebhook.Reply.raw(200, Map.of("Content-Type", "; charset=utf-8"),
        "{}".getBytes(StandardCharsets.UTF_8)))) {
      String reason = failure(builder(webhook.config()).build().authenticateToken(TOKEN, List.of()));

      assertThat(reason).isEqualTo("Internal error occurred: mime: no media type");
      assertThat(webhook.calls()).isEqualTo(5);
    }
  }

  @Test
  void a500WithABinaryBodyShowsUnknown() throws IOException {
    assertThat(failureFrom(ScriptedWebhook.Reply.raw(500, Map.of("Content-Type", "application/octet-stream"), new byte[] {1, 2, 3})))
        .isEqualTo("an error on the server (\"unknown\") has prevented the request from succeeding");
  }

  @Test
  void aLong500TextIsCutAt2048BytesAndQuotedAsGoQuotesIt() throws IOException {
    byte[] body = new byte[5000];
    Arrays.fill(body, (byte) 'x');
    body[0] = (byte) 0xff;
    body[1] = '\n';
    String reason = failureFrom(ScriptedWebhook.Reply.raw(500, Map.of("Content-Type", "text/plain"), body));

    assertThat(reason).startsWith("an error on the server (\"\\xff\\nxxx").endsWith("xxx\") has prevented the request from succeeding");
    assertThat(reason).hasSize("an error on the server (\"\") has prevented the request from succeeding".length() + 2046 + 6);
  }

  @Test
  void aSlowWebhookTimesOutAwaitingHeadersAndIsNotRetried() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(ScriptedWebhook.Reply.json(200, "{}").delayedBy(Duration.ofSeconds(3)))) {
      WebhookTokenAuthenticator authenticator = builder(webhook.config()).requestTimeout(Duration.ofMillis(300)).build();

      String reason = failure(authenticator.authenticateToken(TOKEN, List.of()));

      assertThat(reason).isEqualTo("Post \"" + webhook.url() + "?timeout=300ms\": context deadline exceeded "
          + "(Client.Timeout exceeded while awaiting headers)");
      assertThat(webhook.calls()).isEqualTo(1);
    }
  }

  @Test
  void aWebhookThatStallsAfterTheHeadersTimesOutReadingTheBody() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(
        ScriptedWebhook.Reply.json(200, "{\"status\":").stallingAfterHeaders(Duration.ofSeconds(3)))) {
      WebhookTokenAuthenticator authenticator = builder(webhook.config()).requestTimeout(Duration.ofMillis(500)).build();

      assertThat(failure(authenticator.authenticateToken(TOKEN, List.of())))
          .isEqualTo("unexpected error when reading response body. Please retry. Original error: context deadline exceeded "
              + "(Client.Timeout or context cancellation while reading body)");
    }
  }

  @Test
  void aHugeResponseIsCutOffInsteadOfFillingMemory() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(ScriptedWebhook.Reply.json(200, "{\"status\":{}, \"pad\":\"")
        .streaming(64L * 1024 * 1024))) {
      WebhookTokenAuthenticator authenticator = builder(webhook.config()).maxResponseBytes(1024 * 1024).build();

      assertThat(failure(authenticator.authenticateToken(TOKEN, List.of())))
          .isEqualTo("unexpected error when reading response body. Please retry. Original error: response body is larger than "
              + "1048576 bytes (authlab's limit)");
    }
  }

  @Test
  void aWebhookThatIsNotListeningRefusesTheConnection() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    LocalAuthority ca = LocalAuthority.create("ca", Clock.systemUTC());

    String reason = failure(builder(WebhookConfig.of("https://127.0.0.1:" + port + "/authn", ca.certificatePem())).build()
        .authenticateToken(TOKEN, List.of()));

    assertThat(reason).isEqualTo("Post \"https://127.0.0.1:" + port + "/authn?timeout=30s\": dial tcp 127.0.0.1:" + port
        + ": connect: connection refused");
  }

  @Test
  void aResetConnectionIsRetried() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread resetter = new Thread(() -> {
        while (!listener.isClosed()) {
          try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            in.read(new byte[512]);
            socket.setSoLinger(true, 0);
          } catch (IOException e) {
            return;
          }
        }
      });
      resetter.setDaemon(true);
      resetter.start();
      LocalAuthority ca = LocalAuthority.create("ca", Clock.systemUTC());
      List<Duration> slept = new java.util.concurrent.CopyOnWriteArrayList<>();

      AuthnResult result = builder(WebhookConfig.of("https://127.0.0.1:" + listener.getLocalPort() + "/", ca.certificatePem()))
          .sleeper(slept::add).build().authenticateToken(TOKEN, List.of());

      String reason = failure(result);
      assertThat(reason).startsWith("Post \"https://127.0.0.1:" + listener.getLocalPort() + "/?timeout=30s\": ");
      if (reason.endsWith("connection reset by peer")) {
        assertThat(slept).as("connection resets are retried").hasSize(4);
      }
    }
  }

  @Test
  void aWrongCaIsAnUnknownAuthority() throws IOException {
    try (ScriptedWebhook webhook = ScriptedWebhook.always(ScriptedWebhook.Reply.json(200, "{}"))) {
      WebhookConfig wrong = webhook.config().withCertificateAuthority(
          java.util.Optional.of(LocalAuthority.create("unrelated", Clock.systemUTC()).certificatePem()));

      assertThat(failure(builder(wrong).build().authenticateToken(TOKEN, List.of())))
          .isEqualTo("Post \"" + webhook.url() + "?timeout=30s\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
      assertThat(webhook.calls()).isZero();
    }
  }

  @Test
  void anOversizedTokenReachesTheWebhookWhichMayRefuseIt() {
    String huge = "t".repeat(2 * 1024 * 1024);
    try (TokenReviewWebhookServer server = TokenReviewWebhookServer.start(spec -> TokenReviewDecision.noOpinion())) {
      AuthnResult result = builder(server.webhookConfig()).build().authenticateToken(huge, List.of());

      assertThat(((AuthnResult.Failed) result).reason())
          .isEqualTo("the server responded with the status code 413 but did not return more information");
      assertThat(String.join("\n", result.trace().lines())).doesNotContain("tttttttttt");
    }
  }

  @Test
  void oddTokensTravelIntact() {
    String odd = "tök\u0000en,with\"quotes\\and\nnewlines\u2028🦊";
    try (TokenReviewWebhookServer server = TokenReviewWebhookServer.start(spec -> TokenReviewDecision.noOpinion())) {
      builder(server.webhookConfig()).build().authenticateToken(odd, List.of("aud,with,commas", "ü"));

      assertThat(server.lastReview().orElseThrow().token()).isEqualTo(odd);
      assertThat(server.lastReview().orElseThrow().audiences()).containsExactly("aud,with,commas", "ü");
    }
  }

  @Test
  void aMultiLineErrorFromTheWebhookIsPassedOnAsUpstreamDoes() {
    try (TokenReviewWebhookServer server = TokenReviewWebhookServer.start(spec -> TokenReviewDecision.reject("line one\nline two"))) {
      assertThat(failure(builder(server.webhookConfig()).build().authenticateToken(TOKEN, List.of()))).isEqualTo("line one\nline two");
    }
  }

  @Test
  void anUnsupportedSchemeFailsEachRequest() {
    LocalAuthority ca = LocalAuthority.create("ca", Clock.systemUTC());

    assertThat(failure(builder(WebhookConfig.of("ftp://files.example/", ca.certificatePem())).build().authenticateToken(TOKEN, List.of())))
        .isEqualTo("Post \"ftp://files.example/?timeout=30s\": unsupported protocol scheme \"ftp\"");
  }
}
