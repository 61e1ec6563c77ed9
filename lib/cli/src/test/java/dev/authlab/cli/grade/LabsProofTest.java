package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cluster.extension.ControlPlaneExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proof over the real labs ("Done when"): graded the way a reader grades them, the starter code
 * passes no check of any lab and the solutions pass every one, in the library tier and (tagged
 * {@code cluster}; with {@code AUTHLAB_REQUIRE_CLUSTER=1} it cannot skip) the cluster tier; the hints
 * cover every check and nothing else; the solutions mirror the starter file for file; every starter is
 * marked with {@code // TODO(lab NN)}. It iterates over the labs it finds, so a new lab is covered as
 * soon as it exists. Runs from the repository root (the surefire working directory).
 */
class LabsProofTest {

  private static final int LABS_EXPECTED = 13;

  private static Project project;
  private static LabCatalog catalog;

  @BeforeAll
  static void findTheLabs() {
    project = Project.locate(Optional.empty(), Path.of(""));
    catalog = LabCatalog.scan(project);
  }

  private static Sources solutions() {
    return new Sources(project.root().resolve("solutions/src/main"));
  }

  private static GradeRun grade(Sources sources, Tier tier) {
    return new Grader(catalog, sources, RuntimeClassPath.current()).grade(catalog.labs(), tier);
  }

  @Test
  void thereAreThirteenLabsNumberedFromZero() {
    assertThat(catalog.labs()).hasSizeGreaterThanOrEqualTo(LABS_EXPECTED);
    assertThat(catalog.labs().stream().map(Lab::number)).startsWith(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
  }

  @Test
  void everyLabHasLibraryAndClusterChecksEachWithHintsAndNoHintForANonCheck() {
    Map<Lab, List<Check>> checks = new Grader(catalog, project.defaultSources(), RuntimeClassPath.current()).discover(catalog.labs());
    List<String> problems = new ArrayList<>();
    checks.forEach((lab, labChecks) -> {
      long library = labChecks.stream().filter(c -> c.tier() == Tier.LIBRARY).count();
      long cluster = labChecks.stream().filter(c -> c.tier() == Tier.CLUSTER).count();
      if (library < 1 || cluster < 1) {
        problems.add("lab " + lab.nn() + ": " + library + " library and " + cluster + " cluster checks (needs at least one of each)");
      }
      if (library > 6 || cluster > 3) {
        problems.add("lab " + lab.nn() + ": " + library + " library and " + cluster + " cluster checks (the conventions say 3–6 and 1–3)");
      }
      Set<String> ids = new TreeSet<>();
      for (Check check : labChecks) {
        if (!ids.add(check.id())) {
          problems.add("lab " + lab.nn() + ": two checks are called " + check.id() + " (a check's method name is its id)");
        }
        if (check.words().equals(check.id())) {
          problems.add("lab " + lab.nn() + " " + check.id() + ": no @DisplayName (the plain words the scoreboard shows)");
        }
      }
      HintSheet hints = catalog.hints(lab);
      if (!Files.isRegularFile(project.hints().resolve(lab.nn() + ".md"))) {
        problems.add("lab " + lab.nn() + ": no labs/hints/" + lab.nn() + ".md");
      }
      for (String id : ids) {
        if (hints.hintsFor(id).isEmpty()) {
          problems.add("lab " + lab.nn() + " " + id + ": no numbered hint under '## " + id + "' in labs/hints/" + lab.nn() + ".md");
        }
      }
      for (String section : hints.byCheck().keySet()) {
        if (!ids.contains(section)) {
          problems.add("lab " + lab.nn() + ": labs/hints/" + lab.nn() + ".md has a section '## " + section + "' but no check has that name");
        }
      }
    });
    assertThat(problems).as("labs that break the conventions").isEmpty();
  }

  @Test
  void theSharedTestSupportIsNoLabAndHoldsNoChecks() {
    assertThat(catalog.labs()).extracting(Lab::packageName).doesNotContain(LabCompiler.SUPPORT_PACKAGE);
    Path support = project.tests().java().resolve(LabCompiler.SUPPORT_PACKAGE.replace('.', '/'));
    assertThat(LabCompiler.files(support).stream()
        .filter(file -> file.getFileName().toString().matches(".*Tests?\\.java") || read(file).contains("@Test"))
        .map(project::relative))
        .as("test classes in the shared support package (every lab compiles it; checks belong to a lab)").isEmpty();
  }

  @Test
  void theStarterPassesNoLibraryCheck() {
    assertNothingPasses(grade(project.defaultSources(), Tier.LIBRARY));
  }

  @Test
  void theSolutionsPassEveryLibraryCheck() {
    assertEverythingPasses(grade(solutions(), Tier.LIBRARY));
  }

  @Test
  @Tag("cluster")
  void theStarterPassesNoClusterCheck() {
    ControlPlaneExtension.backendOrSkip();
    assertNothingPasses(grade(project.defaultSources(), Tier.CLUSTER));
  }

  @Test
  @Tag("cluster")
  void theSolutionsPassEveryClusterCheck() {
    ControlPlaneExtension.backendOrSkip();
    assertEverythingPasses(grade(solutions(), Tier.CLUSTER));
  }

  @Test
  void theSolutionsMirrorTheStarterFileForFile() {
    Set<String> starter = relativeFiles(project.defaultSources().dir());
    Set<String> solved = relativeFiles(solutions().dir());
    assertThat(solved).as("files under solutions/src/main (vs labs/src/main)").containsExactlyInAnyOrderElementsOf(starter);
  }

  /** A mark where the reader works: a comment ({@code // } in Java, {@code # } in YAML) or a starter's exception message. */
  private static final Pattern MARK = Pattern.compile("(//|#)\\s*TODO\\(lab (\\d+)\\)|\"TODO\\(lab (\\d+)\\)");

  @Test
  void everyStarterIsMarkedWithTodosAndNoSolutionIs() {
    List<String> problems = new ArrayList<>();
    for (Lab lab : catalog.labs()) {
      List<Path> starter = new ArrayList<>(LabCompiler.files(project.defaultSources().javaPackage(lab)));
      starter.addAll(LabCompiler.files(project.defaultSources().resourcesOf(lab)));
      if (starter.stream().noneMatch(file -> marks(file).contains(lab.number()))) {
        problems.add("lab " + lab.nn() + ": no '// TODO(lab " + lab.nn() + ")' (or '# TODO…' in a resource) in its starter files");
      }
      List<Path> solved = new ArrayList<>(LabCompiler.files(solutions().javaPackage(lab)));
      solved.addAll(LabCompiler.files(solutions().resourcesOf(lab)));
      for (Path file : solved) {
        if (!marks(file).isEmpty()) {
          problems.add("lab " + lab.nn() + ": " + project.relative(file) + " still has a TODO(lab …) mark");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static Set<Integer> marks(Path file) {
    Set<Integer> labs = new TreeSet<>();
    Matcher matcher = MARK.matcher(read(file));
    while (matcher.find()) {
      labs.add(Integer.parseInt(matcher.group(2) != null ? matcher.group(2) : matcher.group(3)));
    }
    return labs;
  }

  private static void assertNothingPasses(GradeRun run) {
    List<String> problems = new ArrayList<>();
    run.labs().forEach((lab, outcome) -> {
      if (outcome instanceof LabOutcome.DoesNotCompile broken) {
        problems.add("lab " + lab.nn() + " does not compile: " + broken.diagnostics());
        return;
      }
      List<CheckResult> results = ((LabOutcome.Graded) outcome).results();
      if (results.isEmpty()) {
        problems.add("lab " + lab.nn() + ": no " + run.tier().tag() + " checks");
      }
      for (CheckResult result : results) {
        if (!result.failed()) {
          problems.add("lab " + lab.nn() + " " + result.check().id() + ": " + describe(result.outcome()) + " on the starter (must fail)");
        }
      }
    });
    problems.addAll(run.problems());
    assertThat(problems).as("the starter code must fail every " + run.tier().tag() + " check").isEmpty();
  }

  private static void assertEverythingPasses(GradeRun run) {
    List<String> problems = new ArrayList<>();
    run.labs().forEach((lab, outcome) -> {
      if (outcome instanceof LabOutcome.DoesNotCompile broken) {
        problems.add("lab " + lab.nn() + " does not compile: " + broken.diagnostics());
        return;
      }
      List<CheckResult> results = ((LabOutcome.Graded) outcome).results();
      if (results.isEmpty()) {
        problems.add("lab " + lab.nn() + ": no " + run.tier().tag() + " checks");
      }
      for (CheckResult result : results) {
        if (!result.passed()) {
          problems.add("lab " + lab.nn() + " " + result.check().id() + ": " + describe(result.outcome()) + " on the solution (must pass)");
        }
      }
    });
    problems.addAll(run.problems());
    assertThat(problems).as("the solutions must pass every " + run.tier().tag() + " check").isEmpty();
  }

  private static String describe(Outcome outcome) {
    if (outcome instanceof Outcome.Failed failed) {
      return "failed (" + String.join(" / ", failed.lines()) + ")";
    }
    if (outcome instanceof Outcome.Skipped skipped) {
      return "skipped (" + skipped.reason() + ")";
    }
    return "passed";
  }

  private static Set<String> relativeFiles(Path dir) {
    return LabCompiler.files(dir).stream().map(file -> dir.relativize(file).toString()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
