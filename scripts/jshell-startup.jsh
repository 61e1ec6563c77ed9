// kube-authlab: imports and one helper for JShell (scripts/jshell) and the notebook kernel
// (the kernelspec "Java (kube-authlab)" runs this file at start-up). The kit's jar is on the class path.
// Plugin sub-packages (dev.authlab.authn.tokenfile, .x509, .oidc, ...) share some class names, so
// import those where you use them.
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import dev.authlab.request.*;
import dev.authlab.authn.*;
import dev.authlab.authz.*;
import dev.authlab.authz.rbac.*;
import dev.authlab.manifest.Manifests;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.pki.*;
import dev.authlab.kubeconfig.*;
import dev.authlab.display.*;
import dev.authlab.cluster.ClusterTier;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.Credential;

/** A path inside the kit (e.g. kit("examples/policy")), found from the working directory upwards. */
Path kit(String relative) {
  for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
    if (Files.isRegularFile(dir.resolve("authlab")) && Files.isDirectory(dir.resolve("examples"))) {
      return dir.resolve(relative);
    }
  }
  throw new IllegalStateException("not inside kube-authlab: no 'authlab' launcher above " + Path.of("").toAbsolutePath());
}
