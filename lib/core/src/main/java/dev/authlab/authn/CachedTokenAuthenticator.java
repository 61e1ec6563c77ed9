package dev.authlab.authn;

import dev.authlab.gofmt.GoDurations;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * apiserver's token cache (k8s.io/apiserver/pkg/authentication/token/cache): remembers what a token
 * authenticator said about a token, for the expected audiences, for a while. kube-apiserver uses it
 * twice: around the webhook (its --authentication-token-webhook-cache-ttl, errors not cached), and
 * around the whole token union (TokenSuccessCacheTTL 10s, TokenFailureCacheTTL 0, errors cached);
 * see {@link ApiServerAuthenticator}.
 *
 * <ul>
 *   <li>Authenticated answers are kept for the success TTL; no opinion and failures for the failure
 *       TTL; a TTL of zero (or less) keeps nothing. Failures are kept only with
 *       {@link ErrorCaching#CACHE_ERRORS}; the webhook does not cache them, so an outage is retried
 *       on the next request.
 *   <li>The key is an HMAC-SHA256, under a random key made for this cache, of the length-prefixed
 *       token and audiences: tokens are never kept, and different audiences never share an answer.
 *   <li>Callers asking about the same key at the same time share one lookup.
 *   <li>An entry is good while the clock is before its expiry.
 *   <li>The trace gets one note: a hit, a miss and what was stored, or why nothing was; a rejection
 *       with no failure TTL (kube-apiserver's default) gets none, so its trace is the union's alone.
 * </ul>
 */
public final class CachedTokenAuthenticator implements TokenAuthenticator {

  /** Upstream's cacheErrs. */
  public enum ErrorCaching {
    CACHE_ERRORS,
    DO_NOT_CACHE_ERRORS
  }

  /** The error upstream returns when the wrapped authenticator panics. */
  public static final String CRASH_ERROR = "Internal error occurred: authentication failed unexpectedly";

  static final String NOTE = "token-cache";

  // a shared lookup gives up after this long, as upstream's detached lookup context does
  private static final Duration SHARED_LOOKUP_TIMEOUT = Duration.ofSeconds(30);
  private static final int SWEEP_EVERY = 256;

  private final TokenAuthenticator delegate;
  private final ErrorCaching errorCaching;
  private final Duration successTtl;
  private final Duration failureTtl;
  private final Clock clock;
  private final byte[] hmacKey;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<AuthnResult>> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong sets = new AtomicLong();

  private record Entry(AuthnResult result, Instant stored, Instant expires) {}

  private CachedTokenAuthenticator(
      TokenAuthenticator delegate, ErrorCaching errorCaching, Duration successTtl, Duration failureTtl, Clock clock, byte[] hmacKey) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.errorCaching = Objects.requireNonNull(errorCaching, "errorCaching");
    this.successTtl = Objects.requireNonNull(successTtl, "successTtl");
    this.failureTtl = Objects.requireNonNull(failureTtl, "failureTtl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hmacKey = hmacKey.clone();
  }

  public static CachedTokenAuthenticator of(
      TokenAuthenticator delegate, ErrorCaching errorCaching, Duration successTtl, Duration failureTtl, Clock clock) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new CachedTokenAuthenticator(delegate, errorCaching, successTtl, failureTtl, clock, key);
  }

  /** A cache with a fixed HMAC key, so tests can check the key derivation against upstream's. */
  static CachedTokenAuthenticator withHmacKey(
      TokenAuthenticator delegate, ErrorCaching errorCaching, Duration successTtl, Duration failureTtl, Clock clock, byte[] key) {
    return new CachedTokenAuthenticator(delegate, errorCaching, successTtl, failureTtl, clock, key);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  public TokenAuthenticator delegate() {
    return delegate;
  }

  /** How many answers are stored (expired ones may linger until the next sweep). */
  public int size() {
    return entries.size();
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    byte[] keyBytes = key(hmacKey, token, audiences);
    String key = HexFormat.of().formatHex(keyBytes);
    String shown = "key " + key.substring(0, 8);
    Entry hit = entries.get(key);
    Instant now = clock.instant();
    if (hit != null && now.isBefore(hit.expires())) {
      return annotate(hit.result(), "cache hit (" + shown + ", stored " + GoDurations.format(Duration.between(hit.stored(), now))
          + " ago, expires in " + GoDurations.format(Duration.between(now, hit.expires())) + ")");
    }
    CompletableFuture<AuthnResult> mine = new CompletableFuture<>();
    CompletableFuture<AuthnResult> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return awaitShared(running, shown);
    }
    AuthnResult result = null;
    String note;
    try {
      Entry raced = entries.get(key);
      if (raced != null && clock.instant().isBefore(raced.expires())) {
        result = raced.result();
        note = "cache hit (" + shown + ")";
      } else {
        Lookup lookup = lookup(token, audiences);
        result = lookup.result();
        if (!lookup.crashed() && !result.isAuthenticated() && !isPositive(failureTtl)
            && !(result instanceof AuthnResult.Failed && errorCaching == ErrorCaching.DO_NOT_CACHE_ERRORS)) {
          // a rejection with no failure TTL (kube-apiserver's default): nothing happened worth a line
          note = null;
        } else {
          note = (lookup.crashed() ? "cache miss; the lookup crashed, nothing cached" : store(key, result)) + " (" + shown + ")";
        }
      }
    } finally {
      inFlight.remove(key, mine);
      if (result != null) {
        mine.complete(result);
      } else {
        mine.completeExceptionally(new IllegalStateException("the lookup did not finish"));
      }
    }
    return note == null ? result : annotate(result, note);
  }

  private static boolean isPositive(Duration ttl) {
    return !ttl.isZero() && !ttl.isNegative();
  }

  private record Lookup(AuthnResult result, boolean crashed) {}

  private Lookup lookup(String token, List<String> audiences) {
    try {
      AuthnResult result = delegate.authenticateToken(token, audiences);
      if (result != null) {
        return new Lookup(result, false);
      }
    } catch (RuntimeException e) {
      // upstream recovers a panicking lookup into an internal error, and caches nothing
      return new Lookup(new AuthnResult.Failed(CRASH_ERROR, Trace.of(delegate.name(), Trace.Verdict.FAILED,
          CRASH_ERROR + " (" + e.getClass().getSimpleName() + ")")), true);
    }
    return new Lookup(new AuthnResult.Failed(CRASH_ERROR, Trace.of(delegate.name(), Trace.Verdict.FAILED,
        CRASH_ERROR + " (no result)")), true);
  }

  /** Stores the answer if its TTL allows; says what happened. */
  private String store(String key, AuthnResult result) {
    if (result instanceof AuthnResult.Failed && errorCaching == ErrorCaching.DO_NOT_CACHE_ERRORS) {
      return "cache miss; errors are not cached";
    }
    Duration ttl = result.isAuthenticated() ? successTtl : failureTtl;
    String kind = result.isAuthenticated() ? "success" : "failure";
    if (ttl.isZero() || ttl.isNegative()) {
      return "cache miss; not cached (" + kind + " TTL " + GoDurations.format(ttl) + ")";
    }
    Instant now = clock.instant();
    entries.put(key, new Entry(result, now, now.plus(ttl)));
    if (sets.incrementAndGet() % SWEEP_EVERY == 0) {
      entries.values().removeIf(entry -> !clock.instant().isBefore(entry.expires()));
    }
    return "cache miss; cached for " + GoDurations.format(ttl) + " (" + kind + " TTL)";
  }

  private AuthnResult awaitShared(CompletableFuture<AuthnResult> running, String shown) {
    try {
      AuthnResult shared = running.get(SHARED_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return annotate(shared, "shared the lookup already running for the same token and audiences (" + shown + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AuthnResult.failed(delegate.name(), "context canceled");
    } catch (ExecutionException e) {
      return AuthnResult.failed(delegate.name(), CRASH_ERROR);
    } catch (TimeoutException e) {
      return AuthnResult.failed(delegate.name(), "context deadline exceeded");
    }
  }

  private static AuthnResult annotate(AuthnResult result, String note) {
    Trace trace = result.trace().then(NOTE, Trace.Verdict.NOTE, note);
    if (result instanceof AuthnResult.Authenticated authenticated) {
      return authenticated.withTrace(trace);
    }
    if (result instanceof AuthnResult.NoOpinion noOpinion) {
      return new AuthnResult.NoOpinion(noOpinion.reason(), trace);
    }
    return new AuthnResult.Failed(((AuthnResult.Failed) result).reason(), trace);
  }

  /**
   * Upstream's keyFunc: HMAC-SHA256 over the token and the audiences, each prefixed by its length
   * (big-endian uint32), with the number of audiences in between, so "xy"+"z" and "x"+"yz" differ.
   */
  static byte[] key(byte[] hmacKey, String token, List<String> audiences) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      writeLengthPrefixed(mac, token);
      mac.update(ByteBuffer.allocate(4).putInt(audiences.size()).array());
      for (String audience : audiences) {
        writeLengthPrefixed(mac, audience);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static void writeLengthPrefixed(Mac mac, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    mac.update(bytes);
  }
}
