package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import dev.authlab.authn.UserInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream's TestV1WebhookTokenAuthenticator (and the v1beta1 twin): how the TokenReview status a
 * webhook returns becomes a user, audiences, no opinion or an error.
 */
class WebhookTokenAuthenticatorTest {

  private static final List<String> API = List.of("api");
  private static final String TOKEN = "my-s3cr3t-t0ken";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ScriptedWebhook webhook;
  private static volatile String status = "{}";

  @BeforeAll
  static void start() throws IOException {
    webhook = new ScriptedWebhook(call -> ScriptedWebhook.Reply.json(200,
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"status\":" + status + "}"));
  }

  @AfterAll
  static void stop() {
    webhook.close();
  }

  private static TokenAuthenticator authenticator(List<String> implicitAudiences) {
    // as upstream's test: the webhook behind a cache with a TTL of zero
    return webhook.config().withCacheTtl(Duration.ZERO).authenticator(implicitAudiences);
  }

  enum Expect {
    AUTHENTICATED,
    NO_OPINION
  }

  static Stream<Arguments> upstreamTable() {
    return Stream.of(
        Arguments.of("successful response passes the user through", List.of(), List.of(),
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"}}",
            Expect.AUTHENTICATED, new UserInfo("somebody", "", List.of(), Map.of()), List.of()),
        Arguments.of("successful response passes every user field through", List.of(), List.of(),
            "{\"authenticated\":true,\"user\":{\"username\":\"person@place.com\",\"uid\":\"abcd-1234\","
                + "\"groups\":[\"stuff-dev\",\"main-eng\"],\"extra\":{\"foo\":[\"bar\",\"baz\"]}}}",
            Expect.AUTHENTICATED,
            new UserInfo("person@place.com", "abcd-1234", List.of("stuff-dev", "main-eng"), Map.of("foo", List.of("bar", "baz"))),
            List.of()),
        Arguments.of("unauthenticated ignores the user the webhook sent anyway", List.of(), List.of(),
            "{\"authenticated\":false,\"user\":{\"username\":\"garbage\",\"uid\":\"abcd-1234\",\"groups\":[\"not-actually-used\"]}}",
            Expect.NO_OPINION, null, List.of()),
        Arguments.of("unauthenticated with nothing else", List.of(), List.of(), "{\"authenticated\":false}",
            Expect.NO_OPINION, null, List.of()),
        Arguments.of("good audience: no audiences from the webhook means the API server's", API, API,
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"}}",
            Expect.AUTHENTICATED, UserInfo.of("somebody"), API),
        Arguments.of("good audience: the intersection with the API server's audiences", List.of("api", "other"), API,
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"}}",
            Expect.AUTHENTICATED, UserInfo.of("somebody"), API),
        Arguments.of("bad audiences, unauthenticated", API, List.of("other"), "{\"authenticated\":false}",
            Expect.NO_OPINION, null, List.of()),
        Arguments.of("bad audiences: a webhook that knows nothing of audiences", API, List.of("other"),
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"}}",
            Expect.NO_OPINION, null, List.of()),
        Arguments.of("audience aware backend", API, API,
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"},\"audiences\":[\"api\"]}",
            Expect.AUTHENTICATED, UserInfo.of("somebody"), API),
        Arguments.of("audience aware backend, request without audiences: not checked", List.of(), List.of(),
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"},\"audiences\":[\"api\"]}",
            Expect.AUTHENTICATED, UserInfo.of("somebody"), List.of()),
        Arguments.of("audience aware backend vouching for another audience", API, API,
            "{\"authenticated\":true,\"user\":{\"username\":\"somebody\"},\"audiences\":[\"other\"]}",
            Expect.NO_OPINION, null, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamTable")
  void webhookStatusBecomesTheResult(
      String description, List<String> implicitAudiences, List<String> requestAudiences, String webhookStatus, Expect expect,
      UserInfo expectedUser, List<String> expectedAudiences) {
    status = webhookStatus;

    AuthnResult result = authenticator(implicitAudiences).authenticateToken(TOKEN, requestAudiences);

    JsonNode sent = JSON.readTree(webhook.last().body());
    assertThat(sent.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
    assertThat(sent.path("kind").asString()).isEqualTo("TokenReview");
    assertThat(sent.path("spec").path("token").asString()).isEqualTo(TOKEN);
    assertThat(sent.path("spec").path("audiences").valueStream().map(JsonNode::asString).toList()).isEqualTo(requestAudiences);
    assertThat(result).isNotInstanceOf(AuthnResult.Failed.class);
    if (expect == Expect.AUTHENTICATED) {
      assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
      AuthnResult.Authenticated authenticated = (AuthnResult.Authenticated) result;
      assertThat(authenticated.user()).isEqualTo(expectedUser);
      assertThat(authenticated.audiences()).isEqualTo(expectedAudiences);
    } else {
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
    }
  }

  @Test
  void unauthenticatedWithAnErrorIsAFailureCarryingTheWebhooksText() {
    status = "{\"authenticated\":false,\"error\":\"token expired at 12:00, go get a new one\"}";

    AuthnResult result = authenticator(List.of()).authenticateToken(TOKEN, List.of());

    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("token expired at 12:00, go get a new one");
  }

  @Test
  void audiencesAreCheckedBeforeTheErrorSoAMismatchHidesIt() {
    // upstream returns (nil, false, nil) on an audience mismatch before it looks at status.error
    status = "{\"authenticated\":false,\"error\":\"revoked\",\"audiences\":[\"other\"]}";

    AuthnResult result = authenticator(API).authenticateToken(TOKEN, API);

    assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(((AuthnResult.NoOpinion) result).reason()).contains("[other]").contains("[api]");
  }

  @Test
  void authenticatedWithAnEmptyUsernameIsStillAuthenticated() {
    status = "{\"authenticated\":true}";

    AuthnResult result = authenticator(List.of()).authenticateToken(TOKEN, List.of());

    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user().name()).isEmpty();
  }

  @Test
  void audienceIntersectionKeepsTheWebhooksOrderAndDuplicates() {
    assertThat(WebhookTokenAuthenticator.intersect(List.of("a", "b"), List.of("b", "x", "a", "b"))).containsExactly("b", "a", "b");
  }

  @Test
  void nullsInTheStatusReadAsGoZeroValues() {
    status = "{\"authenticated\":true,\"user\":{\"username\":\"n\",\"uid\":null,\"groups\":null,\"extra\":{\"k\":null}},"
        + "\"audiences\":null,\"error\":null}";

    AuthnResult result = authenticator(List.of()).authenticateToken(TOKEN, List.of());

    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user()).isEqualTo(new UserInfo("n", "", List.of(), Map.of("k", List.of())));
  }

  @Test
  void unicodeAndCommasInNamesArriveUntouched() {
    status = "{\"authenticated\":true,\"user\":{\"username\":\"Zoë, \\\"the admin\\\" Ñandú 🦊\","
        + "\"groups\":[\"a,b\",\"sys:masters \"],\"extra\":{\"scopes.example.com/ü\":[\"x,y\",\"\"]}}}";

    AuthnResult result = authenticator(List.of()).authenticateToken(TOKEN, List.of());

    UserInfo user = ((AuthnResult.Authenticated) result).user();
    assertThat(user.name()).isEqualTo("Zoë, \"the admin\" Ñandú 🦊");
    assertThat(user.groups()).containsExactly("a,b", "sys:masters ");
    assertThat(user.extra()).containsEntry("scopes.example.com/ü", List.of("x,y", ""));
  }

  @Test
  void theTraceExplainsTheCallWithoutTheToken() {
    status = "{\"authenticated\":true,\"user\":{\"username\":\"somebody\",\"groups\":[\"dev\"]}}";

    AuthnResult result = authenticator(API).authenticateToken(TOKEN, API);

    List<String> lines = result.trace().lines();
    assertThat(lines).anyMatch(line -> line.startsWith("webhook: note - POST " + webhook.url() + "?timeout=30s"));
    assertThat(lines).anyMatch(line -> line.startsWith("webhook: authenticated - the webhook authenticated the token as \"somebody\""));
    assertThat(lines).anyMatch(line -> line.startsWith("token-cache: note - cache miss"));
    assertThat(String.join("\n", lines)).doesNotContain(TOKEN);
    assertThat(result.trace().steps()).extracting(Trace.Step::authenticator).contains("webhook");
  }

  @Test
  void v1beta1SendsAndAcceptsTheBetaVersion() throws IOException {
    try (ScriptedWebhook beta = new ScriptedWebhook(call -> ScriptedWebhook.Reply.json(200,
        "{\"apiVersion\":\"authentication.k8s.io/v1beta1\",\"kind\":\"TokenReview\","
            + "\"status\":{\"authenticated\":true,\"user\":{\"username\":\"beta\"},\"audiences\":[\"api\"]}}"))) {
      TokenAuthenticator authenticator = beta.config().withVersion(WebhookVersion.V1BETA1).withCacheTtl(Duration.ZERO).authenticator(API);

      AuthnResult result = authenticator.authenticateToken(TOKEN, API);

      assertThat(JSON.readTree(beta.last().body()).path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1beta1");
      assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(((AuthnResult.Authenticated) result).audiences()).containsExactly("api");
    }
  }

  @Test
  void aV1ClientAcceptsAV1beta1AnswerAsTheSchemeConvertsIt() throws IOException {
    try (ScriptedWebhook beta = ScriptedWebhook.always(ScriptedWebhook.Reply.json(200,
        "{\"apiVersion\":\"authentication.k8s.io/v1beta1\",\"kind\":\"TokenReview\",\"status\":{\"authenticated\":true,"
            + "\"user\":{\"username\":\"converted\"}}}"))) {
      AuthnResult result = beta.config().withCacheTtl(Duration.ZERO).authenticator(List.of()).authenticateToken(TOKEN, List.of());

      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("converted");
    }
  }

  @Test
  void theRequestGoesToTheConfiguredPathWithTheClientTimeoutAndJsonHeaders() {
    status = "{\"authenticated\":false}";

    authenticator(List.of()).authenticateToken(TOKEN, List.of());

    assertThat(webhook.last().method()).isEqualTo("POST");
    assertThat(webhook.last().uri()).isEqualTo("/authenticate?timeout=30s");
  }
}
