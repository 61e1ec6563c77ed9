package dev.authlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTierTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void withoutABackendTheTierIsSkippedWithOneLineSayingHowToEnableIt() {
    EnvironmentVariables env = EnvironmentVariables.of(Map.of("AUTHLAB_BACKEND", "local", "AUTHLAB_KUBE_BIN", "/nonexistent/kube-bin"));

    assertThat(ClusterTier.start(ControlPlaneSpec.defaults(), env, out)).isEmpty();

    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(1);
    assertThat(text).startsWith("cluster tier skipped: AUTHLAB_BACKEND=local").contains("/nonexistent/kube-bin")
        .contains("scripts/build-kube-binaries");
  }

  @Test
  void whenAClusterIsRequiredAMissingBackendIsAnErrorNotASkip() {
    EnvironmentVariables env = EnvironmentVariables.of(
        Map.of("AUTHLAB_BACKEND", "local", "AUTHLAB_KUBE_BIN", "/nonexistent/kube-bin", "AUTHLAB_REQUIRE_CLUSTER", "1"));

    assertThatThrownBy(() -> ClusterTier.start(ControlPlaneSpec.defaults(), env, out))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageStartingWith("AUTHLAB_REQUIRE_CLUSTER is set and AUTHLAB_BACKEND=local");
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void requiredAcceptsTheUsualSpellingsOfYes() {
    assertThat(ClusterTier.required(EnvironmentVariables.of(Map.of("AUTHLAB_REQUIRE_CLUSTER", "TRUE")))).isTrue();
    assertThat(ClusterTier.required(EnvironmentVariables.of(Map.of("AUTHLAB_REQUIRE_CLUSTER", "0")))).isFalse();
    assertThat(ClusterTier.required(EnvironmentVariables.of(Map.of()))).isFalse();
  }
}
