package dev.authlab.cli.grade;

import java.util.List;

/** How one check went. */
public sealed interface Outcome {

  record Passed() implements Outcome {}

  /**
   * Failed: what the reader should read, a few plain lines (no stack trace), and the last lines the
   * check printed (the reader's debugging output), if any.
   */
  record Failed(List<String> lines, List<String> printed) implements Outcome {
    public Failed {
      lines = List.copyOf(lines);
      printed = List.copyOf(printed);
    }
  }

  /** Not run, and why (for example: no control plane backend on this machine). Never counted as passed. */
  record Skipped(String reason) implements Outcome {}
}
