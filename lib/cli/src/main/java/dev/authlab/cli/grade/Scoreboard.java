package dev.authlab.cli.grade;

import dev.authlab.cli.TabWriter;

import dev.authlab.cli.grade.Progress.CheckProgress;
import dev.authlab.cli.grade.Progress.LabProgress;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prints a grading run for the reader: one row per lab (this run's figures, or remembered ones marked
 * with when), javac's complaints for labs that do not compile, then the first failing check in plain
 * words with what went wrong and a hint.
 */
public final class Scoreboard {

  private static final int WRAP = 100;
  private static final int SHORT_REASON = 60;

  private final LabCatalog catalog;
  private final DateTimeFormatter when;
  private final String command;
  private final String options;

  /**
   * @param command how the reader runs the grader, for "next" suggestions (e.g. {@code ./authlab grade})
   * @param options options of this run to repeat in those suggestions (e.g. {@code --sources DIR}), or ""
   */
  public Scoreboard(LabCatalog catalog, ZoneId zone, String command, String options) {
    this.catalog = catalog;
    this.when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    this.command = command;
    this.options = options;
  }

  public void print(PrintWriter out, GradeRun run, Progress progress, Optional<Hints.Shown> hint) {
    TabWriter table = new TabWriter();
    table.row("LAB", "TITLE", "CHECKS", "TIER", "STATUS");
    for (Lab lab : catalog.labs()) {
      LabOutcome outcome = run.labs().get(lab);
      if (outcome != null) {
        table.row(graded(lab, outcome, run.tier()));
      } else {
        table.row(remembered(lab, progress.lab(lab)));
      }
    }
    table.flush(out);
    List<String> reasons = skipReasons(run);
    for (String reason : reasons) {
      out.println();
      wrap(out, "Skipped: ", reason);
    }
    for (String problem : run.problems()) {
      out.println();
      out.println("The checks could not all run: " + problem);
    }
    run.labs().forEach((lab, outcome) -> {
      if (outcome instanceof LabOutcome.DoesNotCompile broken) {
        out.println();
        out.println("Lab " + lab.nn() + " · " + lab.title() + " does not compile:");
        broken.diagnostics().forEach(line -> out.println("  " + line));
      }
    });
    run.firstFailure().ifPresent(first -> printFailure(out, first, hint, run.tier()));
    out.println();
    out.println(summary(run));
  }

  private String[] graded(Lab lab, LabOutcome outcome, Tier tier) {
    if (outcome instanceof LabOutcome.DoesNotCompile) {
      return new String[] {lab.nn(), lab.title(), "-", tier.tag(), "does not compile"};
    }
    List<CheckResult> results = ((LabOutcome.Graded) outcome).results();
    long passed = results.stream().filter(CheckResult::passed).count();
    return new String[] {lab.nn(), lab.title(), passed + "/" + results.size(), tiers(results.stream().map(r -> r.check().tier()).collect(Collectors.toList()), tier), status(results)};
  }

  private String[] remembered(Lab lab, Optional<LabProgress> progress) {
    if (progress.isEmpty() || progress.get().graded().getEpochSecond() == 0) {
      return new String[] {lab.nn(), lab.title(), "-", "-", "not graded yet"};
    }
    LabProgress p = progress.get();
    String since = " (remembered from " + when.format(p.graded()) + ")";
    if (!p.compiles()) {
      return new String[] {lab.nn(), lab.title(), "-", "-", "does not compile" + since};
    }
    List<Tier> tiers = p.checks().values().stream().map(CheckProgress::tier).collect(Collectors.toList());
    long passed = p.passed();
    int total = p.checks().size();
    return new String[] {lab.nn(), lab.title(), passed + "/" + total, tiers(tiers, Tier.LIBRARY), state(passed, total) + since};
  }

  /** Why checks were skipped, in full, once each (a row has room for the start of it only). */
  private static List<String> skipReasons(GradeRun run) {
    return run.labs().values().stream()
        .filter(outcome -> outcome instanceof LabOutcome.Graded)
        .flatMap(outcome -> ((LabOutcome.Graded) outcome).results().stream())
        .filter(CheckResult::skipped)
        .map(result -> ((Outcome.Skipped) result.outcome()).reason())
        .filter(reason -> !shortReason(reason).equals(reason))
        .distinct()
        .collect(Collectors.toList());
  }

  /** The reason, or its start when it would stretch the row (the whole of it is printed under the table). */
  static String shortReason(String reason) {
    return reason.length() <= SHORT_REASON ? reason : reason.substring(0, SHORT_REASON - 1).stripTrailing() + "… (see below)";
  }

  /** complete / in progress / not started over the checks that ran, and what was skipped and why. */
  static String status(List<CheckResult> results) {
    if (results.isEmpty()) {
      return "no checks in this tier";
    }
    List<CheckResult> skipped = results.stream().filter(CheckResult::skipped).collect(Collectors.toList());
    String reason = skipped.isEmpty() ? "" : shortReason(((Outcome.Skipped) skipped.get(0).outcome()).reason());
    if (skipped.size() == results.size()) {
      return "skipped: " + reason;
    }
    long ran = results.size() - skipped.size();
    long passed = results.stream().filter(CheckResult::passed).count();
    String state = state(passed, ran);
    return skipped.isEmpty() ? state : state + "; " + skipped.size() + " skipped: " + reason;
  }

  private static String state(long passed, long total) {
    if (total > 0 && passed == total) {
      return "complete";
    }
    return passed == 0 ? "not started" : "in progress";
  }

  private static String tiers(List<Tier> tiers, Tier asked) {
    if (tiers.isEmpty()) {
      return asked.tag();
    }
    return tiers.stream().distinct().sorted().map(Tier::tag).collect(Collectors.joining("+"));
  }

  private void printFailure(PrintWriter out, GradeRun.FirstFailure first, Optional<Hints.Shown> hint, Tier tier) {
    Lab lab = first.lab();
    Check check = first.result().check();
    out.println();
    out.println("First failing check, lab " + lab.nn() + " · " + lab.title() + ":");
    out.println("  " + check.words() + "   [" + check.id() + ", " + check.tier().tag() + "]");
    Outcome.Failed failed = (Outcome.Failed) first.result().outcome();
    for (String line : failed.lines()) {
      out.println("    " + line);
    }
    if (!failed.printed().isEmpty()) {
      out.println("  What it printed" + (failed.printed().size() == CheckRunner.PRINTED_LINES ? " (last lines)" : "") + ":");
      failed.printed().forEach(line -> out.println("    | " + line));
    }
    if (hint.isEmpty() || !hint.get().check().equals(check.id())) {
      return;
    }
    Hints.Shown shown = hint.get();
    String hintsFile = "labs/hints/" + lab.nn() + ".md";
    if (shown.text().isEmpty()) {
      out.println("  (" + hintsFile + " has no hint for " + check.id() + ")");
      return;
    }
    wrap(out, "  Hint " + shown.number() + " of " + shown.total() + ": ", shown.text().get());
    if (shown.pastLast() || shown.number() == shown.total()) {
      String solved = "solutions/src/main/java/" + lab.packageName().replace('.', '/') + "/";
      out.println("  " + (shown.pastLast() ? "That was the last hint" : "This is the last hint") + " for this check; the solved lab is in " + solved);
    } else {
      out.println("  Next hint: " + command + " " + lab.nn() + " --hint" + (tier == Tier.LIBRARY ? "" : " --tier " + tier.tag()) + options);
    }
  }

  private String summary(GradeRun run) {
    long total = 0;
    long passed = 0;
    long skipped = 0;
    for (LabOutcome outcome : run.labs().values()) {
      if (outcome instanceof LabOutcome.Graded graded) {
        total += graded.results().size();
        passed += graded.passed();
        skipped += graded.results().stream().filter(CheckResult::skipped).count();
      }
    }
    String labs = run.labs().size() == 1 ? "Lab " + run.labs().keySet().iterator().next().nn() : run.labs().size() + " labs";
    String what = run.tier() == Tier.ALL ? "" : run.tier().tag() + " ";
    StringBuilder line = new StringBuilder(labs + ": " + passed + " of " + total + " " + what + "checks pass");
    if (skipped > 0) {
      line.append(", ").append(skipped).append(" skipped");
    }
    long broken = run.labs().values().stream().filter(o -> o instanceof LabOutcome.DoesNotCompile).count();
    if (broken > 0) {
      line.append(", ").append(broken).append(broken == 1 ? " lab does" : " labs do").append(" not compile");
    }
    line.append('.');
    if (run.allPassed() && run.tier() == Tier.LIBRARY) {
      String which = run.labs().size() == 1 ? " " + run.labs().keySet().iterator().next().nn() : "";
      line.append(System.lineSeparator()).append("Next, the same against a real API server: ").append(command).append(which)
          .append(" --tier cluster").append(options).append(" (labs/README.md says what it needs).");
    }
    return line.toString();
  }

  /** Prints {@code head} then {@code text}, wrapped, continuation lines indented under the text. */
  private static void wrap(PrintWriter out, String head, String text) {
    String indent = " ".repeat(head.length());
    StringBuilder line = new StringBuilder(head);
    boolean lineHasWords = false;
    for (String word : text.split(" ")) {
      if (lineHasWords && line.length() + 1 + word.length() > WRAP) {
        out.println(line);
        line = new StringBuilder(indent);
        lineHasWords = false;
      }
      line.append(lineHasWords ? " " : "").append(word);
      lineHasWords = true;
    }
    out.println(line);
  }
}
