package dev.authlab.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Upstream's cached_token_authenticator_test.go, and the cache rules the webhook relies on. */
class CachedTokenAuthenticatorTest {

  /** A clock the test moves. */
  static final class StepClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void step(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A backend that records tokens and answers from a table (or no opinion, or an error). */
  static final class FakeBackend implements TokenAuthenticator {
    final List<String> calledWith = new CopyOnWriteArrayList<>();
    volatile Map<String, String> users = Map.of();
    volatile String error = "";

    @Override
    public AuthnResult authenticateToken(String token, List<String> audiences) {
      calledWith.add(token);
      if (!error.isEmpty()) {
        return AuthnResult.failed("fake", error);
      }
      String user = users.get(token);
      return user == null ? AuthnResult.noOpinion("fake", "unknown token") : AuthnResult.authenticated("fake", UserInfo.of(user), "known");
    }

    @Override
    public String name() {
      return "fake";
    }
  }

  private static String userOf(AuthnResult result) {
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user().name();
  }

  @Test
  void cachesSuccessesForTheSuccessTtlAndFailuresNotAtAllWithAZeroFailureTtl() {
    FakeBackend backend = new FakeBackend();
    StepClock clock = new StepClock();
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ofMinutes(1), Duration.ZERO, clock);

    for (String token : List.of("bad1", "bad2", "bad3")) {
      cache.authenticateToken(token, List.of());
    }
    clock.step(Duration.ofNanos(2_000));
    for (String token : List.of("bad1", "bad2", "bad3")) {
      cache.authenticateToken(token, List.of());
    }
    assertThat(backend.calledWith).as("failing calls do not stay in the cache").containsExactly("bad1", "bad2", "bad3", "bad1", "bad2", "bad3");

    backend.calledWith.clear();
    backend.users = Map.of("usertoken1", "user1", "usertoken2", "user2", "usertoken3", "user3");
    assertThat(userOf(cache.authenticateToken("usertoken1", List.of()))).isEqualTo("user1");
    assertThat(userOf(cache.authenticateToken("usertoken2", List.of()))).isEqualTo("user2");
    assertThat(userOf(cache.authenticateToken("usertoken3", List.of()))).isEqualTo("user3");
    assertThat(backend.calledWith).containsExactly("usertoken1", "usertoken2", "usertoken3");

    // the backend now fails everything, but the cache answers without asking
    backend.calledWith.clear();
    backend.users = Map.of();
    assertThat(userOf(cache.authenticateToken("usertoken1", List.of()))).isEqualTo("user1");
    assertThat(userOf(cache.authenticateToken("usertoken2", List.of()))).isEqualTo("user2");
    assertThat(userOf(cache.authenticateToken("usertoken3", List.of()))).isEqualTo("user3");
    assertThat(backend.calledWith).isEmpty();

    clock.step(Duration.ofMinutes(2));
    cache.authenticateToken("usertoken1", List.of());
    cache.authenticateToken("usertoken2", List.of());
    cache.authenticateToken("usertoken3", List.of());
    assertThat(backend.calledWith).containsExactly("usertoken1", "usertoken2", "usertoken3");
  }

  @Test
  void audiencesArePartOfTheKey() {
    TokenAuthenticator backend = (token, audiences) ->
        AuthnResult.authenticated("fake", UserInfo.of(Map.of("audAusertoken1", "user1", "audBusertoken1", "user1-different")
            .get(audiences.get(0) + token)), "known");
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ofMinutes(1), Duration.ZERO, new StepClock());

    assertThat(userOf(cache.authenticateToken("usertoken1", List.of("audA")))).isEqualTo("user1");
    assertThat(userOf(cache.authenticateToken("usertoken1", List.of("audB")))).isEqualTo("user1-different");
  }

  // upstream's benchmark token and audiences, and its deterministic HMAC key
  private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9z"
      + "ZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJvcGVuc2hpZnQtc2RuIiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9zZWNyZXQubmFtZSI6InNkbi10b2tl"
      + "bi1nNndtYyIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VydmljZS1hY2NvdW50Lm5hbWUiOiJzZG4iLCJrdWJlcm5ldGVzLmlvL3NlcnZpY2VhY2Nv"
      + "dW50L3NlcnZpY2UtYWNjb3VudC51aWQiOiIzYzM5YzNhYS1kM2Q5LTExZTktYTVkMC0wMmI3YjllODg1OWUiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6"
      + "b3BlbnNoaWZ0LXNkbjpzZG4ifQ.PIs0rsUTekj5AX8yJeLDyW4vQB17YS4IOgO026yjEvsCY7Wv_2TD0lwyZWqyQh639q3jPh2_3LTQq2Cp0cReBP1PYOIGgprNm3C"
      + "-3OFZRnkls-GH09kvPYE8J_-a1YwjxucOwytzJvEM5QTC9iXfEJNSTBfLge-HMYT1y0AGKs8DWTSC4rtd_2PedK3OYiAyDg_xHA8qNpG9pRNM8vfjV9VsmqJtlbnT"
      + "VlTngqC0t5vyMaWrmLNRxN0rTbN2W9L3diXRnYqI8BUfgPQb7uhYcPuXGeypaFrN4d3yNN4NbgVxnkgdd2IXQ8elSJuQn6ynrvLgG0JPMmThOHnwvsZDeA";
  private static final byte[] TEST_HMAC_KEY = "098c9e46-b7f4-4358-bb3c-35cb7495b836".getBytes(StandardCharsets.US_ASCII);

  @Test
  void keyDerivationMatchesUpstreamByteForByte() {
    List<String> audiences = List.of("7daf30b7-a85c-429b-8b21-e666aecbb235", "c22aa267-bdde-4acb-8505-998be7818400",
        "44f9b4f3-7125-4333-b04c-1446a16c6113");

    assertThat(HexFormat.of().formatHex(CachedTokenAuthenticator.key(TEST_HMAC_KEY, JWT, audiences)))
        .isEqualTo("22f7accd12f5836ca93b400aa133613b0a641fde6c4cd1e1218ada68d99bbbf0");
    assertThat(HexFormat.of().formatHex(CachedTokenAuthenticator.key(TEST_HMAC_KEY, JWT, List.of())))
        .isEqualTo("05346120a58eeab23f8c88b92c650a35e7c8b53efd4b0e932b02cbbf26f9381e");
  }

  @Test
  void lengthPrefixesKeepAmbiguousSplitsApart() {
    byte[] k = TEST_HMAC_KEY;
    assertThat(CachedTokenAuthenticator.key(k, "xy", List.of("z"))).isNotEqualTo(CachedTokenAuthenticator.key(k, "x", List.of("yz")));
    assertThat(CachedTokenAuthenticator.key(k, "t", List.of("a", "b"))).isNotEqualTo(CachedTokenAuthenticator.key(k, "t", List.of("b", "a")));
    assertThat(CachedTokenAuthenticator.key(k, "t", List.of(""))).isNotEqualTo(CachedTokenAuthenticator.key(k, "t", List.of()));
    assertThat(CachedTokenAuthenticator.key(k, "t", List.of())).isNotEqualTo(CachedTokenAuthenticator.key(new byte[32], "t", List.of()));
  }

  @Test
  void concurrentCallersShareOneLookup() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TokenAuthenticator slow = (token, audiences) -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lookups.incrementAndGet();
      return AuthnResult.authenticated("fake", UserInfo.of("chewbacca"), "known");
    };
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(slow, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ofMinutes(1), Duration.ZERO, Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<AuthnResult>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        results.add(pool.submit(() -> cache.authenticateToken("", List.of())));
      }
      Thread.sleep(500);
      release.countDown();
      for (Future<AuthnResult> result : results) {
        assertThat(userOf(result.get(10, TimeUnit.SECONDS))).isEqualTo("chewbacca");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lookups.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void aLookupThatThrowsIsAnInternalErrorAndIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    TokenAuthenticator crashing = (token, audiences) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("uh oh");
    };
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(crashing, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ofMinutes(1), Duration.ofMinutes(1), Clock.systemUTC());

    AuthnResult first = cache.authenticateToken("", List.of());
    cache.authenticateToken("", List.of());

    assertThat(first).isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) first).reason()).isEqualTo("Internal error occurred: authentication failed unexpectedly");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void audiencesAreForwarded() {
    AtomicReference<List<String>> seen = new AtomicReference<>();
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of((token, audiences) -> {
      seen.set(audiences);
      return AuthnResult.noOpinion("fake", "no");
    }, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS, Duration.ofMinutes(1), Duration.ZERO, Clock.systemUTC());

    cache.authenticateToken("", List.of("a"));

    assertThat(seen.get()).containsExactly("a");
  }

  @Test
  void errorsAreCachedOnlyWhenAskedTo() {
    FakeBackend backend = new FakeBackend();
    backend.error = "webhook down";
    StepClock clock = new StepClock();
    CachedTokenAuthenticator webhookStyle = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS,
        Duration.ofMinutes(2), Duration.ofMinutes(2), clock);
    CachedTokenAuthenticator cachingErrors = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ofMinutes(2), Duration.ofMinutes(2), clock);

    webhookStyle.authenticateToken("t", List.of());
    AuthnResult second = webhookStyle.authenticateToken("t", List.of());
    assertThat(backend.calledWith).hasSize(2);
    assertThat(second.trace().lines()).contains("fake: failed - webhook down").anyMatch(line -> line.contains("errors are not cached"));

    backend.calledWith.clear();
    cachingErrors.authenticateToken("t", List.of());
    AuthnResult cached = cachingErrors.authenticateToken("t", List.of());
    assertThat(backend.calledWith).hasSize(1);
    assertThat(((AuthnResult.Failed) cached).reason()).isEqualTo("webhook down");
  }

  @Test
  void noOpinionIsKeptForTheFailureTtlAndExpiresExactlyAtItsEnd() {
    FakeBackend backend = new FakeBackend();
    StepClock clock = new StepClock();
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS,
        Duration.ofMinutes(2), Duration.ofSeconds(30), clock);

    cache.authenticateToken("unknown", List.of());
    clock.step(Duration.ofSeconds(30).minusNanos(1));
    cache.authenticateToken("unknown", List.of());
    assertThat(backend.calledWith).hasSize(1);

    clock.step(Duration.ofNanos(1));
    cache.authenticateToken("unknown", List.of());
    assertThat(backend.calledWith).as("an entry is gone when the clock reaches its expiry").hasSize(2);
  }

  @Test
  void aZeroTtlCachesNothing() {
    FakeBackend backend = new FakeBackend();
    backend.users = Map.of("t", "u");
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS,
        Duration.ZERO, Duration.ZERO, new StepClock());

    cache.authenticateToken("t", List.of());
    cache.authenticateToken("t", List.of());

    assertThat(backend.calledWith).hasSize(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aHitSaysSoInTheTraceAndNeverShowsTheToken() {
    FakeBackend backend = new FakeBackend();
    backend.users = Map.of("s3cr3t-token-value", "u");
    StepClock clock = new StepClock();
    CachedTokenAuthenticator cache = CachedTokenAuthenticator.of(backend, CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS,
        Duration.ofMinutes(2), Duration.ofMinutes(2), clock);

    AuthnResult miss = cache.authenticateToken("s3cr3t-token-value", List.of());
    clock.step(Duration.ofSeconds(12));
    AuthnResult hit = cache.authenticateToken("s3cr3t-token-value", List.of());

    assertThat(miss.trace().lines()).last().asString().startsWith("token-cache: note - cache miss; cached for 2m0s (success TTL)");
    assertThat(hit.trace().lines()).last().asString().matches("token-cache: note - cache hit \\(key [0-9a-f]{8}, stored 12s ago, "
        + "expires in 1m48s\\)");
    assertThat(String.join("\n", hit.trace().lines()) + hit + cache).doesNotContain("s3cr3t");
    assertThat(cache.name()).isEqualTo("fake");
  }
}
