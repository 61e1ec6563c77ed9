package dev.authlab.cluster.kind;

import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import java.util.Optional;

/** {@code AUTHLAB_BACKEND=kind}: a {@link KindControlPlane} of the pinned Kubernetes version. */
public final class KindBackend implements Backend {

  @Override
  public String name() {
    return "kind";
  }

  @Override
  public Optional<String> unavailableReason() {
    if (KindControlPlane.availability() instanceof KindControlPlane.Availability.Unavailable unavailable) {
      return Optional.of(unavailable.reason());
    }
    return Optional.empty();
  }

  @Override
  public ControlPlane start(ControlPlaneSpec spec) {
    return KindControlPlane.start(spec);
  }
}
