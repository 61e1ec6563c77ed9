package dev.authlab.cli;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import dev.authlab.manifest.Note;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --policy and --no-bootstrap: where the RBAC objects come from. */
public final class PolicyOptions {

  @Option(
      names = {"--policy", "-p"},
      paramLabel = "PATH",
      description = "A YAML/JSON manifest file or a directory of them (repeatable).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--no-bootstrap",
      description = "Leave out the default roles and bindings a new API server creates (cluster-admin, view, system:discovery, …).")
  boolean noBootstrap;

  boolean given() {
    return !paths.isEmpty();
  }

  /** Loads the manifests (plus the bootstrap policy unless --no-bootstrap), printing skipped objects as notes. */
  RbacPolicy load(PrintWriter err) {
    if (paths.isEmpty()) {
      throw new UserError("--policy PATH is required: the RBAC manifests (a file or a directory) to answer from");
    }
    RbacPolicy.Builder builder = RbacPolicy.builder();
    if (!noBootstrap) {
      builder.addAll(BootstrapPolicy.objects());
    }
    for (Path path : paths) {
      ManifestSet set = Manifests.load(path);
      for (Note note : set.notes()) {
        err.println("note: " + note);
      }
      builder.addAll(set.objects());
    }
    return builder.build();
  }
}
