package dev.authlab.labs.lab12_attacks_and_defences;

import java.util.Objects;

/** One way one subject can get more power than it was given. Given. */
public record Finding(SubjectRef subject, EscalationPath path) {

  public Finding {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(path, "path");
  }

  @Override
  public String toString() {
    return subject + " " + path;
  }
}
