package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that dies without closing its control plane leaves nothing behind: on SIGTERM the shutdown
 * hook cleans up, on SIGKILL (no hooks run) the watchdog does.
 */
@Tag("cluster")
class LocalControlPlaneCleanupTest {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path parent;

  @Test
  void aJvmEndedBySigtermStopsItsControlPlaneInTheShutdownHook() throws Exception {
    Child child = Child.start(LocalBinaries.dirOrSkip(), parent);
    child.process.destroy(); // SIGTERM: shutdown hooks run
    assertCleanedUp(child);
  }

  @Test
  void aJvmKilledOutrightHasItsControlPlaneStoppedByTheWatchdog() throws Exception {
    Child child = Child.start(LocalBinaries.dirOrSkip(), parent);
    child.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertCleanedUp(child);
  }

  private void assertCleanedUp(Child child) throws Exception {
    assertThat(child.process.waitFor(CLEANUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + CLEANUP_TIMEOUT.toNanos();
    while ((child.pids.stream().anyMatch(LocalControlPlaneLifecycleTest::alive) || Files.exists(child.workDir))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(child.pids).noneMatch(LocalControlPlaneLifecycleTest::alive);
    assertThat(child.workDir).doesNotExist();
    assertThat(LocalControlPlaneLifecycleTest.processesMentioning(parent)).isEmpty();
  }

  private static final class Child {
    final Process process;
    final Path workDir;
    final List<Long> pids;

    private Child(Process process, Path workDir, List<Long> pids) {
      this.process = process;
      this.workDir = workDir;
      this.pids = pids;
    }

    static Child start(Path binDir, Path parent) throws Exception {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
          AbandonedControlPlane.class.getName(), binDir.toString(), parent.toString())
          .redirectError(parent.resolve("child-stderr.txt").toFile())
          .start();
      try {
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readUntilStarted(process));
        List<String> output = lines.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Path workDir = null;
        List<Long> pids = new ArrayList<>();
        for (String line : output) {
          if (line.startsWith("workdir ")) {
            workDir = Path.of(line.substring("workdir ".length()));
          } else if (line.startsWith("pid ")) {
            pids.add(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
          }
        }
        assertThat(workDir).as("the child's output: %s", output).isNotNull().isDirectory();
        assertThat(pids).hasSize(4).allMatch(LocalControlPlaneLifecycleTest::alive);
        return new Child(process, workDir, pids);
      } catch (Exception | AssertionError e) {
        process.destroyForcibly();
        throw new AssertionError("the child JVM did not start a control plane; its stderr: "
            + Files.readString(parent.resolve("child-stderr.txt")), e);
      }
    }

    private static List<String> readUntilStarted(Process process) {
      List<String> lines = new ArrayList<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
          if (line.equals("started")) {
            return lines;
          }
        }
        throw new IllegalStateException("the child ended before starting: " + lines);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
