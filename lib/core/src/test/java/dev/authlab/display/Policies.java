package dev.authlab.display;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.manifest.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policies the display tests draw: the kit's examples/policy on top of the bootstrap policy, or inline YAML. */
final class Policies {

  private Policies() {}

  static RbacPolicy examples() {
    return RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(Manifests.load(examplesDir()).objects()).build();
  }

  static RbacPolicy yaml(String yaml) {
    return RbacPolicy.of(Manifests.parse("test.yaml", yaml).objects());
  }

  /** examples/policy, found from the working directory upwards (Maven runs tests in lib/core). */
  static Path examplesDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples/policy");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("examples/policy not found above " + Path.of("").toAbsolutePath());
  }
}
