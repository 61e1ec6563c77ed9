package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterBackendsCommandTest {

  @Test
  void listsEachBackendWithWhyItCannotRunAndWhichOneIsPicked() {
    Run run = Run.of("cluster", "backends");

    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out().lines().toList().get(0)).matches("local: (available|unavailable: .+)");
    // this module's class path, like the kit's jar alone, has no Testcontainers
    assertThat(run.out().lines().toList().get(1)).startsWith("kind: unavailable: this build has no org.testcontainers");
    String picked = run.out().lines().toList().get(2);
    assertThat(picked).startsWith("picked: ");
    assertThat(run.exitCode()).isEqualTo(picked.startsWith("picked: none") ? 1 : 0);
  }
}
