package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.manifest.ManifestWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Replays disagreements written by {@link RbacDifferentialTest} against the library alone, so a
 * developer can debug one without a cluster:
 *
 * <pre>
 * ./mvnw -q -o -pl lib/core,lib/cluster test -Dtest=ReplayDisagreementTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddifferential.case=lib/cluster/target/differential/rbac-d2a-17.yaml
 * </pre>
 *
 * {@code differential.case} may be a file or a directory of cases; without it, the cases in
 * {@code lib/cluster/target/differential} are replayed if there are any. The test prints the review,
 * both answers and the library's explanation, and fails while the library still disagrees with the
 * recorded cluster answer. {@link #main} does the same from an IDE.
 */
class ReplayDisagreementTest {

  static final String CASE_PROPERTY = "differential.case";

  /** The library's answer to a recorded case now, and whether it still differs from the cluster's. */
  record Replay(DifferentialCase recorded, LibraryReviewer.Answer library, Optional<String> why) {
    boolean stillDisagrees() {
      return why.isPresent();
    }

    String report() {
      StringBuilder out = new StringBuilder();
      out.append("case: seeds ").append(recorded.seeds()).append(", review #").append(recorded.index()).append('\n');
      out.append("review:\n").append(indent(ManifestWriter.toYaml(recorded.review().getSpec())));
      out.append("cluster: ").append(recorded.cluster()).append('\n');
      out.append("library: ").append(library.answer()).append('\n');
      if (!recorded.library().equals(library.answer())) {
        out.append("library when recorded: ").append(recorded.library()).append('\n');
      }
      out.append("why: ").append(why.orElse("they agree now")).append('\n');
      out.append("library explanation:\n");
      for (String line : library.explanation()) {
        out.append("  ").append(line).append('\n');
      }
      return out.toString();
    }

    private static String indent(String text) {
      StringBuilder out = new StringBuilder();
      text.lines().forEach(line -> out.append("  ").append(line).append('\n'));
      return out.toString();
    }
  }

  static Replay replay(DifferentialCase recorded) {
    LibraryReviewer library = LibraryReviewer.withBootstrap(recorded.objects());
    LibraryReviewer.Answer answer = library.review(recorded.review());
    return new Replay(recorded, answer, Comparison.disagreement(recorded.cluster(), answer));
  }

  @Test
  void replaysTheGivenCases() {
    List<Path> files = casesToReplay();
    Assumptions.assumeFalse(files.isEmpty(), "no cases to replay: pass -D" + CASE_PROPERTY + "=FILE_OR_DIR");
    List<String> still = new ArrayList<>();
    for (Path file : files) {
      Replay replay = replay(DifferentialCase.read(file));
      System.out.println("== " + file + "\n" + replay.report());
      if (replay.stillDisagrees()) {
        still.add(file + ": " + replay.why().orElseThrow());
      }
    }
    assertThat(still).as("cases where the library still disagrees with the recorded cluster answer").isEmpty();
  }

  @Test
  void theCommittedExampleCaseReadsAndReplays() throws IOException, URISyntaxException {
    Path example = Path.of(ReplayDisagreementTest.class.getResource("/differential/example-case.yaml").toURI());
    DifferentialCase recorded = DifferentialCase.read(example);
    Replay replay = replay(recorded);
    assertThat(recorded.objects()).isNotEmpty();
    // The example is made up: its "cluster" answer is the library's with the verdict flipped.
    assertThat(replay.library().answer()).isEqualTo(recorded.library());
    assertThat(replay.stillDisagrees()).isTrue();
    assertThat(replay.report()).contains("why: verdict: cluster no opinion, library allow");
  }

  private static List<Path> casesToReplay() {
    String given = System.getProperty(CASE_PROPERTY, "");
    Path where = given.isEmpty() ? defaultDirectory() : Path.of(given);
    if (!Files.exists(where)) {
      if (!given.isEmpty()) {
        throw new IllegalArgumentException(CASE_PROPERTY + "=" + given + ": no such file or directory");
      }
      return List.of();
    }
    if (Files.isRegularFile(where)) {
      return List.of(where);
    }
    try (Stream<Path> entries = Files.list(where)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** lib/cluster/target/differential, wherever the build runs from. */
  static Path defaultDirectory() {
    try {
      Path testClasses = Path.of(ReplayDisagreementTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testClasses.getParent().resolve("differential");
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replays the cases named on the command line (files or directories), or the default directory's. */
  public static void main(String[] args) {
    List<Path> files = new ArrayList<>();
    if (args.length == 0) {
      System.setProperty(CASE_PROPERTY, defaultDirectory().toString());
      files.addAll(casesToReplay());
    }
    for (String arg : args) {
      System.setProperty(CASE_PROPERTY, arg);
      files.addAll(casesToReplay());
    }
    int still = 0;
    for (Path file : files) {
      Replay replay = replay(DifferentialCase.read(file));
      System.out.println("== " + file + "\n" + replay.report());
      still += replay.stillDisagrees() ? 1 : 0;
    }
    System.out.println(files.size() + " case(s), " + still + " still disagree");
    System.exit(still == 0 ? 0 : 1);
  }
}
