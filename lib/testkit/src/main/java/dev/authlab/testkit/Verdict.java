package dev.authlab.testkit;

import java.util.List;

/**
 * The answer of an {@link Access} check: it passed, or it failed with an explanation (the near
 * misses, or the binding and rule that grant what should not be granted) that tells the reader what
 * to change. Both the AssertJ assertions and {@code authlab check} print these.
 */
public sealed interface Verdict permits Verdict.Pass, Verdict.Fail {

  /** One line: what was checked and the outcome. */
  String summary();

  /** Lines explaining the outcome (for a pass, usually the granting binding or nothing). */
  List<String> explanation();

  default boolean passed() {
    return this instanceof Pass;
  }

  /** The summary, then the explanation indented by two spaces, joined with newlines. */
  default String render() {
    StringBuilder out = new StringBuilder(summary());
    for (String line : explanation()) {
      out.append(System.lineSeparator()).append("  ").append(line);
    }
    return out.toString();
  }

  record Pass(String summary, List<String> explanation) implements Verdict {
    public Pass {
      explanation = List.copyOf(explanation);
    }

    public Pass(String summary) {
      this(summary, List.of());
    }
  }

  record Fail(String summary, List<String> explanation) implements Verdict {
    public Fail {
      explanation = List.copyOf(explanation);
    }
  }
}
