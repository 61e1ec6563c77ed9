package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Small builders for RBAC objects and requests, shaped like the helpers the upstream tests use, so
 * that each ported case reads as a short table row.
 */
final class Fixtures {

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private Fixtures() {}

  /**
   * Every field split on commas, as upstream's test helper does: an empty string becomes a list
   * holding one empty string (which, for apiGroups, means the core group).
   */
  static PolicyRule splitRule(String verbs, String apiGroups, String resources, String urls) {
    return new PolicyRuleBuilder()
        .withVerbs(split(verbs))
        .withApiGroups(split(apiGroups))
        .withResources(split(resources))
        .withNonResourceURLs(split(urls))
        .build();
  }

  static List<String> split(String csv) {
    return Arrays.asList(csv.split(",", -1));
  }

  /** Start a rule with these verbs; fields left unset stay empty. */
  static RuleSpec verbs(String... verbs) {
    return new RuleSpec(new PolicyRuleBuilder().withVerbs(verbs));
  }

  /** A fluent PolicyRule, in the spirit of upstream's NewRule(...).Groups(...).Resources(...). */
  static final class RuleSpec {
    private final PolicyRuleBuilder builder;

    private RuleSpec(PolicyRuleBuilder builder) {
      this.builder = builder;
    }

    RuleSpec groups(String... groups) {
      builder.withApiGroups(groups);
      return this;
    }

    RuleSpec resources(String... resources) {
      builder.withResources(resources);
      return this;
    }

    RuleSpec names(String... names) {
      builder.withResourceNames(names);
      return this;
    }

    RuleSpec urls(String... urls) {
      builder.withNonResourceURLs(urls);
      return this;
    }

    PolicyRule rule() {
      return builder.build();
    }
  }

  static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build();
  }

  static ClusterRole labelledClusterRole(String name, Map<String, String> labels, List<PolicyRule> rules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  /** A ClusterRole aggregating the roles matched by each of these matchLabels selectors. */
  static ClusterRole aggregatingClusterRole(String name, List<Map<String, String>> selectors, List<PolicyRule> rules) {
    List<LabelSelector> labelSelectors = selectors.stream().map(m -> new LabelSelectorBuilder().withMatchLabels(m).build()).toList();
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withAggregationRule(new AggregationRuleBuilder().withClusterRoleSelectors(labelSelectors).build())
        .withRules(rules)
        .build();
  }

  static Role role(String namespace, String name, PolicyRule... rules) {
    return new RoleBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withRules(rules).build();
  }

  static RoleRef clusterRoleRef(String name) {
    return new RoleRefBuilder().withApiGroup(RBAC_GROUP).withKind("ClusterRole").withName(name).build();
  }

  static RoleRef roleRef(String name) {
    return new RoleRefBuilder().withApiGroup(RBAC_GROUP).withKind("Role").withName(name).build();
  }

  static ClusterRoleBinding clusterRoleBinding(String name, RoleRef roleRef, Subject... subjects) {
    return new ClusterRoleBindingBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).build())
        .withRoleRef(roleRef)
        .withSubjects(subjects)
        .build();
  }

  static ClusterRoleBinding clusterRoleBinding(String name, String clusterRoleName, Subject... subjects) {
    return clusterRoleBinding(name, clusterRoleRef(clusterRoleName), subjects);
  }

  static RoleBinding roleBinding(String namespace, String name, RoleRef roleRef, Subject... subjects) {
    return new RoleBindingBuilder()
        .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build())
        .withRoleRef(roleRef)
        .withSubjects(subjects)
        .build();
  }

  static Subject user(String name) {
    return new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName(name).build();
  }

  static Subject group(String name) {
    return new SubjectBuilder().withKind("Group").withApiGroup(RBAC_GROUP).withName(name).build();
  }

  /** A ServiceAccount subject; an empty namespace leaves the field unset. */
  static Subject serviceAccount(String namespace, String name) {
    SubjectBuilder builder = new SubjectBuilder().withKind("ServiceAccount").withApiGroup("").withName(name);
    if (!namespace.isEmpty()) {
      builder.withNamespace(namespace);
    }
    return builder.build();
  }

  static Subject subject(String kind, String name) {
    return new SubjectBuilder().withKind(kind).withName(name).build();
  }

  /** A user with these groups; groups given as one comma-separated string split as upstream's test does. */
  static UserInfo userWithGroupList(String name, String groupsCsv) {
    return new UserInfo(name, "", split(groupsCsv), Map.of());
  }

  static UserInfo who(String name, String... groups) {
    return UserInfo.of(name, groups);
  }

  /** A resource request: verb, API group, resource, subresource, namespace, name. */
  static Attributes.Resource request(UserInfo user, String verb, String group, String resource, String subresource, String namespace, String name) {
    return new Attributes.Resource(user, verb, namespace, group, "v1", resource, subresource, name);
  }

  /** A resource request without a user, for rule-level checks. */
  static Attributes.Resource request(String verb, String group, String resource, String subresource) {
    return request(who("anyone"), verb, group, resource, subresource, "", "");
  }

  static Attributes.NonResource urlRequest(UserInfo user, String verb, String path) {
    return new Attributes.NonResource(user, verb, path);
  }

  static Attributes.NonResource urlRequest(String verb, String path) {
    return urlRequest(who("anyone"), verb, path);
  }

  static RbacPolicy policy(io.fabric8.kubernetes.api.model.HasMetadata... objects) {
    return RbacPolicy.of(List.of(objects));
  }

  /** The five lists of a rule, absent and empty alike, for comparing rules as upstream's semantic equality does. */
  static List<List<String>> shape(PolicyRule rule) {
    return List.of(
        Rules.apiGroups(rule), Rules.resources(rule), Rules.resourceNames(rule), Rules.nonResourceURLs(rule), Rules.verbs(rule));
  }

  static List<List<List<String>>> shapes(List<PolicyRule> rules) {
    return rules.stream().map(Fixtures::shape).toList();
  }
}
