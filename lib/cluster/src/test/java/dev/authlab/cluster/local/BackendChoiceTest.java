package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.EnvironmentVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AUTHLAB_BACKEND and where the local binaries are looked for, with a made-up environment. */
class BackendChoiceTest {

  @TempDir Path dir;

  private static final Backend LOCAL_OK = new Fake("local", Optional.empty());
  private static final Backend LOCAL_MISSING = new Fake("local", Optional.of("no etcd in /bin"));
  private static final Backend KIND_OK = new Fake("kind", Optional.empty());
  private static final Backend KIND_MISSING = new Fake("kind", Optional.of("no Docker engine reachable"));

  private static ControlPlanes.Choice choose(Map<String, String> env, Backend local, Backend kind) {
    return ControlPlanes.choose(EnvironmentVariables.of(env), local, kind);
  }

  @Test
  void autoPrefersLocalBinaries() {
    assertThat(choose(Map.of(), LOCAL_OK, KIND_OK)).isInstanceOfSatisfying(ControlPlanes.Choice.Chosen.class, c -> {
      assertThat(c.backend()).isSameAs(LOCAL_OK);
      assertThat(c.why()).startsWith("AUTHLAB_BACKEND=auto (the default): local");
    });
  }

  @Test
  void autoFallsBackToKind() {
    assertThat(choose(Map.of("AUTHLAB_BACKEND", "auto"), LOCAL_MISSING, KIND_OK))
        .isInstanceOfSatisfying(ControlPlanes.Choice.Chosen.class, c -> assertThat(c.backend()).isSameAs(KIND_OK));
  }

  @Test
  void autoWithNeitherGivesBothReasonsOnOneLine() {
    assertThat(choose(Map.of(), LOCAL_MISSING, KIND_MISSING)).isInstanceOfSatisfying(ControlPlanes.Choice.Unavailable.class, u -> {
      assertThat(u.reason()).contains("local: no etcd in /bin").contains("kind: no Docker engine reachable").doesNotContain("\n");
    });
  }

  @Test
  void anExplicitBackendIsNotSwappedForAnother() {
    assertThat(choose(Map.of("AUTHLAB_BACKEND", "local"), LOCAL_MISSING, KIND_OK))
        .isInstanceOfSatisfying(ControlPlanes.Choice.Unavailable.class,
            u -> assertThat(u.reason()).isEqualTo("AUTHLAB_BACKEND=local, but no etcd in /bin"));
    assertThat(choose(Map.of("AUTHLAB_BACKEND", "KIND"), LOCAL_OK, KIND_OK))
        .isInstanceOfSatisfying(ControlPlanes.Choice.Chosen.class, c -> assertThat(c.backend()).isSameAs(KIND_OK));
  }

  @Test
  void anUnknownBackendIsSaidSo() {
    assertThat(choose(Map.of("AUTHLAB_BACKEND", "minikube"), LOCAL_OK, KIND_OK))
        .isInstanceOfSatisfying(ControlPlanes.Choice.Unavailable.class,
            u -> assertThat(u.reason()).isEqualTo("AUTHLAB_BACKEND=minikube is not a backend; use local, kind or auto"));
  }

  @Test
  void binariesComeFromAuthlabKubeBin() throws IOException {
    EnvironmentVariables env = EnvironmentVariables.of(Map.of("AUTHLAB_KUBE_BIN", dir.toString()));
    assertThat(KubeBinaries.locate(env)).isInstanceOfSatisfying(KubeBinaries.Location.Missing.class, m -> assertThat(m.reason())
        .isEqualTo("no etcd, kube-apiserver, kube-controller-manager in AUTHLAB_KUBE_BIN=" + dir + "; " + KubeBinaries.HOW_TO_GET_THEM));
    executable("etcd");
    executable("kube-apiserver");
    assertThat(KubeBinaries.locate(env)).isInstanceOfSatisfying(KubeBinaries.Location.Missing.class,
        m -> assertThat(m.reason()).startsWith("no kube-controller-manager in"));
    executable("kube-controller-manager");
    assertThat(KubeBinaries.locate(env)).isEqualTo(new KubeBinaries.Location.Found(dir, "AUTHLAB_KUBE_BIN=" + dir));
    assertThat(new LocalBackend(env).unavailableReason()).isEmpty();
  }

  @Test
  void otherwiseFromTheBuildScriptsCache() {
    EnvironmentVariables env = EnvironmentVariables.of(Map.of("AUTHLAB_KUBE_CACHE", dir.toString()));
    Path expected = dir.resolve(KubeBinaries.pinnedVersion()).resolve("bin");
    assertThat(KubeBinaries.defaultBinDir(env)).isEqualTo(expected);
    assertThat(KubeBinaries.locate(env)).isInstanceOfSatisfying(KubeBinaries.Location.Missing.class, m -> assertThat(m.reason())
        .contains("the build cache for Kubernetes " + KubeBinaries.pinnedVersion())
        .contains("scripts/build-kube-binaries")
        .contains("AUTHLAB_BACKEND=kind"));
    assertThat(new LocalBackend(env).unavailableReason()).isPresent();

    EnvironmentVariables other = EnvironmentVariables.of(Map.of("HOME", dir.toString(), "AUTHLAB_KUBE_VERSION", "v1.33.5"));
    assertThat(KubeBinaries.defaultBinDir(other)).isEqualTo(dir.resolve(".cache/authlab/kube/1.33.5/bin"));
  }

  @Test
  void theBuilderSaysWhatIsMissingInOneLine() {
    EnvironmentVariables env = EnvironmentVariables.of(Map.of("AUTHLAB_KUBE_BIN", dir.resolve("nothing-here").toString()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalControlPlane.builder().environment(env).build())
        .isInstanceOf(dev.authlab.cluster.BackendUnavailableException.class)
        .hasMessageContaining("is not a directory")
        .hasMessageContaining("scripts/build-kube-binaries")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private void executable(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Fake(String name, Optional<String> unavailableReason) implements Backend {
    @Override
    public ControlPlane start(ControlPlaneSpec spec) {
      throw new UnsupportedOperationException();
    }
  }
}
