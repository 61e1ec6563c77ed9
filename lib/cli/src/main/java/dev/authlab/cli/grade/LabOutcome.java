package dev.authlab.cli.grade;

import java.util.List;

/** How one lab went in a grading run. */
public sealed interface LabOutcome {

  /** Compiled and ran: its checks in the order the reader should tackle them. */
  record Graded(List<CheckResult> results) implements LabOutcome {
    public Graded {
      results = List.copyOf(results);
    }

    public long passed() {
      return results.stream().filter(CheckResult::passed).count();
    }

    public boolean complete() {
      return !results.isEmpty() && results.stream().allMatch(CheckResult::passed);
    }
  }

  /** The reader's code (or its use by the graded tests) does not compile. */
  record DoesNotCompile(List<String> diagnostics) implements LabOutcome {
    public DoesNotCompile {
      diagnostics = List.copyOf(diagnostics);
    }
  }
}
