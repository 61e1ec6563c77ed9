package dev.authlab.gofmt;

import java.time.Duration;
import java.util.Locale;

/** Go's time.Duration text, as kube-apiserver prints it in flags and messages. */
public final class GoDurations {

  private GoDurations() {}

  /**
   * time.Duration.String(): {@code 0s}, {@code 7ns}, {@code 1.5µs}, {@code 500ms}, {@code 1.5s},
   * {@code 2m0s}, {@code 1h0m0s}, {@code -1m30s}.
   *
   * @throws IllegalArgumentException when {@code d} does not fit Go's int64 nanoseconds
   */
  public static String format(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration " + d + " does not fit Go's time.Duration", e);
    }
    if (nanos == 0) {
      return "0s";
    }
    if (nanos == Long.MIN_VALUE) {
      // no positive counterpart in a long; Go prints it from its unsigned value
      return "-2562047h47m16.854775808s";
    }
    return nanos < 0 ? "-" + positive(-nanos) : positive(nanos);
  }

  private static String positive(long nanos) {
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return fraction(nanos, 1_000L, 3) + "µs";
    }
    if (nanos < 1_000_000_000L) {
      return fraction(nanos, 1_000_000L, 6) + "ms";
    }
    long totalSeconds = nanos / 1_000_000_000L;
    long hours = totalSeconds / 3600;
    long minutes = (totalSeconds % 3600) / 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(fraction(nanos % 60_000_000_000L, 1_000_000_000L, 9)).append('s').toString();
  }

  /** {@code nanos / unit} with the remainder as a decimal fraction, trailing zeros dropped. */
  private static String fraction(long nanos, long unit, int digits) {
    long whole = nanos / unit;
    long rest = nanos % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String decimals = String.format(Locale.ROOT, "%0" + digits + "d", rest);
    int end = decimals.length();
    while (decimals.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + decimals.substring(0, end);
  }
}
