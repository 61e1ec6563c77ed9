package dev.authlab.labs.lab12_attacks_and_defences;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Objects;

/**
 * A binding's subject as the audit reports it: {@code User}, {@code Group} or {@code ServiceAccount},
 * with the namespace for service accounts ("" for the others). Given.
 */
public record SubjectRef(String kind, String namespace, String name) {

  public SubjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  public static SubjectRef user(String name) {
    return new SubjectRef("User", "", name);
  }

  public static SubjectRef group(String name) {
    return new SubjectRef("Group", "", name);
  }

  public static SubjectRef serviceAccount(String namespace, String name) {
    return new SubjectRef("ServiceAccount", namespace, name);
  }

  /** The subject of a RoleBinding or ClusterRoleBinding. */
  public static SubjectRef of(Subject subject) {
    String kind = subject.getKind() == null ? "" : subject.getKind();
    String namespace = "ServiceAccount".equals(kind) && subject.getNamespace() != null ? subject.getNamespace() : "";
    return new SubjectRef(kind, namespace, subject.getName() == null ? "" : subject.getName());
  }

  public boolean isServiceAccount() {
    return kind.equals("ServiceAccount");
  }

  /** {@code User/kim.lead}, {@code ServiceAccount/lab12-shop/release-bot}. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
