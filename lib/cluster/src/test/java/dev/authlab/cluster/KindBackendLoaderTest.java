package dev.authlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindBackendLoaderTest {

  private final EnvironmentVariables env = EnvironmentVariables.of(Map.of());

  @Test
  void withoutTestcontainersKindIsMissingWithAReasonInsteadOfALinkageError() {
    Backend kind = KindBackendLoader.load(env, List.of("org.testcontainers.containers.NoSuchContainer"));

    assertThat(kind.name()).isEqualTo("kind");
    assertThat(kind.unavailableReason()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("this build has no org.testcontainers.containers")
        .contains("docs/kind.md"));
  }

  @Test
  void withItsDependenciesTheKindBackendIsLoaded() {
    Backend kind = KindBackendLoader.load(env);

    assertThat(kind.getClass().getName()).isEqualTo(KindBackendLoader.BACKEND_CLASS);
  }
}
