package dev.authlab.authz.rbac;

import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/**
 * A binding seen from one request: which binding, which of its subjects matched, and the role it
 * refers to. {@link #describe()} is the text the API server puts in an allow reason.
 */
public record BindingRef(Kind kind, String namespace, String name, String roleKind, String roleName, Subject subject) {

  public enum Kind {
    ClusterRoleBinding,
    RoleBinding
  }

  static BindingRef of(Kind kind, String namespace, String name, RoleRef roleRef, Subject subject) {
    return new BindingRef(
        kind,
        namespace == null ? "" : namespace,
        name,
        roleRef == null || roleRef.getKind() == null ? "" : roleRef.getKind(),
        roleRef == null || roleRef.getName() == null ? "" : roleRef.getName(),
        subject);
  }

  /** As upstream words it: ClusterRoleBinding "x" of ClusterRole "y" to Group "z". */
  public String describe() {
    String bindingName = kind == Kind.ClusterRoleBinding ? name : name + "/" + namespace;
    return kind + " " + GoStrings.quote(bindingName) + " of " + roleKind + " " + GoStrings.quote(roleName) + " to " + describeSubject();
  }

  /** Short form for tables and assertions: "RoleBinding team-a/devs" or "ClusterRoleBinding view-all". */
  public String shortName() {
    return kind == Kind.ClusterRoleBinding ? kind + " " + name : kind + " " + namespace + "/" + name;
  }

  /** The role as "ClusterRole view" or "Role team-a/reader". */
  public String roleShortName() {
    return "Role".equals(roleKind) ? roleKind + " " + namespace + "/" + roleName : roleKind + " " + roleName;
  }

  public String describeSubject() {
    if (subject == null) {
      return "";
    }
    String subjectKind = subject.getKind() == null ? "" : subject.getKind();
    String subjectName = subject.getName() == null ? "" : subject.getName();
    if ("ServiceAccount".equals(subjectKind)) {
      String ns = subject.getNamespace() == null || subject.getNamespace().isEmpty() ? namespace : subject.getNamespace();
      return subjectKind + " " + GoStrings.quote(subjectName + "/" + ns);
    }
    return subjectKind + " " + GoStrings.quote(subjectName);
  }
}
