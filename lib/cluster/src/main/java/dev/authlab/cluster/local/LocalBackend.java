package dev.authlab.cluster.local;

import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.EnvironmentVariables;
import java.util.Objects;
import java.util.Optional;

/** {@code AUTHLAB_BACKEND=local}: {@link LocalControlPlane} from the binaries {@link KubeBinaries} finds. */
public final class LocalBackend implements Backend {

  public static final String NAME = "local";

  private final EnvironmentVariables environment;

  public LocalBackend(EnvironmentVariables environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> unavailableReason() {
    KubeBinaries.Location location = KubeBinaries.locate(environment);
    if (location instanceof KubeBinaries.Location.Missing missing) {
      return Optional.of(missing.reason());
    }
    return Optional.empty();
  }

  /** Where the binaries are, for messages ("local control plane from ..."). */
  public String describe() {
    KubeBinaries.Location location = KubeBinaries.locate(environment);
    return location instanceof KubeBinaries.Location.Found found ? "Kubernetes binaries from " + found.source() : "no Kubernetes binaries";
  }

  @Override
  public ControlPlane start(ControlPlaneSpec spec) {
    return LocalControlPlane.builder().spec(spec).environment(environment).build().start();
  }

  @Override
  public String toString() {
    return "LocalBackend[" + describe() + "]";
  }
}
