package dev.authlab.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When a certificate is valid: a fixed window, or a lifetime counted from the issuer's clock at the
 * moment of issue.
 */
public sealed interface Validity permits Validity.Window, Validity.Lifetime {

  /**
   * How far before "now" a certificate issued for a lifetime starts, so that a machine whose clock
   * runs a little behind the issuer's still accepts it. kubeadm uses the same five minutes
   * ({@code CertificateBackdate}).
   */
  Duration BACKDATE = Duration.ofMinutes(5);

  /** A fixed window. X.509 stores whole seconds, so both ends are truncated to the second. */
  static Validity between(Instant notBefore, Instant notAfter) {
    return new Window(notBefore, notAfter);
  }

  /** From {@link #BACKDATE} before the issuer's clock reads at issue time, until {@code lifetime} after it. */
  static Validity lasting(Duration lifetime) {
    return new Lifetime(lifetime);
  }

  /** The concrete window this validity gives when a certificate is issued at {@code clock}'s instant. */
  Window at(Clock clock);

  /** Valid from {@code notBefore} to {@code notAfter}, both inclusive, as RFC 5280 reads them. */
  record Window(Instant notBefore, Instant notAfter) implements Validity {
    public Window {
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(notAfter, "notAfter");
      notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
      notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
      if (!notAfter.isAfter(notBefore)) {
        throw new IllegalArgumentException(
            "notAfter (" + notAfter + ") must be after notBefore (" + notBefore + ")");
      }
    }

    @Override
    public Window at(Clock clock) {
      return this;
    }

    public boolean contains(Instant instant) {
      return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
  }

  /** A lifetime counted from the time of issue. */
  record Lifetime(Duration duration) implements Validity {
    public Lifetime {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("a certificate lifetime must be positive, got " + duration);
      }
    }

    @Override
    public Window at(Clock clock) {
      Instant now = clock.instant();
      return new Window(now.minus(BACKDATE), now.plus(duration));
    }
  }
}
