package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.CachedTokenAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's TestV1WebhookCacheAndRetry: errors are retried with backoff (429, 5xx) or not (404),
 * never cached, while answers are; plus the finer points of client-go's retry rules.
 */
class WebhookCacheAndRetryTest {

  /** Upstream's test backoff. */
  private static final Backoff TEST_BACKOFF = new Backoff(Duration.ofMillis(5), 1.5, 0.2, 5);

  private ScriptedWebhook webhook;
  private final List<Duration> slept = new CopyOnWriteArrayList<>();
  private volatile boolean allow;
  private volatile int code;

  @BeforeEach
  void start() throws IOException {
    webhook = new ScriptedWebhook(call -> code == 200
        ? ScriptedWebhook.Reply.json(200, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"status\":"
            + (allow ? "{\"authenticated\":true,\"user\":{\"username\":\"realHooman@email.com\"}}" : "{\"authenticated\":false}") + "}")
        : ScriptedWebhook.Reply.text(code, "HTTP Error\n"));
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  private WebhookTokenAuthenticator.Builder webhookBuilder(WebhookConfig config) {
    return WebhookTokenAuthenticator.builder(config).retryBackoff(TEST_BACKOFF).sleeper(slept::add).jitter(() -> 0.5);
  }

  private TokenAuthenticator cachedForever() {
    // "forever": 100 days, successes and failures alike, errors never
    Duration ttl = Duration.ofHours(2400);
    return CachedTokenAuthenticator.of(webhookBuilder(webhook.config()).build(), CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS,
        ttl, ttl, Clock.systemUTC());
  }

  private record Step(String description, String token, boolean allow, int code, boolean expectError, boolean expectOk, int expectCalls) {}

  @Test
  void errorsAreRetriedButNotCachedAnswersAreCached() {
    TokenAuthenticator authenticator = cachedForever();
    List<Step> steps = List.of(
        new Step("t0k3n, 500 error, retries and fails", "t0k3n", false, 500, true, false, 5),
        new Step("t0k3n, 404 error, fails (but no retry)", "t0k3n", false, 404, true, false, 1),
        new Step("t0k3n, 200 response, allowed, succeeds with a single call", "t0k3n", true, 200, false, true, 1),
        new Step("t0k3n, 500 response, disallowed, but never called because previous 200 response was cached", "t0k3n", false, 500,
            false, true, 0),
        new Step("an0th3r_t0k3n, 500 response, disallowed, should be called again with retries", "an0th3r_t0k3n", false, 500, true,
            false, 5),
        new Step("an0th3r_t0k3n, 429 response, disallowed, should be called again with retries", "an0th3r_t0k3n", false, 429, true,
            false, 5),
        new Step("an0th3r_t0k3n, 200 response, allowed, succeeds with a single call", "an0th3r_t0k3n", true, 200, false, true, 1),
        new Step("an0th3r_t0k3n, 500 response, disallowed, but never called because previous 200 response was cached",
            "an0th3r_t0k3n", false, 500, false, true, 0));
    for (Step step : steps) {
      allow = step.allow();
      code = step.code();
      webhook.resetCalls();

      AuthnResult result = authenticator.authenticateToken(step.token(), List.of());

      assertThat(result instanceof AuthnResult.Failed).as(step.description() + ": error").isEqualTo(step.expectError());
      assertThat(result.isAuthenticated()).as(step.description() + ": ok").isEqualTo(step.expectOk());
      assertThat(webhook.calls()).as(step.description() + ": calls").isEqualTo(step.expectCalls());
    }
  }

  @Test
  void aDenialIsCachedForTheFailureTtl() {
    TokenAuthenticator authenticator = cachedForever();
    allow = false;
    code = 200;

    authenticator.authenticateToken("denied", List.of());
    AuthnResult again = authenticator.authenticateToken("denied", List.of());

    assertThat(again).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(webhook.calls()).isEqualTo(1);
    assertThat(again.trace().lines()).anyMatch(line -> line.startsWith("token-cache: note - cache hit"));
  }

  static Stream<Arguments> httpErrors() {
    return Stream.of(
        Arguments.of(500, "an error on the server (\"HTTP Error\") has prevented the request from succeeding", 5),
        Arguments.of(502, "an error on the server (\"HTTP Error\") has prevented the request from succeeding", 5),
        Arguments.of(504, "the server was unable to return a response in the time allotted, but may still be processing the request", 5),
        Arguments.of(429, "the server has received too many requests and has asked us to try again later", 5),
        // 503 without Retry-After is ServiceUnavailable, which DefaultShouldRetry does not retry
        Arguments.of(503, "the server is currently unable to handle the request", 1),
        Arguments.of(404, "the server could not find the requested resource", 1),
        Arguments.of(400, "the server rejected our request for an unknown reason", 1),
        Arguments.of(401, "the server has asked for the client to provide credentials", 1),
        Arguments.of(403, "HTTP Error", 1),
        Arguments.of(405, "the server does not allow this method on the requested resource", 1),
        Arguments.of(409, "the server reported a conflict", 1),
        Arguments.of(415, "HTTP Error", 1),
        Arguments.of(422, "the server rejected our request due to an error in our request", 1),
        Arguments.of(418, "the server responded with the status code 418 but did not return more information", 1),
        Arguments.of(302, "the server responded with the status code 302 but did not return more information", 1),
        Arguments.of(207, "the server responded with the status code 207 but did not return more information", 1));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @MethodSource("httpErrors")
  void httpErrorsReadAsClientGoWordsThem(int status, String message, int calls) {
    code = status;

    AuthnResult result = webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo(message);
    assertThat(webhook.calls()).isEqualTo(calls);
    assertThat(slept).hasSize(calls - 1);
  }

  @Test
  void retriesWaitAsWaitBackoffStepComputes() {
    code = 500;

    webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    // 5ms, 7.5ms, 11.25ms, 16.875ms, each stretched by 0.5 * 20% jitter
    assertThat(slept).containsExactly(Duration.ofNanos(5_500_000), Duration.ofNanos(8_250_000), Duration.ofNanos(12_375_000),
        Duration.ofNanos(18_562_500));
  }

  @Test
  void theDefaultBackoffIsHalfASecondTimesOneAndAHalfFiveTimes() {
    assertThat(Backoff.DEFAULT.waits(() -> 0.0)).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750),
        Duration.ofMillis(1125), Duration.ofNanos(1_687_500_000));
    assertThat(Backoff.DEFAULT.waits(() -> 0.999)).allSatisfy(wait -> assertThat(wait).isLessThan(Duration.ofMillis(2025)));
  }

  @Test
  void retryAfterMakesTheRestClientRetryTenTimesWithinOneAttempt() {
    webhook.script(call -> ScriptedWebhook.Reply.text(503, "busy").withHeader("Retry-After", "0"));

    AuthnResult result = webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    // 1 + 10 client-go retries; then a 503 whose Retry-After is 0 does not ask the webhook code for more
    assertThat(webhook.calls()).isEqualTo(11);
    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("the server is currently unable to handle the request");
    assertThat(slept).hasSize(10).allMatch(Duration::isZero);
  }

  @Test
  void aPositiveRetryAfterAlsoMakesTheWebhookBackOff() {
    webhook.script(call -> ScriptedWebhook.Reply.text(503, "busy").withHeader("Retry-After", "1"));

    webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(webhook.calls()).isEqualTo(55);
    assertThat(slept.stream().filter(d -> d.equals(Duration.ofSeconds(1)))).hasSize(50);
  }

  @Test
  void retryAfterOnA404IsNotFollowedByTheClientButSuggestsADelay() {
    webhook.script(call -> ScriptedWebhook.Reply.text(404, "nope").withHeader("Retry-After", "2"));

    webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(webhook.calls()).isEqualTo(5);
  }

  @Test
  void aStatusBodyReplacesTheGenericMessageAndDecidesRetries() {
    webhook.script(call -> ScriptedWebhook.Reply.json(500,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"tokens of this kind are disabled\","
            + "\"reason\":\"Forbidden\",\"code\":403}"));

    AuthnResult result = webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("tokens of this kind are disabled");
    assertThat(webhook.calls()).isEqualTo(1);
  }

  @Test
  void aFailureStatusWithA200IsAnErrorToo() {
    webhook.script(call -> ScriptedWebhook.Reply.json(200,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"slow down\",\"reason\":\"TooManyRequests\"}"));

    AuthnResult result = webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("slow down");
    assertThat(webhook.calls()).isEqualTo(5);
  }

  @Test
  void aSuccessStatusIsNoReviewSoNoOpinion() {
    webhook.script(call -> ScriptedWebhook.Reply.json(200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\"}"));

    assertThat(webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  @Test
  void theTraceShowsEachRetry() {
    code = 500;

    AuthnResult result = webhookBuilder(webhook.config()).build().authenticateToken("t0k3n", List.of());

    assertThat(result.trace().lines()).filteredOn(line -> line.contains("retrying in")).hasSize(4);
    assertThat(result.trace().lines()).contains("webhook: note - attempt 1 of 5 failed (an error on the server (\"HTTP Error\") has "
        + "prevented the request from succeeding); retrying in 5.5ms");
  }
}
