package dev.authlab.cli.grade;

import dev.authlab.cli.grade.Progress.CheckProgress;
import dev.authlab.cli.grade.Progress.LabProgress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The result of grading some labs once: per lab (in number order) its outcome, and problems of the run itself. */
public record GradeRun(Tier tier, Map<Lab, LabOutcome> labs, List<String> problems) {

  public GradeRun {
    labs = Collections.unmodifiableMap(new LinkedHashMap<>(labs));
    problems = List.copyOf(problems);
  }

  /** Every graded check passed, and nothing was skipped or failed to compile. */
  public boolean allPassed() {
    return problems.isEmpty() && !labs.isEmpty() && labs.values().stream().allMatch(outcome ->
        outcome instanceof LabOutcome.Graded graded && graded.complete());
  }

  /** The check the reader should look at next: the first failing one of the first lab with one. */
  public Optional<FirstFailure> firstFailure() {
    for (Map.Entry<Lab, LabOutcome> entry : labs.entrySet()) {
      if (entry.getValue() instanceof LabOutcome.Graded graded) {
        Optional<CheckResult> failed = graded.results().stream().filter(CheckResult::failed).findFirst();
        if (failed.isPresent()) {
          return Optional.of(new FirstFailure(entry.getKey(), failed.get()));
        }
      }
    }
    return Optional.empty();
  }

  public record FirstFailure(Lab lab, CheckResult result) {}

  /**
   * The progress after this run: each graded lab's checks that ran replace what was remembered (a skipped
   * check keeps its last real result); hints shown are kept.
   */
  public Progress remember(Progress before, Instant now) {
    Progress after = before;
    for (Map.Entry<Lab, LabOutcome> entry : labs.entrySet()) {
      LabProgress old = before.lab(entry.getKey()).orElse(LabProgress.none());
      LabProgress next;
      if (entry.getValue() instanceof LabOutcome.Graded graded) {
        Map<String, CheckProgress> checks = new LinkedHashMap<>(old.checks());
        for (CheckResult result : graded.results()) {
          if (!result.skipped()) {
            checks.put(result.check().id(), new CheckProgress(result.check().tier(), result.passed(), now));
          }
        }
        next = new LabProgress(now, true, checks, old.hintsShown());
      } else {
        next = new LabProgress(now, false, old.checks(), old.hintsShown());
      }
      after = after.with(entry.getKey(), next);
    }
    return after;
  }
}
