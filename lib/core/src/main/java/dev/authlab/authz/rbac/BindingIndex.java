package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Bindings by the subjects they name, so a decision costs the same with 10 or 10,000 unrelated
 * bindings. Upstream scans every binding; the answer is the same because a binding can only apply
 * to a user through a User or ServiceAccount subject equal to the user's name (a ServiceAccount
 * subject is the user system:serviceaccount:NS:NAME) or a Group subject among the user's groups.
 * Candidates are returned in the policy's order and re-checked with {@link Subjects#appliesTo}.
 */
final class BindingIndex {

  private final List<ClusterRoleBinding> clusterRoleBindings;
  private final List<RoleBinding> roleBindings;
  private final Map<String, int[]> clusterByUser;
  private final Map<String, int[]> clusterByGroup;
  /** Keyed by namespace + '\0' + name: RoleBindings in that namespace. */
  private final Map<String, int[]> namespacedByUser;
  private final Map<String, int[]> namespacedByGroup;
  /** RoleBindings in any namespace, for explanations ("you have a binding, but in team-b"). */
  private final Map<String, int[]> anyNamespaceByUser;
  private final Map<String, int[]> anyNamespaceByGroup;

  BindingIndex(List<ClusterRoleBinding> clusterRoleBindings, List<RoleBinding> roleBindings) {
    this.clusterRoleBindings = clusterRoleBindings;
    this.roleBindings = roleBindings;
    Map<String, List<Integer>> cu = new HashMap<>();
    Map<String, List<Integer>> cg = new HashMap<>();
    for (int i = 0; i < clusterRoleBindings.size(); i++) {
      for (Subject subject : subjects(clusterRoleBindings.get(i).getSubjects())) {
        indexSubject(subject, "", "", i, cu, cg);
      }
    }
    Map<String, List<Integer>> nu = new HashMap<>();
    Map<String, List<Integer>> ng = new HashMap<>();
    Map<String, List<Integer>> au = new HashMap<>();
    Map<String, List<Integer>> ag = new HashMap<>();
    for (int i = 0; i < roleBindings.size(); i++) {
      RoleBinding binding = roleBindings.get(i);
      String ns = RbacPolicy.namespaceOf(binding);
      for (Subject subject : subjects(binding.getSubjects())) {
        indexSubject(subject, ns, ns + '\0', i, nu, ng);
        indexSubject(subject, ns, "", i, au, ag);
      }
    }
    this.clusterByUser = freeze(cu);
    this.clusterByGroup = freeze(cg);
    this.namespacedByUser = freeze(nu);
    this.namespacedByGroup = freeze(ng);
    this.anyNamespaceByUser = freeze(au);
    this.anyNamespaceByGroup = freeze(ag);
  }

  /** ClusterRoleBindings that apply to the user, in policy order, each with its first matching subject. */
  List<Match<ClusterRoleBinding>> clusterRoleBindingsFor(UserInfo user) {
    List<Match<ClusterRoleBinding>> matches = new ArrayList<>();
    for (int i : candidates(user, "", clusterByUser, clusterByGroup)) {
      ClusterRoleBinding binding = clusterRoleBindings.get(i);
      Subjects.firstApplying(user, subjects(binding.getSubjects()), "")
          .ifPresent(s -> matches.add(new Match<>(binding, binding.getSubjects().get(s))));
    }
    return matches;
  }

  /** RoleBindings in the namespace that apply to the user, in policy order. */
  List<Match<RoleBinding>> roleBindingsFor(UserInfo user, String namespace) {
    return roleBindingMatches(user, candidates(user, namespace + '\0', namespacedByUser, namespacedByGroup));
  }

  /** RoleBindings in every namespace that apply to the user (for explanations and rule listings). */
  List<Match<RoleBinding>> roleBindingsInAnyNamespaceFor(UserInfo user) {
    return roleBindingMatches(user, candidates(user, "", anyNamespaceByUser, anyNamespaceByGroup));
  }

  private List<Match<RoleBinding>> roleBindingMatches(UserInfo user, Iterable<Integer> candidates) {
    List<Match<RoleBinding>> matches = new ArrayList<>();
    for (int i : candidates) {
      RoleBinding binding = roleBindings.get(i);
      Subjects.firstApplying(user, subjects(binding.getSubjects()), RbacPolicy.namespaceOf(binding))
          .ifPresent(s -> matches.add(new Match<>(binding, binding.getSubjects().get(s))));
    }
    return matches;
  }

  private static Iterable<Integer> candidates(
      UserInfo user, String prefix, Map<String, int[]> byUser, Map<String, int[]> byGroup) {
    int[] direct = byUser.get(prefix + user.name());
    List<int[]> viaGroups = new ArrayList<>();
    for (String group : user.groups()) {
      int[] hits = byGroup.get(prefix + group);
      if (hits != null) {
        viaGroups.add(hits);
      }
    }
    if (viaGroups.isEmpty()) {
      return direct == null ? List.of() : () -> java.util.Arrays.stream(direct).iterator();
    }
    // Several lists: merge into policy order without duplicates.
    TreeSet<Integer> merged = new TreeSet<>();
    if (direct != null) {
      for (int i : direct) {
        merged.add(i);
      }
    }
    for (int[] hits : viaGroups) {
      for (int i : hits) {
        merged.add(i);
      }
    }
    return merged;
  }

  private static void indexSubject(
      Subject subject,
      String bindingNamespace,
      String prefix,
      int position,
      Map<String, List<Integer>> byUser,
      Map<String, List<Integer>> byGroup) {
    String kind = subject.getKind() == null ? "" : subject.getKind();
    String name = subject.getName() == null ? "" : subject.getName();
    switch (kind) {
      case Subjects.USER -> add(byUser, prefix + name, position);
      case Subjects.GROUP -> add(byGroup, prefix + name, position);
      case Subjects.SERVICE_ACCOUNT ->
          Subjects.serviceAccountUsername(subject, bindingNamespace).ifPresent(u -> add(byUser, prefix + u, position));
      default -> {
        // Unknown kinds never apply to anyone.
      }
    }
  }

  private static void add(Map<String, List<Integer>> index, String key, int position) {
    List<Integer> positions = index.computeIfAbsent(key, k -> new ArrayList<>());
    if (positions.isEmpty() || positions.get(positions.size() - 1) != position) {
      positions.add(position);
    }
  }

  private static Map<String, int[]> freeze(Map<String, List<Integer>> index) {
    Map<String, int[]> frozen = new HashMap<>();
    index.forEach((key, positions) -> frozen.put(key, positions.stream().mapToInt(Integer::intValue).toArray()));
    return frozen;
  }

  private static List<Subject> subjects(List<Subject> subjects) {
    return subjects == null ? List.of() : subjects;
  }

  /** A binding and the first of its subjects that names the user. */
  record Match<B>(B binding, Subject subject) {}
}
