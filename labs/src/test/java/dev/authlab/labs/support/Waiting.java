package dev.authlab.labs.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Short polls for an API server to catch up (RBAC caches, controllers), as the lab conventions allow. */
public final class Waiting {

  private static final Duration POLL = Duration.ofMillis(200);

  private Waiting() {}

  /** Polls {@code condition} until it holds; fails, naming {@code what}, after {@code within}. */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting " + within.toSeconds() + " s for " + what);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
