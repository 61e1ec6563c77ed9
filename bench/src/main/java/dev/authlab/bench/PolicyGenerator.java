package dev.authlab.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, seeded RBAC policy for benchmarks: {@code bindings} unrelated RoleBindings and
 * ClusterRoleBindings (one in five is a ClusterRoleBinding) spread over many namespaces, users, groups
 * and service accounts, with the Roles and ClusterRoles they point at; plus the bindings of one user of
 * interest, {@link #USER} (in group {@link #USER_GROUP}), who has a RoleBinding in {@link #NAMESPACE}
 * and a ClusterRoleBinding.
 *
 * <p>"Unrelated" means no generated binding names {@link #USER}, {@link #USER_GROUP},
 * {@link #UNKNOWN_USER} or any system: group, so they can never change a decision about those users;
 * an indexed engine should not even look at them. {@link #NAMESPACE} is one of the generated
 * namespaces, so it holds unrelated RoleBindings too (the namespace alone does not narrow the search
 * to the user's bindings).
 */
public final class PolicyGenerator {

  /** The user of interest. */
  public static final String USER = "alice";

  /** A group only {@link #USER} is in, named only by her own ClusterRoleBinding. */
  public static final String USER_GROUP = "team-a-leads";

  /** A user no binding names. */
  public static final String UNKNOWN_USER = "mallory";

  /** The namespace where {@link #USER} has her RoleBinding. */
  public static final String NAMESPACE = "team-a";

  /** The seed used unless told otherwise. */
  public static final long DEFAULT_SEED = 20240601L;

  private static final String[] VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};

  /** api group, resource. */
  private static final String[][] RESOURCES = {
    {"", "pods"}, {"", "pods/log"}, {"", "services"}, {"", "configmaps"}, {"", "secrets"}, {"", "endpoints"},
    {"", "persistentvolumeclaims"}, {"", "serviceaccounts"}, {"", "events"},
    {"apps", "deployments"}, {"apps", "statefulsets"}, {"apps", "daemonsets"}, {"apps", "replicasets"},
    {"batch", "jobs"}, {"batch", "cronjobs"}, {"networking.k8s.io", "ingresses"}, {"networking.k8s.io", "networkpolicies"},
    {"policy", "poddisruptionbudgets"}, {"autoscaling", "horizontalpodautoscalers"},
  };

  private static final String[] ROLE_NAMES = {"reader", "editor", "operator"};

  private PolicyGenerator() {}

  public static List<HasMetadata> generate(int bindings) {
    return generate(bindings, DEFAULT_SEED);
  }

  /** The objects of the policy, in a fixed order for a given size and seed. */
  public static List<HasMetadata> generate(int bindings, long seed) {
    if (bindings < 0) {
      throw new IllegalArgumentException("bindings must be >= 0: " + bindings);
    }
    Random random = new Random(seed);
    int clusterBindings = bindings / 5;
    int roleBindings = bindings - clusterBindings;
    int namespaces = Math.max(2, bindings / 25);
    int users = Math.max(5, bindings / 2);
    int groups = Math.max(3, bindings / 10);
    int clusterRoles = Math.max(3, bindings / 50);

    List<HasMetadata> objects = new ArrayList<>();

    // Cluster roles: clusterrole-NNNN, a few random rules each.
    for (int i = 0; i < clusterRoles; i++) {
      objects.add(
          new ClusterRoleBuilder()
              .withNewMetadata().withName(String.format("clusterrole-%04d", i)).endMetadata()
              .withRules(randomRules(random))
              .build());
    }
    // Roles: every namespace has reader, editor and operator.
    for (int n = 0; n < namespaces; n++) {
      String ns = namespace(n);
      for (String name : ROLE_NAMES) {
        objects.add(
            new RoleBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withRules(randomRules(random))
                .build());
      }
    }
    // Unrelated ClusterRoleBindings.
    for (int i = 0; i < clusterBindings; i++) {
      objects.add(
          new ClusterRoleBindingBuilder()
              .withNewMetadata().withName(String.format("crb-%05d", i)).endMetadata()
              .withRoleRef(roleRef("ClusterRole", String.format("clusterrole-%04d", random.nextInt(clusterRoles))))
              .withSubjects(randomSubjects(random, users, groups, namespaces, true))
              .build());
    }
    // Unrelated RoleBindings: to a Role of their namespace (60%) or a ClusterRole (40%).
    for (int i = 0; i < roleBindings; i++) {
      String ns = namespace(random.nextInt(namespaces));
      boolean toRole = random.nextInt(10) < 6;
      String roleName = toRole ? ROLE_NAMES[random.nextInt(ROLE_NAMES.length)] : String.format("clusterrole-%04d", random.nextInt(clusterRoles));
      objects.add(
          new RoleBindingBuilder()
              .withNewMetadata().withNamespace(ns).withName(String.format("rb-%05d", i)).endMetadata()
              .withRoleRef(roleRef(toRole ? "Role" : "ClusterRole", roleName))
              .withSubjects(randomSubjects(random, users, groups, namespaces, false))
              .build());
    }

    // The user of interest: edits deployments and pods in team-a; reads nodes and namespaces everywhere.
    objects.add(
        new RoleBuilder()
            .withNewMetadata().withNamespace(NAMESPACE).withName("alice-editor").endMetadata()
            .withRules(
                rule(new String[] {"get", "list", "watch"}, "", "pods", "pods/log", "services", "configmaps"),
                rule(new String[] {"get", "list", "watch", "create", "update", "patch", "delete"}, "apps", "deployments", "replicasets"))
            .build());
    objects.add(
        new RoleBindingBuilder()
            .withNewMetadata().withNamespace(NAMESPACE).withName("alice-edit").endMetadata()
            .withRoleRef(roleRef("Role", "alice-editor"))
            .withSubjects(new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(USER).build())
            .build());
    objects.add(
        new ClusterRoleBuilder()
            .withNewMetadata().withName("alice-node-viewer").endMetadata()
            .withRules(rule(new String[] {"get", "list", "watch"}, "", "nodes", "namespaces"))
            .build());
    objects.add(
        new ClusterRoleBindingBuilder()
            .withNewMetadata().withName("alice-view-nodes").endMetadata()
            .withRoleRef(roleRef("ClusterRole", "alice-node-viewer"))
            .withSubjects(new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(USER_GROUP).build())
            .build());
    return objects;
  }

  /** ns-0000 … ; the team-a namespace stands in for ns-0000 so it gets its share of unrelated bindings. */
  static String namespace(int n) {
    return n == 0 ? NAMESPACE : String.format("ns-%04d", n);
  }

  private static List<PolicyRule> randomRules(Random random) {
    int count = 1 + random.nextInt(4);
    List<PolicyRule> rules = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      String[] resource = RESOURCES[random.nextInt(RESOURCES.length)];
      String[] second = RESOURCES[random.nextInt(RESOURCES.length)];
      List<String> resources = new ArrayList<>(List.of(resource[1]));
      if (second[0].equals(resource[0]) && !second[1].equals(resource[1])) {
        resources.add(second[1]);
      }
      int verbs = 1 + random.nextInt(4);
      int first = random.nextInt(VERBS.length - verbs + 1);
      String[] ruleVerbs = new String[verbs];
      System.arraycopy(VERBS, first, ruleVerbs, 0, verbs);
      rules.add(rule(ruleVerbs, resource[0], resources.toArray(String[]::new)));
    }
    return rules;
  }

  private static RoleRef roleRef(String kind, String name) {
    return new RoleRefBuilder().withApiGroup("rbac.authorization.k8s.io").withKind(kind).withName(name).build();
  }

  private static PolicyRule rule(String[] verbs, String apiGroup, String... resources) {
    return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resources).withVerbs(verbs).build();
  }

  /** One to three subjects: users (50%), groups (30%), service accounts (20%). */
  private static List<Subject> randomSubjects(Random random, int users, int groups, int namespaces, boolean cluster) {
    int count = 1 + random.nextInt(3);
    List<Subject> subjects = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        subjects.add(
            new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io")
                .withName(String.format("user-%05d", random.nextInt(users))).build());
      } else if (kind < 8) {
        subjects.add(
            new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io")
                .withName(String.format("group-%04d", random.nextInt(groups))).build());
      } else {
        // A ClusterRoleBinding's service account subject must carry its namespace.
        SubjectBuilder sa = new SubjectBuilder().withKind("ServiceAccount").withName(String.format("sa-%03d", random.nextInt(50)));
        if (cluster || random.nextBoolean()) {
          sa.withNamespace(namespace(random.nextInt(namespaces)));
        }
        subjects.add(sa.build());
      }
    }
    return subjects;
  }
}
