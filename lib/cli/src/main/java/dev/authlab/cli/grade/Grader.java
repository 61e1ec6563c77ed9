package dev.authlab.cli.grade;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Grades labs once: compiles each (or reuses its classes), runs the tier's checks, orders them as the hints do. */
public final class Grader {

  private final LabCatalog catalog;
  private final LabCompiler compiler;
  private final CheckRunner runner;
  private final Consumer<String> status;

  public Grader(LabCatalog catalog, Sources sources, RuntimeClassPath classPath) {
    this(catalog, sources, classPath, line -> {});
  }

  /** {@code status} hears what takes time as it starts (compiling a lab, a lab's cluster checks), a line each. */
  public Grader(LabCatalog catalog, Sources sources, RuntimeClassPath classPath, Consumer<String> status) {
    this.catalog = catalog;
    this.compiler = new LabCompiler(catalog.project(), sources, classPath);
    this.runner = new CheckRunner();
    this.status = Objects.requireNonNull(status, "status");
  }

  public GradeRun grade(List<Lab> labs, Tier tier) {
    Map<Lab, LabOutcome> outcomes = new LinkedHashMap<>();
    Map<Lab, Path> compiled = compileAll(labs, outcomes);
    CheckRunner.Report report = compiled.isEmpty()
        ? new CheckRunner.Report(List.of(), List.of())
        : runner.run(compiled.values(), tier, status);
    for (Lab lab : compiled.keySet()) {
      List<CheckResult> results = report.results().stream()
          .filter(result -> result.check().lab() == lab.number())
          .sorted(order(catalog.hints(lab), CheckResult::check))
          .collect(Collectors.toList());
      outcomes.put(lab, new LabOutcome.Graded(results));
    }
    Map<Lab, LabOutcome> inLabOrder = new LinkedHashMap<>();
    labs.stream().sorted(Comparator.comparingInt(Lab::number)).forEach(lab -> inLabOrder.put(lab, outcomes.get(lab)));
    return new GradeRun(tier, inLabOrder, report.problems());
  }

  /** Every check of these labs in every tier, compiled but not run (for the hints' cross-checks). */
  public Map<Lab, List<Check>> discover(List<Lab> labs) {
    Map<Lab, LabOutcome> broken = new LinkedHashMap<>();
    Map<Lab, Path> compiled = compileAll(labs, broken);
    if (!broken.isEmpty()) {
      StringBuilder message = new StringBuilder("labs that do not compile:");
      broken.forEach((lab, outcome) -> message.append(" lab ").append(lab.nn()).append(": ")
          .append(String.join("; ", ((LabOutcome.DoesNotCompile) outcome).diagnostics())));
      throw new IllegalStateException(message.toString());
    }
    List<Check> checks = runner.discover(compiled.values(), Tier.ALL);
    Map<Lab, List<Check>> byLab = new LinkedHashMap<>();
    for (Lab lab : labs) {
      byLab.put(lab, checks.stream().filter(check -> check.lab() == lab.number())
          .sorted(order(catalog.hints(lab), c -> c)).collect(Collectors.toList()));
    }
    return byLab;
  }

  public HintSheet hints(Lab lab) {
    return catalog.hints(lab);
  }

  private Map<Lab, Path> compileAll(List<Lab> labs, Map<Lab, LabOutcome> broken) {
    Map<Lab, Path> compiled = new LinkedHashMap<>();
    for (Lab lab : labs) {
      Compilation compilation = compiler.compile(lab, status);
      if (compilation instanceof Compilation.Compiled ok) {
        compiled.put(lab, ok.classes());
      } else {
        broken.put(lab, new LabOutcome.DoesNotCompile(((Compilation.DoesNotCompile) compilation).diagnostics()));
      }
    }
    return compiled;
  }

  /** Library checks before cluster ones, then in the hints file's order (the order the lab is meant to be done in). */
  private static <T> Comparator<T> order(HintSheet hints, Function<T, Check> check) {
    return Comparator.<T>comparingInt(t -> check.apply(t).tier().ordinal())
        .thenComparingInt(t -> hints.position(check.apply(t).id()))
        .thenComparing(t -> check.apply(t).words());
  }
}
