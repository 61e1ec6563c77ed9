package dev.authlab.authn.webhook;

import java.time.Duration;

/** Waits between webhook retries; tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Thread.sleep; negative and zero durations return at once. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000L));
      }
    };
  }
}
