package dev.authlab.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * A manifest the API server (or kubectl) would refuse, or a file that could not be read.
 *
 * <p>The message is one line: where, the field at fault when known, and what is wrong, e.g.
 * {@code policy/bad.yaml#2: rules[0].verbs: expected a list of strings, got a string "get"}.
 *
 * <p>Unchecked on purpose: it reports a user's input, which the caller can only show and stop on
 * (the CLI prints the message and exits 1). Jackson 3 and fabric8 8 made the same choice for their
 * own parse errors, and a checked exception would only be wrapped again in streams and notebooks.
 */
public final class ManifestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final String field;
  private final String problem;

  /**
   * @param location where: a path, or a {@link Source} as text ({@code team-a.yaml#3 items[1]})
   * @param field the JSON path of the field at fault ({@code rules[0].verbs}), or null when unknown
   * @param problem what is wrong, in the reader's terms
   */
  public ManifestException(String location, String field, String problem) {
    this(location, field, problem, null);
  }

  ManifestException(String location, String field, String problem, Throwable cause) {
    super(format(location, field, problem), cause);
    this.location = Objects.requireNonNull(location, "location");
    this.field = field == null || field.isEmpty() ? null : field;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  static ManifestException at(Source source, String field, String problem) {
    return new ManifestException(source.toString(), field, problem);
  }

  /** The file (or {@code file#document}, or {@code file#document items[i]}) at fault. */
  public String location() {
    return location;
  }

  /** The JSON path of the offending field, such as {@code subjects[1].apiGroup}. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }

  private static String format(String location, String field, String problem) {
    String where = field == null || field.isEmpty() ? location : location + ": " + field;
    // values are quoted with escapes already; this only guards against line breaks in a problem text
    return (where + ": " + problem).replaceAll("\\R+", " ");
  }
}
