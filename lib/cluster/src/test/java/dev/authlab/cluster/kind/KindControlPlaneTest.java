package dev.authlab.cluster.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.oidc.LegacyOidcFlags;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.EnvironmentVariables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What can be checked without Docker: the availability check and the refusals that come before it. */
class KindControlPlaneTest {

  @Test
  void availabilityIsOneLineWithoutAStackTrace() {
    KindControlPlane.Availability availability = KindControlPlane.availability();
    if (availability instanceof KindControlPlane.Availability.Unavailable unavailable) {
      assertThat(unavailable.reason()).startsWith("no Docker engine reachable: ").doesNotContain("\n").doesNotContain("\tat ");
    } else {
      assertThat(availability).isEqualTo(new KindControlPlane.Availability.Available());
    }
  }

  @Test
  void theBackendReportsTheSameReason() {
    KindBackend backend = new KindBackend();
    assertThat(backend.name()).isEqualTo("kind");
    if (KindControlPlane.availability() instanceof KindControlPlane.Availability.Unavailable unavailable) {
      assertThat(backend.unavailableReason()).contains(unavailable.reason());
    } else {
      assertThat(backend.unavailableReason()).isEmpty();
    }
  }

  @Test
  void theReasonSaysWhereDockerWasLookedFor() {
    EnvironmentVariables none = EnvironmentVariables.of(Map.of());
    String expected = "no Docker engine reachable: Testcontainers found no valid Docker environment"
        + " (DOCKER_HOST is unset and /var/run/docker.sock does not exist)";
    assertThat(KindControlPlane.unavailableReason("Could not find a valid Docker environment. Please see logs and check configuration", none, false))
        .isEqualTo(expected);
    assertThat(KindControlPlane.unavailableReason(
        "Previous attempts to find a Docker environment failed. Will not retry. Please see logs and check configuration", none, false))
        .as("the same words on the second call").isEqualTo(expected);
    assertThat(KindControlPlane.unavailableReason("Connection refused.\n\tat somewhere", EnvironmentVariables.of(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375")), false))
        .isEqualTo("no Docker engine reachable: Connection refused (DOCKER_HOST=tcp://10.0.0.5:2375)");
    assertThat(KindControlPlane.unavailableReason(null, none, true))
        .isEqualTo("no Docker engine reachable: Testcontainers found none (DOCKER_HOST is unset and /var/run/docker.sock does not answer)");
  }

  @Test
  void whatKindCannotExpressIsRefusedBeforeDockerIsAsked() {
    ControlPlaneSpec abac = ControlPlaneSpec.defaults().withAuthorizationModes(List.of("ABAC"));
    assertThatThrownBy(() -> KindControlPlane.start(abac)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ABAC");
    ControlPlaneSpec hostLegacyOidc = ControlPlaneSpec.of(AuthnSettings.builder().legacyOidc(LegacyOidcFlags.of("https://localhost:8443", "k")).build());
    assertThatThrownBy(() -> KindControlPlane.start(hostLegacyOidc)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--oidc-issuer-url");
  }
}
