package dev.authlab.authz.rbac;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

/** Small builders for the bootstrap tests. */
final class TestObjects {

  private TestObjects() {}

  static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
  }

  static RoleBinding roleBinding(String namespace, String name, String roleKind, String roleName, Subject... subjects) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind(roleKind)
        .withName(roleName)
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }
}
