package dev.authlab.cluster;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.cluster.local.LocalBackend;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Starts a control plane on whichever backend this machine has, as {@code AUTHLAB_BACKEND} says:
 *
 * <ul>
 *   <li>{@code local}: etcd, kube-apiserver and kube-controller-manager as local processes, from
 *       {@code AUTHLAB_KUBE_BIN} or the cache {@code scripts/build-kube-binaries} fills;
 *   <li>{@code kind}: a kind node in Docker, through Testcontainers;
 *   <li>{@code auto} (the default): local when the binaries are there, else kind when Docker answers,
 *       else none, with a one-line reason.
 * </ul>
 */
public final class ControlPlanes {

  public static final String BACKEND_VARIABLE = "AUTHLAB_BACKEND";

  private ControlPlanes() {}

  /** The backend {@code AUTHLAB_BACKEND} asks for, or why there is none. */
  public sealed interface Choice {
    /** {@code why}: one line saying how it was chosen, e.g. {@code AUTHLAB_BACKEND=auto: local (…)}. */
    record Chosen(Backend backend, String why) implements Choice {}

    /** One line: what was asked for, what is missing, and what to do. */
    record Unavailable(String reason) implements Choice {}
  }

  /** What {@code AUTHLAB_BACKEND} may say. */
  public enum Selector {
    LOCAL,
    KIND,
    AUTO;

    public String variableValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Picks a backend from this environment. */
  public static Choice choose(EnvironmentVariables env) {
    List<Backend> both = backends(env);
    return choose(env, both.get(0), both.get(1));
  }

  /** The backends this build knows, local first, each able to say why it cannot run here. */
  public static List<Backend> backends(EnvironmentVariables env) {
    return List.of(new LocalBackend(env), KindBackendLoader.load(env));
  }

  /** Picks between these two backends as {@code AUTHLAB_BACKEND} in {@code env} says; for tests and other wiring. */
  public static Choice choose(EnvironmentVariables env, Backend local, Backend kind) {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(kind, "kind");
    Optional<String> value = env.get(BACKEND_VARIABLE);
    Selector selector;
    try {
      selector = value.map(v -> Selector.valueOf(v.toUpperCase(Locale.ROOT))).orElse(Selector.AUTO);
    } catch (IllegalArgumentException e) {
      return new Choice.Unavailable(BACKEND_VARIABLE + "=" + value.get() + " is not a backend; use local, kind or auto");
    }
    String asked = BACKEND_VARIABLE + "=" + selector.variableValue() + (value.isEmpty() ? " (the default)" : "");
    if (selector == Selector.LOCAL) {
      return only(local, asked);
    }
    if (selector == Selector.KIND) {
      return only(kind, asked);
    }
    Optional<String> localProblem = local.unavailableReason();
    if (localProblem.isEmpty()) {
      return new Choice.Chosen(local, asked + ": local, the Kubernetes binaries are there");
    }
    Optional<String> kindProblem = kind.unavailableReason();
    if (kindProblem.isEmpty()) {
      return new Choice.Chosen(kind, asked + ": kind, no local binaries but Docker answers");
    }
    return new Choice.Unavailable("no control plane backend (" + asked + "): local: " + localProblem.get() + "; kind: " + kindProblem.get());
  }

  private static Choice only(Backend backend, String asked) {
    Optional<String> problem = backend.unavailableReason();
    return problem.isPresent()
        ? new Choice.Unavailable(asked + ", but " + problem.get())
        : new Choice.Chosen(backend, asked);
  }

  /**
   * Starts a control plane with these settings (Node and RBAC authorization) on the backend the
   * process environment picks.
   *
   * @throws BackendUnavailableException when no backend is available (one line: why, what to do)
   * @throws ControlPlaneStartException when the control plane does not come up
   */
  public static ControlPlane fromEnvironment(AuthnSettings authn) {
    return fromEnvironment(ControlPlaneSpec.of(authn), EnvironmentVariables.system());
  }

  public static ControlPlane fromEnvironment(ControlPlaneSpec spec) {
    return fromEnvironment(spec, EnvironmentVariables.system());
  }

  public static ControlPlane fromEnvironment(ControlPlaneSpec spec, EnvironmentVariables env) {
    Choice choice = choose(env);
    if (choice instanceof Choice.Unavailable unavailable) {
      throw new BackendUnavailableException(unavailable.reason());
    }
    return ((Choice.Chosen) choice).backend().start(spec);
  }
}
