package dev.authlab.cluster.differential;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.RuleResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpecBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Seeded SubjectAccessReviews aimed at a {@link RandomRbacPolicy}: most ask about someone a binding
 * names (a user, a member of a bound group, a service account) for something close to a rule they
 * hold (same verb, group, resource and name, or one of them nudged), in the binding's namespace or
 * elsewhere or cluster-wide; the rest come from bootstrap subjects and strangers, with odd verbs,
 * {@code *}, the core group {@code ""} and named groups, and non-resource paths.
 *
 * <p>Node identities (users {@code system:node:*}, group {@code system:nodes}) are never generated:
 * the cluster runs the Node authorizer before RBAC and the library does not model it.
 */
final class RandomAccessReviews {

  static final List<String> STRANGERS =
      List.of("mallory", "ALICE", "system:anonymous", "trudy@example.com", "", "system:serviceaccount:team", "system:serviceaccount:team:ops");
  static final List<String> EXTRA_GROUPS =
      List.of("system:authenticated", "system:unauthenticated", "system:serviceaccounts", "system:monitoring", "devs", "ops", "qa");
  static final List<String> PATHS =
      List.of(
          "/healthz", "/healthz/etcd", "/logs", "/logs/", "/logs/kube.log", "/metrics", "/apis", "/apis/apps", "/version", "/version/",
          "/custom/a", "/custom/a/b", "/custom/a/b/c", "/api", "/api/v1", "/openapi/v2", "/livez", "/readyz", "/unknown", "/",
          "/custom/*/x", "/custom/a/x", "relative/path", "relative");
  static final List<String> SUBRESOURCES = List.of("status", "scale", "log", "exec", "proxy", "*");

  private final RandomRbacPolicy policy;
  private final RuleResolver resolver;
  private final Draw draw;
  private final List<Who> bound = new ArrayList<>();
  private final List<Who> bootstrap = new ArrayList<>();
  private final List<PolicyRule> generatedResourceRules = new ArrayList<>();
  private final List<String> generatedUrls = new ArrayList<>();

  private RandomAccessReviews(RandomRbacPolicy policy, RbacPolicy library, long seed) {
    this.policy = policy;
    this.resolver = new RuleResolver(library);
    this.draw = new Draw(seed * 31 + 7);
    for (HasMetadata object : policy.objects()) {
      if (object instanceof RoleBinding binding) {
        String ns = binding.getMetadata().getNamespace();
        for (Subject subject : orEmpty(binding.getSubjects())) {
          bound.add(whoFor(subject, ns));
        }
      } else if (object instanceof ClusterRoleBinding binding) {
        for (Subject subject : orEmpty(binding.getSubjects())) {
          bound.add(whoFor(subject, ""));
        }
      } else if (object instanceof Role role) {
        generatedResourceRules.addAll(orEmpty(role.getRules()));
      } else if (object instanceof ClusterRole role) {
        for (PolicyRule rule : orEmpty(role.getRules())) {
          if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
            generatedUrls.addAll(rule.getNonResourceURLs());
          } else {
            generatedResourceRules.add(rule);
          }
        }
      }
    }
    for (HasMetadata object : BootstrapPolicy.objects()) {
      List<Subject> subjects = List.of();
      String ns = "";
      if (object instanceof RoleBinding binding) {
        subjects = orEmpty(binding.getSubjects());
        ns = binding.getMetadata().getNamespace();
      } else if (object instanceof ClusterRoleBinding binding) {
        subjects = orEmpty(binding.getSubjects());
      }
      for (Subject subject : subjects) {
        Who who = whoFor(subject, ns);
        if (!isNodeIdentity(who)) {
          bootstrap.add(who);
        }
      }
    }
  }

  /** {@code count} reviews for the policy; {@code library} (bootstrap plus the policy) only steers them towards rules people hold. */
  static List<SubjectAccessReview> generate(RandomRbacPolicy policy, RbacPolicy library, long seed, int count) {
    RandomAccessReviews generator = new RandomAccessReviews(policy, library, seed);
    List<SubjectAccessReview> reviews = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      reviews.add(generator.next());
    }
    return reviews;
  }

  /** Who asks, and the namespace their binding lives in ("" for a ClusterRoleBinding). */
  record Who(String user, List<String> groups, String namespaceHint) {}

  static boolean isNodeIdentity(Who who) {
    return who.user().startsWith("system:node:") || who.groups().contains("system:nodes");
  }

  private Who whoFor(Subject subject, String bindingNamespace) {
    String kind = subject.getKind();
    if ("ServiceAccount".equals(kind)) {
      String ns = subject.getNamespace() == null || subject.getNamespace().isEmpty() ? bindingNamespace : subject.getNamespace();
      return new Who("system:serviceaccount:" + ns + ":" + subject.getName(), List.of("system:serviceaccounts", "system:serviceaccounts:" + ns), bindingNamespace);
    }
    if ("Group".equals(kind)) {
      return new Who("", List.of(subject.getName()), bindingNamespace);
    }
    return new Who(subject.getName(), List.of(), bindingNamespace);
  }

  private SubjectAccessReview next() {
    Who who = who();
    SubjectAccessReviewSpecBuilder spec = new SubjectAccessReviewSpecBuilder();
    if (!who.user().isEmpty()) {
      spec.withUser(who.user());
    }
    if (!who.groups().isEmpty()) {
      spec.withGroups(who.groups());
    }
    if (draw.chance(0.05)) {
      spec.withUid("uid-" + draw.between(1, 99));
    }
    if (draw.chance(0.18)) {
      spec.withNonResourceAttributes(new NonResourceAttributesBuilder().withVerb(nonResourceVerb()).withPath(path()).build());
    } else {
      spec.withResourceAttributes(resource(who));
    }
    return new SubjectAccessReviewBuilder().withApiVersion("authorization.k8s.io/v1").withKind("SubjectAccessReview").withSpec(spec.build()).build();
  }

  private Who who() {
    double r = draw.unit();
    Who base;
    if (r < 0.62 && !bound.isEmpty()) {
      base = draw.pick(bound);
    } else if (r < 0.77) {
      base = draw.pick(bootstrap);
    } else {
      base = new Who(draw.pick(STRANGERS), List.of(), draw.pick(policy.namespaces()));
    }
    String user = base.user();
    Set<String> groups = new LinkedHashSet<>(base.groups());
    if (user.isEmpty() && draw.chance(0.6)) {
      user = draw.pick(RandomRbacPolicy.USERS);
    }
    if (user.startsWith("system:serviceaccount:") && draw.chance(0.25)) {
      groups.clear(); // a review may name the user without its groups
    }
    int extra = draw.chance(0.5) ? 0 : draw.between(1, 2);
    for (int i = 0; i < extra; i++) {
      groups.add(draw.pick(EXTRA_GROUPS));
    }
    if (draw.chance(0.02)) {
      groups.add(UserInfo.SYSTEM_PRIVILEGED_GROUP);
    }
    if (user.isEmpty() && groups.isEmpty()) {
      groups.add("devs");
    }
    return new Who(user, List.copyOf(groups), base.namespaceHint());
  }

  private String namespaceFor(Who who) {
    double r = draw.unit();
    String hint = who.namespaceHint().isEmpty() ? draw.pick(policy.namespaces()) : who.namespaceHint();
    if (r < 0.68) {
      return hint;
    }
    if (r < 0.8) {
      return draw.pick(policy.namespaces());
    }
    if (r < 0.84) {
      return draw.pick(List.of("kube-system", "default", "kube-public"));
    }
    return "";
  }

  private ResourceAttributes resource(Who who) {
    String namespace = namespaceFor(who);
    List<PolicyRule> held = new ArrayList<>();
    if (draw.chance(0.7)) {
      UserInfo user = new UserInfo(who.user(), "", who.groups(), Map.of());
      for (PolicyRule rule : resolver.rulesFor(user, namespace.isEmpty() ? who.namespaceHint() : namespace).rules()) {
        if (rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty()) {
          held.add(rule);
        }
      }
    }
    if (held.isEmpty() && draw.chance(0.6) && !generatedResourceRules.isEmpty()) {
      held.add(draw.pick(generatedResourceRules));
    }
    String verb;
    String group;
    String resource;
    String subresource = "";
    String name = "";
    if (held.isEmpty()) {
      verb = verb();
      group = draw.pick(RandomRbacPolicy.API_GROUPS);
      String combined = concreteResource(draw.pick(RandomRbacPolicy.RESOURCES));
      resource = first(combined);
      subresource = second(combined);
      if (draw.chance(0.4)) {
        name = draw.pick(RandomRbacPolicy.RESOURCE_NAMES);
      }
    } else {
      PolicyRule rule = draw.pick(held);
      verb = fromRule(orEmpty(rule.getVerbs()), this::verb);
      group = fromRule(orEmpty(rule.getApiGroups()), () -> draw.pick(RandomRbacPolicy.API_GROUPS));
      String combined = concreteResource(fromRule(orEmpty(rule.getResources()), () -> draw.pick(RandomRbacPolicy.RESOURCES)));
      resource = first(combined);
      subresource = second(combined);
      List<String> names = orEmpty(rule.getResourceNames());
      if (!names.isEmpty() && draw.chance(0.8)) {
        name = draw.pick(names);
      } else if (draw.chance(0.35)) {
        name = draw.pick(RandomRbacPolicy.RESOURCE_NAMES);
      }
      if (draw.chance(0.3)) {
        switch (draw.between(0, 4)) {
          case 0 -> verb = verb();
          case 1 -> group = draw.pick(RandomRbacPolicy.API_GROUPS);
          case 2 -> resource = first(concreteResource(draw.pick(RandomRbacPolicy.RESOURCES)));
          case 3 -> subresource = subresource.isEmpty() ? draw.pick(SUBRESOURCES) : "";
          default -> name = name.isEmpty() ? draw.pick(RandomRbacPolicy.RESOURCE_NAMES) : "";
        }
      }
    }
    ResourceAttributesBuilder attributes = new ResourceAttributesBuilder().withVerb(verb).withGroup(group).withResource(resource);
    if (!namespace.isEmpty()) {
      attributes.withNamespace(namespace);
    }
    if (!subresource.isEmpty()) {
      attributes.withSubresource(subresource);
    }
    if (!name.isEmpty()) {
      attributes.withName(name);
    }
    if (draw.chance(0.3)) {
      attributes.withVersion(draw.pick(List.of("v1", "v1beta1", "*")));
    }
    return attributes.build();
  }

  /** A value a rule lists, with "*" turned into something concrete most of the time. */
  private String fromRule(List<String> values, Supplier<String> any) {
    if (values.isEmpty()) {
      return any.get();
    }
    String value = draw.pick(values);
    return "*".equals(value) && draw.chance(0.85) ? any.get() : value;
  }

  /** "*" becomes a real resource, "* /scale" a real resource with that subresource. */
  private String concreteResource(String ruleResource) {
    if ("*".equals(ruleResource)) {
      return draw.chance(0.8) ? draw.pick(RandomRbacPolicy.RESOURCES).replace("*", "pods") : "*";
    }
    if (ruleResource.startsWith("*/")) {
      return draw.pick(List.of("deployments", "pods", "widgets", "statefulsets")) + ruleResource.substring(1);
    }
    return ruleResource;
  }

  private static String first(String combined) {
    int slash = combined.indexOf('/');
    return slash < 0 ? combined : combined.substring(0, slash);
  }

  private static String second(String combined) {
    int slash = combined.indexOf('/');
    return slash < 0 ? "" : combined.substring(slash + 1);
  }

  private String verb() {
    double r = draw.unit();
    if (r < 0.75) {
      return draw.pick(RandomRbacPolicy.VERBS);
    }
    if (r < 0.93) {
      return draw.pick(RandomRbacPolicy.ODD_VERBS);
    }
    return r < 0.99 ? "*" : "";
  }

  private String nonResourceVerb() {
    return draw.chance(0.9) ? draw.pick(RandomRbacPolicy.NON_RESOURCE_VERBS) : draw.pick(List.of("GET", "options", "list"));
  }

  private String path() {
    if (!generatedUrls.isEmpty() && draw.chance(0.5)) {
      String url = draw.pick(generatedUrls);
      if (url.equals("*")) {
        return draw.pick(PATHS);
      }
      if (url.endsWith("*")) {
        String prefix = url.substring(0, url.length() - 1);
        return prefix + draw.pick(List.of("", "x", "x/y", "*"));
      }
      return draw.chance(0.8) ? url : url + "/";
    }
    return draw.pick(PATHS);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
