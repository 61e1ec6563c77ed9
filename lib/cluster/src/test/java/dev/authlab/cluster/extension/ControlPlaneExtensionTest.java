package dev.authlab.cluster.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.EnvironmentVariables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** What the extension does without starting anything: skip or fail without a backend, and which settings it reads. */
class ControlPlaneExtensionTest {

  private static final String REASON = "no etcd in AUTHLAB_KUBE_BIN=/nowhere; build them with scripts/build-kube-binaries";
  private static final ControlPlanes.Choice NONE = new ControlPlanes.Choice.Unavailable(REASON);

  @Test
  void withoutABackendTheTestsAreSkippedWithTheReason() {
    EnvironmentVariables env = EnvironmentVariables.of(Map.of());
    assertThatThrownBy(() -> ControlPlaneExtension.backendOrSkip(NONE, env))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(REASON);
  }

  @Test
  void whenAClusterIsRequiredTheTestsFailWithTheReasonInstead() {
    for (String value : List.of("1", "true", "TRUE", "yes")) {
      EnvironmentVariables env = EnvironmentVariables.of(Map.of(ControlPlaneExtension.REQUIRE_VARIABLE, value));
      assertThatThrownBy(() -> ControlPlaneExtension.backendOrSkip(NONE, env))
          .as("AUTHLAB_REQUIRE_CLUSTER=%s", value)
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining("AUTHLAB_REQUIRE_CLUSTER=" + value)
          .hasMessageContaining(REASON);
    }
  }

  @Test
  void otherValuesOfTheRequireVariableStillSkip() {
    for (String value : List.of("0", "false", "", " ")) {
      EnvironmentVariables env = EnvironmentVariables.of(Map.of(ControlPlaneExtension.REQUIRE_VARIABLE, value));
      assertThat(ControlPlaneExtension.clusterRequired(env)).as("AUTHLAB_REQUIRE_CLUSTER='%s'", value).isFalse();
      assertThatThrownBy(() -> ControlPlaneExtension.backendOrSkip(NONE, env)).isInstanceOf(TestAbortedException.class);
    }
  }

  @Test
  void aChosenBackendIsUsedWhateverTheRequireVariableSays() {
    Backend backend = new NoBackend();
    ControlPlanes.Choice chosen = new ControlPlanes.Choice.Chosen(backend, "test");
    assertThat(ControlPlaneExtension.backendOrSkip(chosen, EnvironmentVariables.of(Map.of()))).isSameAs(backend);
    assertThat(ControlPlaneExtension.backendOrSkip(chosen, EnvironmentVariables.of(Map.of(ControlPlaneExtension.REQUIRE_VARIABLE, "1"))))
        .isSameAs(backend);
  }

  @Test
  void withoutSettingsTheSpecIsKubeApiserversDefaults() {
    ControlPlaneSpec spec = ControlPlaneExtension.spec(Plain.class, ControlPlaneExtension.annotation(Plain.class));
    assertThat(spec).isEqualTo(ControlPlaneSpec.defaults());
  }

  @Test
  void theSettingsMethodSuppliesTheAuthnSettings() {
    ControlPlaneSpec spec = ControlPlaneExtension.spec(WithSettings.class, ControlPlaneExtension.annotation(WithSettings.class));
    assertThat(spec.authn()).isEqualTo(WithSettings.authn());
    assertThat(spec.authorizationModes()).containsExactly("RBAC");
    assertThat(spec.startTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aSettingsMethodMayReturnTheWholeSpec() {
    ControlPlaneSpec spec = ControlPlaneExtension.spec(WithSpec.class, ControlPlaneExtension.annotation(WithSpec.class));
    assertThat(spec).isEqualTo(WithSpec.spec());
  }

  @Test
  void nestedClassesUseTheirEnclosingClassesAnnotationAndSettings() {
    Class<?> nested = WithSettings.Inner.class;
    assertThat(ControlPlaneExtension.annotation(nested)).isPresent();
    assertThat(ControlPlaneExtension.spec(nested, ControlPlaneExtension.annotation(nested)).authn()).isEqualTo(WithSettings.authn());
  }

  @Test
  void aMissingSettingsMethodIsAConfigurationError() {
    assertThatThrownBy(() -> ControlPlaneExtension.spec(Misnamed.class, ControlPlaneExtension.annotation(Misnamed.class)))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("settings = \"nope\"")
        .hasMessageContaining("no static no-argument method of that name");
  }

  @Test
  void aSettingsMethodOfTheWrongTypeIsAConfigurationError() {
    assertThatThrownBy(() -> ControlPlaneExtension.spec(WrongType.class, ControlPlaneExtension.annotation(WrongType.class)))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("a java.lang.String, not AuthnSettings or ControlPlaneSpec");
  }

  @Test
  void theAnnotationTagsTheClassCluster() {
    org.junit.jupiter.api.Tag tag = WithControlPlane.class.getAnnotation(org.junit.jupiter.api.Tag.class);
    assertThat(tag.value()).isEqualTo("cluster");
  }

  // ---- fixtures: never run as tests (no @Test methods), only read

  @WithControlPlane
  static class Plain {}

  @WithControlPlane(settings = "authn", authorizationModes = "RBAC", startTimeoutSeconds = 30)
  static class WithSettings {
    static AuthnSettings authn() {
      return AuthnSettings.builder().anonymous(AuthnSettings.Anonymous.DISABLED).build();
    }

    @Nested
    class Inner {}
  }

  @WithControlPlane(settings = "spec")
  static class WithSpec {
    private static ControlPlaneSpec spec() {
      return ControlPlaneSpec.of(AuthnSettings.defaults()).withAuthorizationModes(List.of("AlwaysAllow")).withStartTimeout(Duration.ofSeconds(5));
    }
  }

  @WithControlPlane(settings = "nope")
  static class Misnamed {}

  @WithControlPlane(settings = "text")
  static class WrongType {
    static String text() {
      return "not settings";
    }
  }

  private static final class NoBackend implements Backend {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.empty();
    }

    @Override
    public ControlPlane start(ControlPlaneSpec spec) {
      throw new UnsupportedOperationException();
    }
  }
}
