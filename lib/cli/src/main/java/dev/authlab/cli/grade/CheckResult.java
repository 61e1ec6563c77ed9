package dev.authlab.cli.grade;

/** A check and how it went. */
public record CheckResult(Check check, Outcome outcome) {

  public boolean passed() {
    return outcome instanceof Outcome.Passed;
  }

  public boolean failed() {
    return outcome instanceof Outcome.Failed;
  }

  public boolean skipped() {
    return outcome instanceof Outcome.Skipped;
  }
}
