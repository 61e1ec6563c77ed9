package dev.authlab.labs.support;

import dev.authlab.authz.rbac.RbacPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Facts about a reader's RBAC policy file that the checks of several labs state in the same words. */
public final class PolicyFacts {

  private PolicyFacts() {}

  /** The bindings whose role is not in the file: on a cluster they would get a built-in role (cluster-admin, view …). */
  public static List<String> bindingsToRolesElsewhere(RbacPolicy policy) {
    List<String> missing = new ArrayList<>();
    for (RoleBinding binding : policy.roleBindings()) {
      String namespace = binding.getMetadata().getNamespace() == null ? "" : binding.getMetadata().getNamespace();
      if (policy.lookup(binding.getRoleRef(), namespace) instanceof RbacPolicy.RoleLookup.Missing) {
        missing.add("RoleBinding " + namespace + "/" + binding.getMetadata().getName() + " -> " + binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName());
      }
    }
    for (ClusterRoleBinding binding : policy.clusterRoleBindings()) {
      if (policy.lookup(binding.getRoleRef(), "") instanceof RbacPolicy.RoleLookup.Missing) {
        missing.add("ClusterRoleBinding " + binding.getMetadata().getName() + " -> " + binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName());
      }
    }
    return missing;
  }

  /** Cluster-wide (""), the lab's namespaces, every namespace the policy names, and the namespaces every cluster has. */
  public static Set<String> everyNamespace(RbacPolicy policy, String... labNamespaces) {
    Set<String> namespaces = new TreeSet<>(List.of("", "default", "kube-system", "kube-public"));
    namespaces.addAll(List.of(labNamespaces));
    namespaces.addAll(policy.namespaces());
    return namespaces;
  }

  /** "KIND NAMESPACE/NAME" (or "KIND NAME") of every subject of every RoleBinding and ClusterRoleBinding. */
  public static Set<String> bindingSubjects(RbacPolicy policy) {
    List<Subject> subjects = new ArrayList<>();
    policy.roleBindings().forEach(b -> subjects.addAll(b.getSubjects() == null ? List.of() : b.getSubjects()));
    policy.clusterRoleBindings().forEach(b -> subjects.addAll(b.getSubjects() == null ? List.of() : b.getSubjects()));
    Set<String> described = new TreeSet<>();
    for (Subject subject : subjects) {
      String namespace = subject.getNamespace() == null || subject.getNamespace().isEmpty() ? "" : subject.getNamespace() + "/";
      described.add(subject.getKind() + " " + namespace + subject.getName());
    }
    return described;
  }
}
