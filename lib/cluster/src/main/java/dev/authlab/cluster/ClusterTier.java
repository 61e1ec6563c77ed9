package dev.authlab.cluster;

import dev.authlab.authz.rbac.BootstrapPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster tier of a notebook or a script: starts a control plane when this machine has a backend,
 * with a progress line while it starts, and otherwise says in one line what is skipped and how to
 * enable it. With {@code AUTHLAB_REQUIRE_CLUSTER=1} (as CI sets it) a missing backend is an error
 * instead of a skip, so a run cannot pass by skipping its cluster cells.
 *
 * <pre>{@code
 * Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));
 * if (cluster.isPresent()) { ControlPlane cp = cluster.get(); ... }
 * }</pre>
 */
public final class ClusterTier {

  /** The variable that turns a skip into an error (the same one the JUnit extension reads). */
  public static final String REQUIRE_VARIABLE = "AUTHLAB_REQUIRE_CLUSTER";

  private static final Set<String> TRUE = Set.of("1", "true", "yes");

  private ClusterTier() {}

  /** A control plane with the default settings (Node and RBAC authorization, no extra authentication). */
  public static Optional<ControlPlane> start() {
    return start(ControlPlaneSpec.defaults());
  }

  /** A control plane with these settings, progress on standard output. */
  public static Optional<ControlPlane> start(ControlPlaneSpec spec) {
    return start(spec, EnvironmentVariables.system(), System.out);
  }

  /**
   * Starts a control plane on the backend {@code env} picks, or prints why not and returns empty.
   *
   * @throws BackendUnavailableException when there is no backend and {@code AUTHLAB_REQUIRE_CLUSTER} is set
   * @throws ControlPlaneStartException when a backend was there but the control plane did not come up
   */
  public static Optional<ControlPlane> start(ControlPlaneSpec spec, EnvironmentVariables env, PrintStream out) {
    Objects.requireNonNull(spec, "spec");
    ControlPlanes.Choice choice = ControlPlanes.choose(env);
    if (choice instanceof ControlPlanes.Choice.Unavailable unavailable) {
      if (required(env)) {
        throw new BackendUnavailableException(REQUIRE_VARIABLE + " is set and " + unavailable.reason());
      }
      out.println("cluster tier skipped: " + unavailable.reason()
          + ". To run it: scripts/build-kube-binaries (needs Go), or start Docker for kind; see docs/control-planes.md.");
      return Optional.empty();
    }
    Backend backend = ((ControlPlanes.Choice.Chosen) choice).backend();
    out.println("cluster tier: starting a control plane (" + backend.name() + ", Kubernetes " + BootstrapPolicy.kubernetesVersion()
        + "); this takes a few seconds…");
    out.flush();
    long started = System.nanoTime();
    ControlPlane controlPlane = backend.start(spec);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    out.println("cluster tier: ready in " + String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0)
        + ", API server " + controlPlane.apiServerUrl() + " (Kubernetes " + controlPlane.kubernetesVersion() + ")");
    return Optional.of(controlPlane);
  }

  /** Whether {@code AUTHLAB_REQUIRE_CLUSTER} asks for a control plane. */
  public static boolean required(EnvironmentVariables env) {
    return env.get(REQUIRE_VARIABLE).map(v -> TRUE.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
  }
}
