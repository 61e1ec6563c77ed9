package dev.authlab.cluster;

import java.util.Optional;

/**
 * A way to start control planes: local processes or kind in Docker. {@link ControlPlanes} picks one
 * from {@code AUTHLAB_BACKEND}.
 */
public interface Backend {

  /** {@code local} or {@code kind}, as {@code AUTHLAB_BACKEND} names it. */
  String name();

  /** Why this backend cannot start a control plane on this machine (one line), or empty when it can. */
  Optional<String> unavailableReason();

  /**
   * Starts a control plane and waits until it serves requests.
   *
   * @throws ControlPlaneStartException when it does not come up, with the API server's log tail
   */
  ControlPlane start(ControlPlaneSpec spec);
}
