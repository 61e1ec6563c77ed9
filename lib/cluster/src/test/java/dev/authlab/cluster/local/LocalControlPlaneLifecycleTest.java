package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.cluster.ControlPlaneStartException;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping local control planes: what is left behind (nothing), and how failures read. */
@Tag("cluster")
class LocalControlPlaneLifecycleTest {

  @TempDir Path parent;

  @Test
  void startsServesAndLeavesNothingBehind() {
    Path binDir = LocalBinaries.dirOrSkip();
    LocalControlPlane cp = LocalControlPlane.builder().binDir(binDir).tempDirParent(parent).build().start();
    Map<String, Long> pids;
    Path workDir;
    try {
      System.out.println("[LocalControlPlane] started in " + cp.startupTimings());
      pids = cp.processIds();
      workDir = cp.workDir();
      assertThat(pids).containsOnlyKeys("etcd", "kube-apiserver", "kube-controller-manager", "watchdog");
      assertThat(pids.values()).allMatch(LocalControlPlaneLifecycleTest::alive);
      assertThat(workDir).isDirectory().startsWith(parent);
      assertThat(cp.kubernetesVersion()).isEqualTo(KubeBinaries.pinnedVersion());
      List<String> namespaces = cp.adminClient().namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
      assertThat(namespaces).contains("default", "kube-system", "kube-public");
      assertThat(cp.adminKubeconfig()).isRegularFile();
    } finally {
      long t0 = System.nanoTime();
      cp.close();
      System.out.printf("[LocalControlPlane] stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    assertThat(pids.values()).noneMatch(LocalControlPlaneLifecycleTest::alive);
    assertThat(workDir).doesNotExist();
    assertThat(processesMentioning(parent)).isEmpty();

    cp.close(); // twice is fine
    assertThatThrownBy(cp::adminClient).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void aClientBeforeStartIsAnError() {
    LocalControlPlane cp = LocalControlPlane.builder().binDir(LocalBinaries.dirOrSkip()).tempDirParent(parent).build();
    assertThatThrownBy(cp::adminClient).isInstanceOf(IllegalStateException.class).hasMessageContaining("call start() first");
    cp.close();
    assertThat(parent).isEmptyDirectory();
  }

  @Test
  void aBadFlagFailsWithTheApiServerLogTail() throws IOException {
    LocalControlPlane cp = LocalControlPlane.builder()
        .binDir(LocalBinaries.dirOrSkip())
        .tempDirParent(parent)
        .extraApiServerFlags(List.of("--no-such-flag=1"))
        .build();
    assertThatThrownBy(cp::start)
        .isInstanceOf(ControlPlaneStartException.class)
        .hasMessageContaining("kube-apiserver exited with code 1 during start-up")
        .hasMessageContaining("lines of the kube-apiserver log:")
        .hasMessageContaining("unknown flag: --no-such-flag");
    assertThat(processesMentioning(parent)).isEmpty();
    try (Stream<Path> left = Files.list(parent)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aStartThatCannotFinishInTimeSaysWhatItWasWaitingFor() {
    LocalControlPlane cp = LocalControlPlane.builder()
        .binDir(LocalBinaries.dirOrSkip())
        .tempDirParent(parent)
        .startTimeout(Duration.ofMillis(300))
        .build();
    assertThatThrownBy(cp::start)
        .isInstanceOf(ControlPlaneStartException.class)
        .hasMessageContaining("was not ready within 0.3 s")
        .hasMessageContaining("lines of the kube-apiserver log:");
    assertThat(processesMentioning(parent)).isEmpty();
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Processes whose command line names this directory: every server we start has its files there. */
  static List<String> processesMentioning(Path dir) {
    String needle = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList();
  }
}
