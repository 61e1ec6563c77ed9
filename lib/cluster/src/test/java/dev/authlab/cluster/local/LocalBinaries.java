package dev.authlab.cluster.local;

import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.EnvironmentVariables;
import dev.authlab.cluster.extension.ControlPlaneExtension;
import java.nio.file.Path;

/** The binaries for tests that start local control planes themselves: skipped, or failed when required, like {@code @WithControlPlane}. */
final class LocalBinaries {

  private LocalBinaries() {}

  static Path dirOrSkip() {
    EnvironmentVariables env = EnvironmentVariables.system();
    KubeBinaries.Location location = KubeBinaries.locate(env);
    if (location instanceof KubeBinaries.Location.Missing missing) {
      ControlPlaneExtension.backendOrSkip(new ControlPlanes.Choice.Unavailable(missing.reason()), env);
    }
    return ((KubeBinaries.Location.Found) location).dir();
  }
}
