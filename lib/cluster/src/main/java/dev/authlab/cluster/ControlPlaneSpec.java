package dev.authlab.cluster;

import dev.authlab.authn.AuthnSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a control plane should be started with, whichever backend starts it. Two equal specs give
 * interchangeable control planes, so a test run may start one and share it.
 *
 * @param authn the API server's authentication flags
 * @param authorizationModes {@code --authorization-mode}, in order, e.g. {@code [Node, RBAC]}
 * @param startTimeout how long a start may take before it fails with the API server's log
 */
public record ControlPlaneSpec(AuthnSettings authn, List<String> authorizationModes, Duration startTimeout) {

  /** kubeadm's modes. */
  public static final List<String> DEFAULT_AUTHORIZATION_MODES = List.of("Node", "RBAC");

  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  public ControlPlaneSpec {
    Objects.requireNonNull(authn, "authn");
    authorizationModes = List.copyOf(authorizationModes);
    if (authorizationModes.isEmpty()) {
      throw new IllegalArgumentException("--authorization-mode needs at least one mode (e.g. RBAC)");
    }
    for (String mode : authorizationModes) {
      if (mode.isBlank() || mode.contains(",")) {
        throw new IllegalArgumentException("not an authorization mode: \"" + mode + "\"");
      }
    }
    Objects.requireNonNull(startTimeout, "startTimeout");
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("the start timeout must be positive, not " + startTimeout);
    }
  }

  /** These settings, Node and RBAC authorization, the default timeout. */
  public static ControlPlaneSpec of(AuthnSettings authn) {
    return new ControlPlaneSpec(authn, DEFAULT_AUTHORIZATION_MODES, DEFAULT_START_TIMEOUT);
  }

  /** kube-apiserver's authentication defaults (anonymous only, plus the control plane's own admin). */
  public static ControlPlaneSpec defaults() {
    return of(AuthnSettings.defaults());
  }

  public ControlPlaneSpec withAuthorizationModes(List<String> modes) {
    return new ControlPlaneSpec(authn, modes, startTimeout);
  }

  public ControlPlaneSpec withStartTimeout(Duration timeout) {
    return new ControlPlaneSpec(authn, authorizationModes, timeout);
  }
}
