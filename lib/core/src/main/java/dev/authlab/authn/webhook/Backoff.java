package dev.authlab.authn.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * apimachinery's wait.Backoff as the webhook uses it: up to {@code steps} calls; before each retry a
 * wait of {@code initial}, then {@code initial * factor}, … each stretched by a random share of up to
 * {@code jitter}. kube-apiserver's authentication webhook uses {@link #DEFAULT} (500ms, ×1.5, 20%
 * jitter, 5 calls); there is no flag for it.
 */
public record Backoff(Duration initial, double factor, double jitter, int steps) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), 1.5, 0.2, 5);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    if (steps <= 0) {
      // kube-apiserver's own validation message for the retry attempts
      throw new IllegalArgumentException("number of webhook retry attempts must be greater than 0, but is: " + steps);
    }
  }

  /** No waiting between the retries (tests). */
  public static Backoff immediate(int steps) {
    return new Backoff(Duration.ZERO, 1, 0, steps);
  }

  /**
   * The waits before retries 2..steps, as wait.Backoff.Step computes them: the duration grows by
   * the factor (truncated to whole nanoseconds) and jitter adds {@code random * jitter * duration}.
   */
  public List<Duration> waits(DoubleSupplier random) {
    List<Duration> waits = new ArrayList<>();
    long duration = initial.toNanos();
    for (int i = 1; i < steps; i++) {
      long wait = duration;
      if (factor != 0) {
        duration = (long) (duration * factor);
      }
      if (jitter > 0) {
        wait = wait + (long) (random.getAsDouble() * jitter * wait);
      }
      waits.add(Duration.ofNanos(wait));
    }
    return List.copyOf(waits);
  }
}
