package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the API server does to an RBAC object on create, after decoding: v1 defaulting, then the
 * checks of {@code pkg/apis/rbac/validation} (same fields and order, our own wording). The first
 * problem is thrown as a {@link FieldError}.
 */
final class RbacValidation {

  static final String GROUP = "rbac.authorization.k8s.io";

  private static final Set<String> SUBJECT_KINDS = Set.of("User", "Group", "ServiceAccount");
  private static final Set<String> SELECTOR_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
  // DNS-1123 label (namespaces) and subdomain (service account names), as in apimachinery
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_LABEL.pattern() + "(\\." + DNS_LABEL.pattern() + ")*");
  private static final int DNS_LABEL_MAX = 63;
  private static final int DNS_SUBDOMAIN_MAX = 253;
  private static final String SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";

  private RbacValidation() {}

  static void validate(Role role) {
    validateMetadata(role.getMetadata(), true);
    validateRules(role.getRules(), true);
  }

  static void validate(ClusterRole role) {
    validateMetadata(role.getMetadata(), false);
    validateRules(role.getRules(), false);
    validateAggregation(role.getAggregationRule());
  }

  static void validate(RoleBinding binding) {
    defaultBinding(binding.getRoleRef(), binding.getSubjects());
    validateMetadata(binding.getMetadata(), true);
    validateRoleRef(binding.getRoleRef(), true);
    validateSubjects(binding.getSubjects(), true);
  }

  static void validate(ClusterRoleBinding binding) {
    defaultBinding(binding.getRoleRef(), binding.getSubjects());
    validateMetadata(binding.getMetadata(), false);
    validateRoleRef(binding.getRoleRef(), false);
    validateSubjects(binding.getSubjects(), false);
  }

  /** True if {@code name} can be a namespace. */
  static boolean isNamespaceName(String name) {
    return name != null && name.length() <= DNS_LABEL_MAX && DNS_LABEL.matcher(name).matches();
  }

  // rbac/v1 defaults: an empty roleRef.apiGroup, and an empty User/Group subject apiGroup, mean RBAC's
  // own group. Applied before validation, as the API server does when it decodes the request.
  private static void defaultBinding(RoleRef roleRef, List<Subject> subjects) {
    if (roleRef != null && isEmpty(roleRef.getApiGroup())) {
      roleRef.setApiGroup(GROUP);
    }
    for (Subject subject : nonNull(subjects)) {
      if (subject != null && isEmpty(subject.getApiGroup())
          && ("User".equals(subject.getKind()) || "Group".equals(subject.getKind()))) {
        subject.setApiGroup(GROUP);
      }
    }
  }

  private static void validateMetadata(ObjectMeta meta, boolean namespaced) {
    String name = meta == null ? null : meta.getName();
    if (isEmpty(name)) {
      boolean generated = meta != null && !isEmpty(meta.getGenerateName());
      throw new FieldError("metadata.name", generated
          ? "required; generateName only works when a live API server picks the name"
          : "required");
    }
    checkPathSegment("metadata.name", name);
    if (namespaced && !isNamespaceName(meta.getNamespace())) {
      throw new FieldError("metadata.namespace", Text.quote(meta.getNamespace())
          + " is not a valid namespace name: use at most 63 lowercase letters, digits or '-',"
          + " starting and ending with a letter or digit");
    }
  }

  /** Role and binding names only need to be usable as one URL path segment. */
  private static void checkPathSegment(String field, String name) {
    if (name.equals(".") || name.equals("..")) {
      throw new FieldError(field, Text.quote(name) + " is not a valid name: it may not be '.' or '..'");
    }
    for (String forbidden : List.of("/", "%")) {
      if (name.contains(forbidden)) {
        throw new FieldError(field, Text.quote(name) + " is not a valid name: it may not contain '" + forbidden + "'");
      }
    }
  }

  private static void validateRules(List<PolicyRule> rules, boolean namespaced) {
    List<PolicyRule> all = nonNull(rules);
    for (int i = 0; i < all.size(); i++) {
      validateRule(all.get(i) == null ? new PolicyRule() : all.get(i), namespaced, "rules[" + i + "]");
    }
  }

  private static void validateRule(PolicyRule rule, boolean namespaced, String path) {
    if (nonNull(rule.getVerbs()).isEmpty()) {
      throw new FieldError(path + ".verbs", "required; list at least one verb (\"*\" for all)");
    }
    if (!nonNull(rule.getNonResourceURLs()).isEmpty()) {
      if (namespaced) {
        throw new FieldError(path + ".nonResourceURLs",
            "a Role is namespaced and cannot grant non-resource URLs; use a ClusterRole");
      }
      if (!nonNull(rule.getApiGroups()).isEmpty() || !nonNull(rule.getResources()).isEmpty()
          || !nonNull(rule.getResourceNames()).isEmpty()) {
        throw new FieldError(path + ".nonResourceURLs",
            "a rule cannot cover both resources and non-resource URLs; split it into two rules");
      }
      return;
    }
    if (nonNull(rule.getApiGroups()).isEmpty()) {
      throw new FieldError(path + ".apiGroups",
          "required for a resource rule; list at least one API group (\"\" is the core group)");
    }
    if (nonNull(rule.getResources()).isEmpty()) {
      throw new FieldError(path + ".resources", "required for a resource rule; list at least one resource");
    }
  }

  private static void validateAggregation(AggregationRule aggregation) {
    if (aggregation == null) {
      return;
    }
    String path = "aggregationRule.clusterRoleSelectors";
    List<LabelSelector> selectors = nonNull(aggregation.getClusterRoleSelectors());
    if (selectors.isEmpty()) {
      throw new FieldError(path, "required when aggregationRule is set; list at least one label selector");
    }
    for (int i = 0; i < selectors.size(); i++) {
      LabelSelector selector = selectors.get(i);
      List<LabelSelectorRequirement> expressions = selector == null ? List.of() : nonNull(selector.getMatchExpressions());
      for (int j = 0; j < expressions.size(); j++) {
        validateRequirement(expressions.get(j), path + "[" + i + "].matchExpressions[" + j + "]");
      }
    }
  }

  private static void validateRequirement(LabelSelectorRequirement requirement, String path) {
    if (requirement == null || isEmpty(requirement.getKey())) {
      throw new FieldError(path + ".key", "required");
    }
    String operator = requirement.getOperator();
    if (operator == null || !SELECTOR_OPERATORS.contains(operator)) {
      throw new FieldError(path + ".operator", (isEmpty(operator) ? "required" : Text.quote(operator) + " is not supported")
          + "; use In, NotIn, Exists or DoesNotExist");
    }
    boolean hasValues = !nonNull(requirement.getValues()).isEmpty();
    boolean needsValues = operator.equals("In") || operator.equals("NotIn");
    if (needsValues && !hasValues) {
      throw new FieldError(path + ".values", "required when operator is " + operator);
    }
    if (!needsValues && hasValues) {
      throw new FieldError(path + ".values", "must be empty when operator is " + operator);
    }
  }

  private static void validateRoleRef(RoleRef roleRef, boolean namespaced) {
    String kinds = namespaced ? "Role or ClusterRole" : "ClusterRole";
    if (roleRef == null) {
      throw new FieldError("roleRef", "required; name the " + kinds + " this binding grants");
    }
    if (!GROUP.equals(roleRef.getApiGroup())) {
      throw new FieldError("roleRef.apiGroup",
          Text.quote(roleRef.getApiGroup()) + " is not supported; use " + GROUP + " (or leave it out)");
    }
    String kind = roleRef.getKind();
    boolean supported = "ClusterRole".equals(kind) || (namespaced && "Role".equals(kind));
    if (!supported) {
      String problem;
      if (isEmpty(kind)) {
        problem = "required; use " + kinds;
      } else if (!namespaced && "Role".equals(kind)) {
        problem = "a ClusterRoleBinding can only grant a ClusterRole, not a Role; use a RoleBinding for a Role";
      } else {
        problem = Text.quote(kind) + " is not supported; use " + kinds + caseHint(kind, namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole"));
      }
      throw new FieldError("roleRef.kind", problem);
    }
    if (isEmpty(roleRef.getName())) {
      throw new FieldError("roleRef.name", "required");
    }
    checkPathSegment("roleRef.name", roleRef.getName());
  }

  private static void validateSubjects(List<Subject> subjects, boolean namespaced) {
    List<Subject> all = nonNull(subjects);
    for (int i = 0; i < all.size(); i++) {
      validateSubject(all.get(i) == null ? new Subject() : all.get(i), namespaced, "subjects[" + i + "]");
    }
  }

  private static void validateSubject(Subject subject, boolean namespaced, String path) {
    String name = subject.getName();
    if (isEmpty(name)) {
      throw new FieldError(path + ".name", "required");
    }
    String kind = subject.getKind();
    if (kind == null || !SUBJECT_KINDS.contains(kind)) {
      throw new FieldError(path + ".kind", (isEmpty(kind) ? "required" : Text.quote(kind) + " is not supported")
          + "; use User, Group or ServiceAccount" + caseHint(kind, List.of("User", "Group", "ServiceAccount")));
    }
    if (kind.equals("ServiceAccount")) {
      if (name.length() > DNS_SUBDOMAIN_MAX || !DNS_SUBDOMAIN.matcher(name).matches()) {
        throw new FieldError(path + ".name", serviceAccountNameProblem(name));
      }
      if (!isEmpty(subject.getApiGroup())) {
        throw new FieldError(path + ".apiGroup", Text.quote(subject.getApiGroup())
            + " is not supported for a ServiceAccount; leave it out (service accounts are in the core group)");
      }
      if (!namespaced && isEmpty(subject.getNamespace())) {
        throw new FieldError(path + ".namespace", "required for a ServiceAccount in a ClusterRoleBinding");
      }
    } else if (!GROUP.equals(subject.getApiGroup())) {
      throw new FieldError(path + ".apiGroup", Text.quote(subject.getApiGroup()) + " is not supported for a "
          + kind + "; use " + GROUP + " (or leave it out)");
    }
  }

  private static String serviceAccountNameProblem(String name) {
    if (name.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) {
      // the username form; a common slip when copying from an error message or audit log
      String[] parts = name.substring(SERVICE_ACCOUNT_USER_PREFIX.length()).split(":", 2);
      if (parts.length == 2) {
        return Text.quote(name) + " is a username, not a service account name; write name: " + parts[1]
            + " and namespace: " + parts[0] + " (or use kind: User)";
      }
    }
    return Text.quote(name) + " is not a valid service account name: use lowercase letters, digits, '-' or '.',"
        + " starting and ending with a letter or digit";
  }

  /** {@code (kinds are case-sensitive: did you mean "User"?)} when only the case is wrong. */
  private static String caseHint(String given, List<String> valid) {
    if (given == null) {
      return "";
    }
    return valid.stream()
        .filter(v -> v.equalsIgnoreCase(given))
        .findFirst()
        .map(v -> " (kinds are case-sensitive: did you mean " + Text.quote(v) + "?)")
        .orElse("");
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
