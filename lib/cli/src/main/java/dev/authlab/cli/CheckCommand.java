package dev.authlab.cli;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cli.check.Check;
import dev.authlab.cli.check.Expectations;
import dev.authlab.cli.check.JunitReport;
import dev.authlab.cli.check.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * `authlab check`: declarative RBAC expectations, checked against manifests, for CI. Every check is
 * decided by the testkit's {@code Access}, as the AssertJ assertions decide it.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check an expectations file (who can and cannot do what) against RBAC manifests. Prints one row per check",
      "and, under each failure, why: the near misses, or the binding and rule that grant too much.",
      "Exit 0 when every check passes, 1 when any fails, 2 when the input cannot be read.",
      "Lines read like kubectl auth can-i: VERB TYPE[/SUBRESOURCE] [NAME] [-n NS | -A], or VERB /URL.",
      "See docs/testing-your-rbac.md for the file format."
    })
public final class CheckCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Option(names = {"--expect", "-e"}, required = true, paramLabel = "FILE", description = "The expectations file (YAML).")
  Path expectations;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML, for CI systems.")
  Optional<Path> junit = Optional.empty();

  @Mixin PolicyOptions policyOptions;

  @Override
  public Integer call() {
    Io io = parent.io();
    Expectations expected = Expectations.load(expectations, io.err()::println);
    RbacPolicy policy = policyOptions.load(io.err());
    List<Outcome> outcomes = new ArrayList<>();
    for (Check check : expected.checks()) {
      outcomes.add(new Outcome(check, check.verify(policy)));
    }
    print(io, outcomes);
    junit.ifPresent(file -> JunitReport.write(file, outcomes));
    return outcomes.stream().allMatch(Outcome::passed) ? ExitCodes.YES : ExitCodes.NO;
  }

  private static void print(Io io, List<Outcome> outcomes) {
    TabWriter table = new TabWriter();
    table.row("SUBJECT", "CHECK", "RESULT");
    for (Outcome outcome : outcomes) {
      table.row(outcome.check().subject().label(), outcome.check().text(), outcome.passed() ? "PASS" : "FAIL");
    }
    table.flush(io.out());
    long failed = outcomes.stream().filter(o -> !o.passed()).count();
    for (Outcome outcome : outcomes) {
      if (!outcome.passed()) {
        io.out().println();
        io.out().println("FAIL " + outcome.check().subject().label() + ": " + outcome.check().text());
        for (String line : outcome.lines()) {
          io.out().println("    " + line);
        }
      }
    }
    io.out().println();
    io.out().println(outcomes.size() + " checks, " + (outcomes.size() - failed) + " passed, " + failed + " failed");
  }
}
