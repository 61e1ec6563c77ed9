package dev.authlab.cluster.differential;

import dev.authlab.authz.rbac.ClusterRoleAggregator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seeded random RBAC policy that the API server accepts as it is: Roles and ClusterRoles with
 * wildcards (verbs, API groups, {@code *} and {@code * /scale}-style resources), resourceNames,
 * subresources and non-resource URLs (some with a trailing {@code *}); aggregated ClusterRoles whose
 * selectors pick labelled parts (and, now and then, parts labelled for the bootstrap view, edit and
 * admin roles); RoleBindings and ClusterRoleBindings to Users, Groups and ServiceAccounts (with and
 * without a namespace) across 3–5 namespaces, some of them pointing at roles that do not exist.
 *
 * <p>Every name carries a tag made from the seed, so policies of several seeds can live in one
 * cluster side by side. Aggregation is kept acyclic (an aggregated role is only ever labelled for an
 * aggregated role generated after it), so the clusterrole-aggregation controller reaches one fixed
 * point whatever order it works in.
 *
 * <p>{@link #sentinels()} are four more objects, to be created last: once they are visible to the
 * API server's authorizer, so is everything created before them (each informer sees its resource's
 * events in order).
 */
final class RandomRbacPolicy {

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  static final String LABEL_PREFIX = "agg.authlab.dev/";
  static final String BOOTSTRAP_AGGREGATE_LABEL = "rbac.authorization.k8s.io/aggregate-to-";

  static final List<String> VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
  static final List<String> ODD_VERBS = List.of("impersonate", "bind", "escalate", "use", "approve", "sign", "proxy", "frobnicate", "GET");
  static final List<String> API_GROUPS = List.of("", "apps", "batch", RBAC_GROUP, "networking.k8s.io", "widgets.example.com");
  static final List<String> RESOURCES =
      List.of(
          "pods", "pods/log", "pods/status", "pods/exec", "deployments", "deployments/scale", "replicasets/scale", "jobs", "secrets",
          "configmaps", "services", "services/proxy", "roles", "rolebindings", "widgets", "widgets/status", "namespaces", "*/scale",
          "*/status", "*/*", "pods/*");
  static final List<String> RESOURCE_NAMES = List.of("web", "db", "cache", "api-7f9c", "Web");
  static final List<String> NON_RESOURCE_VERBS = List.of("get", "post", "put", "head", "delete", "*");
  static final List<String> NON_RESOURCE_URLS =
      List.of(
          "/healthz", "/healthz/*", "/logs/*", "/logs", "/metrics", "/apis/*", "*", "/version", "/custom/a/*", "/custom/a/b", "/api",
          "/custom/*/x", "/*", "relative/path");
  /** A namespace with a colon: the API server does not check a ServiceAccount subject's namespace. */
  static final String COLON_NAMESPACE = "team:ops";
  static final List<String> USERS =
      List.of("alice", "bob", "carol", "dave", "erin", "Frank", "jane@example.com", "oidc:kim", "system:kube-scheduler");
  static final List<String> GROUPS = List.of("devs", "ops", "auditors", "qa", "oidc:admins", "system:authenticated", "system:serviceaccounts");
  static final List<String> SERVICE_ACCOUNTS = List.of("default", "builder", "deployer");
  static final List<String> ROLE_NAMES = List.of("reader", "writer", "ops", "auditor");
  static final List<String> BOOTSTRAP_CLUSTER_ROLES = List.of("view", "edit", "admin", "system:basic-user", "system:discovery");

  private final long seed;
  private final String tag;
  private final List<String> namespaces;
  private final List<HasMetadata> objects;
  private final List<HasMetadata> sentinels;

  private RandomRbacPolicy(long seed, String tag, List<String> namespaces, List<HasMetadata> objects, List<HasMetadata> sentinels) {
    this.seed = seed;
    this.tag = tag;
    this.namespaces = List.copyOf(namespaces);
    this.objects = List.copyOf(objects);
    this.sentinels = List.copyOf(sentinels);
  }

  static RandomRbacPolicy generate(long seed) {
    return new Generator(seed).generate();
  }

  long seed() {
    return seed;
  }

  /** Short, DNS-safe, different for every seed: the prefix of every name. */
  String tag() {
    return tag;
  }

  List<String> namespaces() {
    return namespaces;
  }

  List<Namespace> namespaceObjects() {
    List<Namespace> out = new ArrayList<>();
    for (String ns : namespaces) {
      out.add(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
    }
    return out;
  }

  /** Roles and ClusterRoles first, then bindings, in creation order (sentinels not included). */
  List<HasMetadata> objects() {
    return objects;
  }

  /** A ClusterRole, ClusterRoleBinding, Role and RoleBinding to create after everything else. */
  List<HasMetadata> sentinels() {
    return sentinels;
  }

  List<HasMetadata> allObjects() {
    List<HasMetadata> all = new ArrayList<>(objects);
    all.addAll(sentinels);
    return all;
  }

  /** The ClusterRoles with an aggregationRule. */
  List<ClusterRole> aggregatedClusterRoles() {
    List<ClusterRole> out = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRole role && role.getAggregationRule() != null) {
        out.add(role);
      }
    }
    return out;
  }

  /** Whether some generated part carries a label for the bootstrap view/edit/admin roles. */
  boolean touchesBootstrapAggregation() {
    for (HasMetadata object : objects) {
      Map<String, String> labels = object.getMetadata().getLabels();
      if (labels != null && labels.keySet().stream().anyMatch(k -> k.startsWith(BOOTSTRAP_AGGREGATE_LABEL))) {
        return true;
      }
    }
    return false;
  }

  /** Who the sentinel ClusterRoleBinding names. */
  String sentinelClusterUser() {
    return tag + "-sentinel";
  }

  /** Who the sentinel RoleBinding names (in the last namespace). */
  String sentinelNamespaceUser() {
    return tag + "-sentinel-ns";
  }

  String sentinelNamespace() {
    return namespaces.get(namespaces.size() - 1);
  }

  static String tagOf(long seed) {
    return "d" + Long.toUnsignedString(seed, 36);
  }

  private static final class Generator {
    private final long seed;
    private final Draw draw;
    private final String tag;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, List<String>> roleNamesByNamespace = new LinkedHashMap<>();
    private final List<String> clusterRoleNames = new ArrayList<>();
    private final List<HasMetadata> roles = new ArrayList<>();
    private final List<HasMetadata> bindings = new ArrayList<>();
    private int missing;

    Generator(long seed) {
      this.seed = seed;
      this.draw = new Draw(seed);
      this.tag = tagOf(seed);
    }

    RandomRbacPolicy generate() {
      int namespaceCount = draw.between(3, 5);
      for (int i = 0; i < namespaceCount; i++) {
        namespaces.add("dt-" + tag + "-" + (char) ('a' + i));
      }
      for (String ns : namespaces) {
        List<String> names = draw.some(ROLE_NAMES, 1, 3);
        roleNamesByNamespace.put(ns, names);
        for (String name : names) {
          roles.add(role(ns, name));
        }
      }
      generateClusterRoles();
      for (String ns : namespaces) {
        int count = draw.between(2, 4);
        for (int i = 0; i < count; i++) {
          bindings.add(roleBinding(ns, tag + "-rb-" + i));
        }
      }
      int clusterBindings = draw.between(3, 6);
      for (int i = 0; i < clusterBindings; i++) {
        bindings.add(clusterRoleBinding(tag + "-crb-" + i));
      }
      bindEveryAggregatedRole();
      List<HasMetadata> all = new ArrayList<>(roles);
      all.addAll(bindings);
      return new RandomRbacPolicy(seed, tag, namespaces, all, sentinels());
    }

    private void generateClusterRoles() {
      int aggregatedCount = draw.between(2, 3);
      int leafCount = draw.between(4, 7);
      List<String> aggregateKeys = new ArrayList<>();
      for (int j = 0; j < aggregatedCount; j++) {
        aggregateKeys.add(LABEL_PREFIX + tag + "-" + j);
      }
      String skipKey = LABEL_PREFIX + tag + "-skip";
      List<List<LabelSelector>> selectorsOf = new ArrayList<>();
      for (int j = 0; j < aggregatedCount; j++) {
        List<LabelSelector> selectors = new ArrayList<>();
        selectors.add(selector(aggregateKeys.get(j), skipKey));
        if (draw.chance(0.25)) {
          selectors.add(new LabelSelectorBuilder().addToMatchLabels(BOOTSTRAP_AGGREGATE_LABEL + "view", "true").build());
        }
        selectorsOf.add(selectors);
      }
      List<String> leafNames = new ArrayList<>();
      List<Map<String, String>> leafLabels = new ArrayList<>();
      List<List<PolicyRule>> leafRules = new ArrayList<>();
      for (int i = 0; i < leafCount; i++) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int j = 0; j < aggregatedCount; j++) {
          if (draw.chance(0.35)) {
            labels.put(aggregateKeys.get(j), draw.chance(0.8) ? "true" : "yes");
          }
        }
        if (draw.chance(0.12)) {
          labels.put(BOOTSTRAP_AGGREGATE_LABEL + draw.pick(List.of("view", "edit", "admin")), "true");
        }
        if (draw.chance(0.15)) {
          labels.put(skipKey, "true");
        }
        List<PolicyRule> rules = new ArrayList<>();
        int ruleCount = draw.between(1, 3);
        for (int r = 0; r < ruleCount; r++) {
          rules.add(draw.chance(0.25) ? nonResourceRule() : resourceRule());
        }
        leafNames.add(tag + "-cr-" + i);
        leafLabels.add(labels);
        leafRules.add(rules);
      }
      // every aggregated role gets at least one part, whatever its selector's shape
      for (int j = 0; j < aggregatedCount; j++) {
        int target = j;
        boolean fed = leafLabels.stream().anyMatch(labels -> selectorsOf.get(target).stream().anyMatch(s -> ClusterRoleAggregator.matches(s, labels)));
        if (!fed) {
          Map<String, String> labels = leafLabels.get(draw.between(0, leafCount - 1));
          labels.put(aggregateKeys.get(j), "true");
          labels.remove(skipKey);
        }
      }
      for (int i = 0; i < leafCount; i++) {
        clusterRoleNames.add(leafNames.get(i));
        roles.add(
            new ClusterRoleBuilder().withNewMetadata().withName(leafNames.get(i)).withLabels(leafLabels.get(i)).endMetadata()
                .withRules(leafRules.get(i)).build());
      }
      for (int j = 0; j < aggregatedCount; j++) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int later = j + 1; later < aggregatedCount; later++) {
          if (draw.chance(0.5)) {
            labels.put(aggregateKeys.get(later), "true");
          }
        }
        ClusterRoleBuilder aggregated =
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(tag + "-agg-" + j)
                .withLabels(labels)
                .endMetadata()
                .withAggregationRule(new AggregationRuleBuilder().withClusterRoleSelectors(selectorsOf.get(j)).build());
        if (draw.chance(0.4)) {
          // rules the controller will replace
          aggregated.withRules(resourceRule());
        }
        clusterRoleNames.add(tag + "-agg-" + j);
        roles.add(aggregated.build());
      }
    }

    /** Aggregation is only tested through reviews if someone holds the aggregated role. */
    private void bindEveryAggregatedRole() {
      Set<String> referenced = new HashSet<>();
      for (HasMetadata binding : bindings) {
        RoleRef ref = binding instanceof RoleBinding rb ? rb.getRoleRef() : ((ClusterRoleBinding) binding).getRoleRef();
        if ("ClusterRole".equals(ref.getKind())) {
          referenced.add(ref.getName());
        }
      }
      int extra = 0;
      for (String name : clusterRoleNames) {
        if (!name.startsWith(tag + "-agg-") || referenced.contains(name)) {
          continue;
        }
        String bindingName = tag + "-agg-binding-" + extra++;
        if (draw.chance(0.5)) {
          bindings.add(
              new ClusterRoleBindingBuilder().withNewMetadata().withName(bindingName).endMetadata()
                  .withRoleRef(roleRef("ClusterRole", name)).withSubjects(subjects("")).build());
        } else {
          String ns = draw.pick(namespaces);
          bindings.add(
              new RoleBindingBuilder().withNewMetadata().withNamespace(ns).withName(bindingName).endMetadata()
                  .withRoleRef(roleRef("ClusterRole", name)).withSubjects(subjects(ns)).build());
        }
      }
    }

    /** One of several selector shapes that all require the role's own key, so nothing outside this seed is picked up. */
    private LabelSelector selector(String key, String skipKey) {
      return switch (draw.between(0, 3)) {
        case 0 -> new LabelSelectorBuilder().addToMatchLabels(key, "true").build();
        case 1 -> new LabelSelectorBuilder().withMatchExpressions(requirement(key, "In", "true", "yes")).build();
        case 2 -> new LabelSelectorBuilder()
            .withMatchExpressions(requirement(key, "Exists"), requirement(skipKey, "DoesNotExist"))
            .build();
        default -> new LabelSelectorBuilder()
            .withMatchExpressions(requirement(key, "Exists"), requirement(key, "NotIn", "yes"))
            .build();
      };
    }

    private static LabelSelectorRequirement requirement(String key, String operator, String... values) {
      LabelSelectorRequirement requirement = new LabelSelectorRequirement();
      requirement.setKey(key);
      requirement.setOperator(operator);
      if (values.length > 0) {
        requirement.setValues(List.of(values));
      }
      return requirement;
    }

    private Role role(String namespace, String name) {
      List<PolicyRule> rules = new ArrayList<>();
      int count = draw.between(1, 3);
      for (int i = 0; i < count; i++) {
        rules.add(resourceRule());
      }
      return new RoleBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withRules(rules).build();
    }

    PolicyRule resourceRule() {
      List<String> verbs;
      if (draw.chance(0.12)) {
        verbs = List.of("*");
      } else {
        verbs = new ArrayList<>(draw.some(VERBS, 1, 3));
        if (draw.chance(0.2)) {
          verbs.add(draw.pick(ODD_VERBS));
        }
        if (draw.chance(0.02)) {
          verbs.add("");
        }
      }
      List<String> groups = draw.chance(0.12) ? List.of("*") : draw.some(API_GROUPS, 1, 2);
      List<String> resources = new ArrayList<>(draw.chance(0.1) ? List.of("*") : draw.some(RESOURCES, 1, 3));
      if (draw.chance(0.02)) {
        resources.add("");
      }
      PolicyRuleBuilder rule = new PolicyRuleBuilder().withVerbs(distinct(verbs)).withApiGroups(groups).withResources(resources);
      if (draw.chance(0.25)) {
        rule.withResourceNames(draw.some(RESOURCE_NAMES, 1, 2));
      }
      return rule.build();
    }

    PolicyRule nonResourceRule() {
      return new PolicyRuleBuilder()
          .withVerbs(draw.some(NON_RESOURCE_VERBS, 1, 2))
          .withNonResourceURLs(draw.some(NON_RESOURCE_URLS, 1, 2))
          .build();
    }

    private static List<String> distinct(List<String> values) {
      return List.copyOf(new LinkedHashSet<>(values));
    }

    private RoleBinding roleBinding(String namespace, String name) {
      double r = draw.unit();
      RoleRef ref;
      List<String> here = roleNamesByNamespace.get(namespace);
      if (r < 0.45) {
        ref = roleRef("Role", draw.pick(here));
      } else if (r < 0.55) {
        List<String> elsewhere = new ArrayList<>(ROLE_NAMES);
        elsewhere.removeAll(here);
        ref = roleRef("Role", elsewhere.isEmpty() ? "ghost" : draw.pick(elsewhere));
      } else if (r < 0.88) {
        ref = roleRef("ClusterRole", draw.chance(0.7) ? draw.pick(clusterRoleNames) : draw.pick(BOOTSTRAP_CLUSTER_ROLES));
      } else {
        ref = roleRef("ClusterRole", tag + "-missing-" + missing++);
      }
      return new RoleBindingBuilder()
          .withNewMetadata()
          .withNamespace(namespace)
          .withName(name)
          .endMetadata()
          .withRoleRef(ref)
          .withSubjects(subjects(namespace))
          .build();
    }

    private ClusterRoleBinding clusterRoleBinding(String name) {
      double r = draw.unit();
      RoleRef ref;
      if (r < 0.7) {
        ref = roleRef("ClusterRole", draw.pick(clusterRoleNames));
      } else if (r < 0.85) {
        ref = roleRef("ClusterRole", draw.pick(BOOTSTRAP_CLUSTER_ROLES));
      } else {
        ref = roleRef("ClusterRole", tag + "-missing-" + missing++);
      }
      return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata().withRoleRef(ref).withSubjects(subjects("")).build();
    }

    private static RoleRef roleRef(String kind, String name) {
      return new RoleRefBuilder().withApiGroup(RBAC_GROUP).withKind(kind).withName(name).build();
    }

    private List<Subject> subjects(String bindingNamespace) {
      if (draw.chance(0.04)) {
        return List.of();
      }
      List<Subject> subjects = new ArrayList<>();
      int count = draw.between(1, 3);
      for (int i = 0; i < count; i++) {
        subjects.add(subject(bindingNamespace));
      }
      return subjects;
    }

    private Subject subject(String bindingNamespace) {
      double r = draw.unit();
      if (r < 0.4) {
        SubjectBuilder user = new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName(draw.pick(USERS));
        if (draw.chance(0.05)) {
          user.withNamespace(draw.pick(namespaces)); // accepted, and ignored by the authorizer
        }
        return user.build();
      }
      if (r < 0.7) {
        String group = draw.chance(0.12) ? draw.pick(GROUPS.subList(5, GROUPS.size())) : draw.pick(GROUPS.subList(0, 5));
        return new SubjectBuilder().withKind("Group").withApiGroup(RBAC_GROUP).withName(group).build();
      }
      SubjectBuilder sa = new SubjectBuilder().withKind("ServiceAccount").withApiGroup("").withName(draw.pick(SERVICE_ACCOUNTS));
      if (draw.chance(0.06)) {
        return sa.withNamespace(COLON_NAMESPACE).build();
      }
      if (bindingNamespace.isEmpty()) {
        return sa.withNamespace(draw.pick(namespaces)).build();
      }
      double where = draw.unit();
      if (where < 0.5) {
        return sa.build();
      }
      return sa.withNamespace(where < 0.85 ? bindingNamespace : draw.pick(namespaces)).build();
    }

    private List<HasMetadata> sentinels() {
      PolicyRule rule =
          new PolicyRuleBuilder().withVerbs("get").withApiGroups("sentinel.authlab.dev").withResources("sentinels").build();
      String ns = namespaces.get(namespaces.size() - 1);
      return List.of(
          new ClusterRoleBuilder().withNewMetadata().withName(tag + "-sentinel").endMetadata().withRules(rule).build(),
          new ClusterRoleBindingBuilder()
              .withNewMetadata()
              .withName(tag + "-sentinel")
              .endMetadata()
              .withRoleRef(roleRef("ClusterRole", tag + "-sentinel"))
              .withSubjects(new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName(tag + "-sentinel").build())
              .build(),
          new RoleBuilder().withNewMetadata().withNamespace(ns).withName("sentinel").endMetadata().withRules(rule).build(),
          new RoleBindingBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName("sentinel")
              .endMetadata()
              .withRoleRef(roleRef("Role", "sentinel"))
              .withSubjects(new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName(tag + "-sentinel-ns").build())
              .build());
    }
  }
}
