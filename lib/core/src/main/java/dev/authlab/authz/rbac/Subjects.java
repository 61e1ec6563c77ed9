package dev.authlab.authz.rbac;

import dev.authlab.authn.ServiceAccountNames;
import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Optional;

/** Which binding subjects a user is. Upstream's appliesTo, exactly: kinds are case-sensitive, names exact. */
public final class Subjects {

  public static final String USER = "User";
  public static final String GROUP = "Group";
  public static final String SERVICE_ACCOUNT = "ServiceAccount";

  private Subjects() {}

  /**
   * Does this subject name the user? A ServiceAccount subject without a namespace takes the
   * binding's namespace; in a ClusterRoleBinding (bindingNamespace "") it then matches nobody.
   */
  public static boolean appliesTo(UserInfo user, Subject subject, String bindingNamespace) {
    String kind = subject.getKind() == null ? "" : subject.getKind();
    String name = subject.getName() == null ? "" : subject.getName();
    return switch (kind) {
      case USER -> user.name().equals(name);
      case GROUP -> user.groups().contains(name);
      case SERVICE_ACCOUNT -> serviceAccountUsername(subject, bindingNamespace).map(user.name()::equals).orElse(false);
      default -> false;
    };
  }

  /** The index of the first subject that names the user, as upstream reports it; empty if none. */
  public static Optional<Integer> firstApplying(UserInfo user, List<Subject> subjects, String bindingNamespace) {
    for (int i = 0; i < subjects.size(); i++) {
      if (appliesTo(user, subjects.get(i), bindingNamespace)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** system:serviceaccount:NS:NAME for a ServiceAccount subject, if it has (or inherits) a namespace. */
  public static Optional<String> serviceAccountUsername(Subject subject, String bindingNamespace) {
    String ns = subject.getNamespace() == null || subject.getNamespace().isEmpty() ? bindingNamespace : subject.getNamespace();
    if (ns == null || ns.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(serviceAccountUsername(ns, subject.getName() == null ? "" : subject.getName()));
  }

  public static String serviceAccountUsername(String namespace, String name) {
    return ServiceAccountNames.username(namespace, name);
  }

  /** The groups every service account of a namespace is in: system:serviceaccounts and system:serviceaccounts:NS. */
  public static List<String> serviceAccountGroups(String namespace) {
    return ServiceAccountNames.groups(namespace);
  }
}
