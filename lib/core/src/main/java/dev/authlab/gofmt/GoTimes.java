package dev.authlab.gofmt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Go's time formats that appear in upstream messages and API objects. */
public final class GoTimes {

  // 'uuuu' is the proleptic year, as Go counts it (year 0 is 0000, not 1 BC)
  private static final DateTimeFormatter RFC3339_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private GoTimes() {}

  /**
   * {@code t.UTC().Format(time.RFC3339)}, which is also metav1.Time's JSON form: whole seconds and
   * {@code Z}, e.g. {@code 2025-06-01T12:00:00Z}. kube-apiserver prints its own clock in its local
   * zone, which is UTC in the usual container images.
   */
  public static String rfc3339(Instant instant) {
    return RFC3339_UTC.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
