package dev.authlab.testkit;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.manifest.Manifests;
import java.nio.file.Path;

/** The example policy (surefire runs in the repository root) plus extra manifests for a test. */
final class Policies {

  static final RbacPolicy EXAMPLE = withExample("");

  private Policies() {}

  static RbacPolicy withExample(String extraYaml) {
    RbacPolicy.Builder builder = RbacPolicy.builder().addAll(BootstrapPolicy.objects());
    builder.addAll(Manifests.load(Path.of("examples/policy")).objects());
    if (!extraYaml.isBlank()) {
      builder.addAll(Manifests.parse("extra.yaml", extraYaml).objects());
    }
    return builder.build();
  }

  static String roleBinding(String namespace, String name, String roleKind, String role, String subjectKind, String subject) {
    String subjectLine = subjectKind.equals("ServiceAccount")
        ? "- kind: ServiceAccount\n  name: " + subject + "\n  namespace: " + namespace + "\n"
        : "- kind: " + subjectKind + "\n  name: " + subject + "\n  apiGroup: rbac.authorization.k8s.io\n";
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: " + name + "\n  namespace: " + namespace + "\n"
        + "subjects:\n" + subjectLine
        + "roleRef:\n  kind: " + roleKind + "\n  name: " + role + "\n  apiGroup: rbac.authorization.k8s.io\n";
  }
}
