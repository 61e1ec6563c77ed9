package dev.authlab.cli.grade;

import java.util.List;
import java.util.Locale;

/** Which checks to grade: the library tier (no control plane), the cluster tier, or both. */
public enum Tier {
  LIBRARY,
  CLUSTER,
  ALL;

  /** The JUnit tags the tier selects. */
  public List<String> tags() {
    return this == ALL ? List.of(LIBRARY.tag(), CLUSTER.tag()) : List.of(tag());
  }

  /** The tier's JUnit tag (the lowercase name). */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
