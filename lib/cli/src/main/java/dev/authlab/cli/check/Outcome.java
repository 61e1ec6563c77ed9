package dev.authlab.cli.check;

import dev.authlab.testkit.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A check and its verdict. */
public record Outcome(Check check, Verdict verdict) {

  public Outcome {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(verdict, "verdict");
  }

  public boolean passed() {
    return verdict.passed();
  }

  /** The verdict's summary, then its explanation indented by two spaces: what a failure prints. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(verdict.summary());
    for (String line : verdict.explanation()) {
      lines.add("  " + line);
    }
    return lines;
  }
}
