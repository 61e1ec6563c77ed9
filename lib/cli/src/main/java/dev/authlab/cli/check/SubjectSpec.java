package dev.authlab.cli.check;

import dev.authlab.testkit.Subject;
import java.util.Objects;

/**
 * One entry of an expectations file's subjects: its 0-based index, how the table names it
 * ({@code jane [dev]}, {@code sa team-a/ci}), and the testkit subject the checks are about.
 */
public record SubjectSpec(int index, String label, Subject subject) {

  public SubjectSpec {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(subject, "subject");
  }
}
