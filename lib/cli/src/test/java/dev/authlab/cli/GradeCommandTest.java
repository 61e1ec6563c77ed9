package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `authlab grade` end to end on a fixture project (lib/cli/src/test/resources/grade/project, copied to a
 * temporary directory): lab 98 (three library checks, one cluster check that always skips) and lab 99
 * (one check), with a starter, and solved, partial and broken variants of the code.
 */
class GradeCommandTest {

  private static final String LAB98 = "dev/authlab/labs/lab98_greetings/";

  @TempDir Path tmp;
  private Path project;

  @BeforeEach
  void copyFixture() throws IOException, URISyntaxException {
    Path fixture = Path.of(GradeCommandTest.class.getResource("/grade/project/authlab").toURI()).getParent();
    project = tmp.resolve("kit");
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path file : files.collect(Collectors.toList())) {
        Path target = project.resolve(fixture.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private Run grade(String... args) {
    String[] all = Stream.concat(Stream.of("grade", "--project", project.toString()), Stream.of(args)).toArray(String[]::new);
    return Run.of(all);
  }

  private String sources(String variant) {
    return project.resolve(variant).toString();
  }

  @Test
  void withProgressWhatTakesTimeIsAnnouncedOnStderrAndOnlyWhenItHappens() {
    Run first = grade("98", "--tier", "all", "--progress");
    assertThat(first.err().lines()).containsExactly(
        "grade: lab 98: compiling 3 files…",
        "grade: lab 98: cluster checks (a control plane starts when none is running yet)…");

    Run again = grade("98", "--progress");
    assertThat(again.err()).as("nothing to compile, no cluster checks: nothing to announce").isEmpty();
  }

  @Test
  void theStarterScoresNothingAndTheFirstFailingCheckComesWithItsFirstHint() {
    Run run = grade();
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("LAB   TITLE       CHECKS   TIER      STATUS\n"
            + "98    Greetings   0/3      library   not started\n"
            + "99    Counting    0/1      library   not started\n")
        .contains("First failing check, lab 98 · Greetings:\n"
            + "  greets a person by name   [greetsByName, library]\n"
            + "    not written yet: say hello to the name\n"
            + "  What it printed:\n"
            + "    | a test's print must not reach the scoreboard\n"
            + "  Hint 1 of 2: Look at how strings are joined in Java.\n"
            + "  Next hint: ./authlab grade 98 --hint\n")
        .endsWith("\n2 labs: 0 of 4 library checks pass.\n")
        .doesNotContain("\tat ", "Exception");
  }

  @Test
  void theSolutionPassesEveryLibraryCheckAndExitsZero() {
    Run run = grade("--sources", sources("solved"));
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .contains("98    Greetings   3/3      library   complete\n")
        .contains("99    Counting    1/1      library   complete\n")
        .doesNotContain("First failing check")
        .contains("2 labs: 4 of 4 library checks pass.\n"
            + "Next, the same against a real API server: ./authlab grade --tier cluster --sources " + sources("solved"));
    Run hint = grade("99", "--hint", "--sources", sources("solved"));
    assertThat(hint.exitCode()).isEqualTo(0);
    assertThat(hint.err()).isEqualTo("No check fails, so there is no hint to give.\n");
  }

  @Test
  void aFailingAssertionShowsItsPlainWordsAndTheCheckInProgress() {
    Run run = grade("98", "--sources", sources("partial"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("98    Greetings   1/3      library   in progress\n")
        .contains("99    Counting    -        -         not graded yet\n")
        .contains("  refuses a blank name   [rejectsBlankNames, library]\n"
            + "    [what greeting a blank name throws]\n")
        .contains("  Hint 1 of 3: A blank name is not a name: check it first.\n")
        .endsWith("Lab 98: 1 of 3 library checks pass.\n");
  }

  @Test
  void hintProgressesWithEachHintOptionAndIsRemembered() throws IOException {
    assertThat(grade("98").out()).contains("  Hint 1 of 2: Look at how strings are joined in Java.\n");
    assertThat(grade("98").out()).as("without --hint, the same hint again").contains("  Hint 1 of 2: ");
    assertThat(grade("98", "--hint").out())
        .contains("  Hint 2 of 2: Return \"Hello, \" followed by the name and \"!\".\n"
            + "  This is the last hint for this check; the solved lab is in solutions/src/main/java/" + LAB98 + "\n");
    assertThat(grade("98", "--hint").out())
        .contains("  Hint 2 of 2: ")
        .contains("  That was the last hint for this check");
    assertThat(grade("98").out()).as("the latest hint revealed is remembered").contains("  Hint 2 of 2: ");
    String progress = Files.readString(project.resolve(".authlab/progress.json"));
    assertThat(progress)
        .contains("\"hintsShown\": {\n        \"greetsByName\": 2\n      }")
        .containsPattern("\"greetsByName\": \\{\n +\"tier\": \"library\",\n +\"passed\": false,\n +\"when\": \"20\\d\\d-[^\"]+Z\"");
  }

  @Test
  void hintsWrapOverIndentedLinesAndTheSecondCheckHasItsOwnCount() {
    grade("98", "--sources", sources("partial"));
    assertThat(grade("98", "--hint", "--sources", sources("partial")).out())
        .contains("  Hint 2 of 3: Throw an IllegalArgumentException when name.isBlank() says so.\n")
        .contains("  Next hint: ./authlab grade 98 --hint --sources " + sources("partial") + "\n");
  }

  @Test
  void labsNotGradedNowShowWhatWasRememberedAndWhen() {
    grade("99");
    Run run = grade("98");
    assertThat(run.out()).containsPattern("\n99    Counting    0/1      library   not started \\(remembered from 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)\n");
  }

  @Test
  void otherSourcesKeepTheirProgressApartFromTheReaders() {
    grade("99", "--sources", sources("solved"));
    assertThat(project.resolve(".authlab/progress.json")).doesNotExist();
    assertThat(project.resolve(".authlab/progress-solved.json")).exists();
    assertThat(grade("98").out()).contains("99    Counting    -        -         not graded yet\n");
  }

  @Test
  void codeThatDoesNotCompileShowsJavacsComplaintsBriefly() {
    Run run = grade("--sources", sources("broken"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("98    Greetings   -        library   does not compile\n")
        .contains("99    Counting    1/1      library   complete\n")
        .contains("Lab 98 · Greetings does not compile:\n"
            + "  broken/java/" + LAB98 + "Greeter.java:10: cannot find symbol (symbol: variable nme)\n"
            + "  broken/java/" + LAB98 + "Greeter.java:15: incompatible types: ")
        .containsPattern("String cannot be converted to int\n\n2 labs")
        .endsWith("2 labs: 1 of 1 library checks pass, 1 lab does not compile.\n")
        .doesNotContain("\tat ");
  }

  @Test
  void aSkippedTierIsReportedAsSkippedWithItsReasonNeverAsPassed() {
    Run cluster = grade("98", "--tier", "cluster", "--sources", sources("solved"));
    assertThat(cluster.exitCode()).isEqualTo(1);
    assertThat(cluster.out())
        .contains("98    Greetings   0/1      cluster   skipped: no control plane backend (fixture)\n")
        .endsWith("Lab 98: 0 of 1 cluster checks pass, 1 skipped.\n");
    Run all = grade("98", "--tier", "all", "--sources", sources("solved"));
    assertThat(all.exitCode()).isEqualTo(1);
    assertThat(all.out()).contains("98    Greetings   3/4      library+cluster   complete; 1 skipped: no control plane backend (fixture)\n");
  }

  @Test
  void anUnknownLabIsOneLineAndExitTwo() {
    Run unknown = grade("42");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).isEqualTo("error: there is no lab 42; the labs are 98–99\n");
    Run notANumber = grade("lab2");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).isEqualTo("error: 'lab2' is not a lab number; give its two digits, e.g. ./authlab grade 02\n");
    Run badSources = grade("--sources", tmp.resolve("nowhere").toString());
    assertThat(badSources.exitCode()).isEqualTo(2);
    assertThat(badSources.err()).startsWith("error: --sources ").endsWith(": no java/ directory there (give a directory like labs/src/main)\n");
    Run badTier = grade("--tier", "galaxy");
    assertThat(badTier.exitCode()).isEqualTo(2);
  }

  @Test
  void outsideAProjectIsOneLineAndExitTwo() {
    Run run = Run.of("grade", "--project", tmp.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: " + tmp + " is not a kube-authlab project (no labs/ directory and authlab launcher there)\n");
  }

  @Test
  void anUnchangedLabIsNotCompiledAgain() throws IOException {
    grade("99");
    Path stamp = project.resolve("labs/target/grade/labs-src-main/lab99/stamp");
    Path compiled = project.resolve("labs/target/grade/labs-src-main/lab99/classes/dev/authlab/labs/lab99_counting/WordCounter.class");
    long before = Files.getLastModifiedTime(compiled).toMillis();
    Files.setLastModifiedTime(compiled, java.nio.file.attribute.FileTime.fromMillis(before - 60_000));
    grade("99");
    assertThat(Files.getLastModifiedTime(compiled).toMillis()).as("class file untouched").isEqualTo(before - 60_000);
    Files.writeString(project.resolve("labs/src/main/java/dev/authlab/labs/lab99_counting/WordCounter.java"),
        Files.readString(project.resolve("solved/java/dev/authlab/labs/lab99_counting/WordCounter.java")));
    assertThat(grade("99").out()).contains("99    Counting    1/1      library   complete\n");
    assertThat(stamp).exists();
  }

  @Test
  void watchGradesAgainAfterASave() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread watcher = new Thread(() -> code.set(Cli.execute(new String[] {
        "grade", "98", "--project", project.toString(), "--watch", "--watch-rounds", "1", "--watch-interval-ms", "50"}, io)));
    watcher.setDaemon(true); // a watch that never ends must not keep the test JVM alive
    watcher.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!out.toString().contains("Watching ") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(out.toString()).as("stderr: %s", err).contains("98    Greetings   0/3      library   not started\n").contains("Watching labs/src/main");
    Path greeter = project.resolve("labs/src/main/java/" + LAB98 + "Greeter.java");
    Files.writeString(greeter, Files.readString(project.resolve("solved/java/" + LAB98 + "Greeter.java")), StandardCharsets.UTF_8);
    watcher.join(60_000);
    assertThat(watcher.isAlive()).isFalse();
    assertThat(err.toString()).isEmpty();
    List<String> boards = List.of(out.toString().split("change saved, grading again"));
    assertThat(boards).hasSize(2);
    assertThat(boards.get(1)).contains("98    Greetings   3/3      library   complete\n").endsWith("Lab 98: 3 of 3 library checks pass.\n"
        + "Next, the same against a real API server: ./authlab grade 98 --tier cluster (labs/README.md says what it needs).\n");
    assertThat(code.get()).isEqualTo(0);
  }
}
