package dev.authlab.authn.oidc;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link OidcAuthenticator} is built, beyond its JwtAuthenticator: the accepted signing
 * algorithms (empty means upstream's default, RS256 only; the config file path allows all nine),
 * issuers it may not use (kube-apiserver passes its service account issuers), the clock, how it reaches
 * the issuer (default: HTTPS trusting the issuer's certificateAuthority) and, for tests, a fixed key set
 * instead of discovery.
 */
public record OidcOptions(
    List<String> supportedSigningAlgs,
    List<String> disallowedIssuers,
    Clock clock,
    Optional<OidcFetcher> fetcher,
    Optional<KeySet> keySet) {

  public OidcOptions {
    supportedSigningAlgs = List.copyOf(supportedSigningAlgs);
    disallowedIssuers = List.copyOf(disallowedIssuers);
    Objects.requireNonNull(clock, "clock");
    fetcher = Objects.requireNonNullElse(fetcher, Optional.empty());
    keySet = Objects.requireNonNullElse(keySet, Optional.empty());
  }

  /** RS256 only, no disallowed issuers, the system clock, real HTTPS discovery. */
  public static OidcOptions defaults() {
    return new OidcOptions(List.of(), List.of(), Clock.systemUTC(), Optional.empty(), Optional.empty());
  }

  public OidcOptions withSupportedSigningAlgs(List<String> algs) {
    return new OidcOptions(algs, disallowedIssuers, clock, fetcher, keySet);
  }

  public OidcOptions withDisallowedIssuers(List<String> issuers) {
    return new OidcOptions(supportedSigningAlgs, issuers, clock, fetcher, keySet);
  }

  public OidcOptions withClock(Clock newClock) {
    return new OidcOptions(supportedSigningAlgs, disallowedIssuers, newClock, fetcher, keySet);
  }

  public OidcOptions withFetcher(OidcFetcher newFetcher) {
    return new OidcOptions(supportedSigningAlgs, disallowedIssuers, clock, Optional.of(newFetcher), keySet);
  }

  public OidcOptions withKeySet(KeySet keys) {
    return new OidcOptions(supportedSigningAlgs, disallowedIssuers, clock, fetcher, Optional.of(keys));
  }
}
