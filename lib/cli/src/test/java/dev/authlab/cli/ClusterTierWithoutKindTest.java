package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cluster.ClusterTier;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.EnvironmentVariables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit's jar (and this module's test class path) leaves Testcontainers and kindcontainer out; the
 * notebooks' cluster cells must still skip with one line when there are no local binaries either.
 */
class ClusterTierWithoutKindTest {

  @Test
  void withNeitherBinariesNorKindTheClusterTierIsSkippedWithOneLine() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    EnvironmentVariables env = EnvironmentVariables.of(Map.of("AUTHLAB_KUBE_BIN", "/nonexistent/kube-bin"));

    assertThat(ClusterTier.start(ControlPlaneSpec.defaults(), env, new PrintStream(printed, true, StandardCharsets.UTF_8))).isEmpty();

    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(1);
    assertThat(text).startsWith("cluster tier skipped: no control plane backend").contains("kind: this build has no org.testcontainers");
  }
}
