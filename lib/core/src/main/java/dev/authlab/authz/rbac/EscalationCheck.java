package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Authorizer;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.PrivilegedGroupAuthorizer;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import java.util.List;
import java.util.Optional;

/**
 * RBAC's escalation prevention, as the API server's role and binding storage applies it on create
 * and update. A user may write a Role or ClusterRole only with rules they already hold in that
 * namespace (or with the escalate verb on it), and may bind a role only if they hold its rules (or
 * have the bind verb on it). Members of system:masters are never checked.
 */
public final class EscalationCheck {

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  /** What an aggregationRule needs: every verb on every resource and URL. */
  static final List<PolicyRule> FULL_AUTHORITY =
      List.of(
          Rules.rule(List.of("*"), List.of("*"), List.of(), List.of(), List.of("*")),
          Rules.rule(List.of(), List.of(), List.of(), List.of("*"), List.of("*")));

  private final RuleResolver resolver;
  private final Authorizer authorizer;

  /** Checks against a policy, with the API server's own authorizer chain (system:masters, then RBAC) for escalate and bind. */
  public EscalationCheck(RbacPolicy policy) {
    this.resolver = new RuleResolver(policy);
    this.authorizer = AuthorizerChain.of(PrivilegedGroupAuthorizer.systemMasters(), new RbacAuthorizer(policy));
  }

  /** May the user create this Role, ClusterRole, RoleBinding or ClusterRoleBinding? */
  public EscalationResult checkCreate(UserInfo user, HasMetadata object) {
    return check(user, object, Optional.empty());
  }

  /** May the user replace {@code oldObject} with {@code newObject}? */
  public EscalationResult checkUpdate(UserInfo user, HasMetadata newObject, HasMetadata oldObject) {
    return check(user, newObject, Optional.of(oldObject));
  }

  private EscalationResult check(UserInfo user, HasMetadata object, Optional<HasMetadata> old) {
    if (user.inGroup(UserInfo.SYSTEM_PRIVILEGED_GROUP)) {
      return new EscalationResult.Permitted("member of system:masters: the API server skips escalation checks");
    }
    String namespace = RbacPolicy.namespaceOf(object);
    String name = object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
    if (object instanceof Role role) {
      return checkRole(user, object, "roles", namespace, name, Rules.orEmpty(role.getRules()), false, old);
    }
    if (object instanceof ClusterRole role) {
      boolean aggregates = hasAggregationRule(role.getAggregationRule())
          || old.filter(o -> o instanceof ClusterRole c && hasAggregationRule(c.getAggregationRule())).isPresent();
      return checkRole(user, object, "clusterroles", "", name, Rules.orEmpty(role.getRules()), aggregates, old);
    }
    if (object instanceof RoleBinding binding) {
      return checkBinding(user, object, "rolebindings", namespace, name, binding.getRoleRef(), old);
    }
    if (object instanceof ClusterRoleBinding binding) {
      return checkBinding(user, object, "clusterrolebindings", "", name, binding.getRoleRef(), old);
    }
    return new EscalationResult.NotApplicable(
        object.getKind() + " is not an RBAC object; escalation checks apply to roles and bindings only");
  }

  private EscalationResult checkRole(
      UserInfo user,
      HasMetadata object,
      String resource,
      String namespace,
      String name,
      List<PolicyRule> rules,
      boolean aggregates,
      Optional<HasMetadata> old) {
    // On create the request names no object (it is a POST to the collection), so only an escalate
    // grant without resourceNames helps; on update the object's name is part of the request.
    String requestName = old.isPresent() ? name : "";
    if (authorized(user, "escalate", resource, namespace, requestName, RBAC_GROUP)) {
      return new EscalationResult.Permitted("holds the escalate verb on " + resource + (requestName.isEmpty() ? "" : " " + GoStrings.quote(requestName)));
    }
    if (old.isPresent() && onlyGarbageCollectionFieldsChange(old.get(), object)) {
      return new EscalationResult.Permitted("only owner references or finalizers change");
    }
    RuleResolver.ResolvedRules owned = resolver.rulesFor(user, namespace);
    RuleCoverage.Coverage coverage = RuleCoverage.covers(owned.rules(), rules);
    if (!coverage.covered()) {
      return forbidden(user, resource, name, owned, coverage);
    }
    if (aggregates && !RuleCoverage.covers(owned.rules(), FULL_AUTHORITY).covered()) {
      return new EscalationResult.Forbidden(
          forbiddenPrefix(resource, name) + "must have cluster-admin privileges to use the aggregationRule", FULL_AUTHORITY);
    }
    return new EscalationResult.Permitted("already holds every rule it grants");
  }

  private EscalationResult checkBinding(
      UserInfo user, HasMetadata object, String resource, String namespace, String name, RoleRef roleRef, Optional<HasMetadata> old) {
    if (old.isPresent() && onlyGarbageCollectionFieldsChange(old.get(), object)) {
      return new EscalationResult.Permitted("only owner references or finalizers change");
    }
    String refKind = roleRef == null || roleRef.getKind() == null ? "" : roleRef.getKind();
    String refName = roleRef == null || roleRef.getName() == null ? "" : roleRef.getName();
    String refGroup = roleRef == null || roleRef.getApiGroup() == null ? "" : roleRef.getApiGroup();
    String refResource = switch (refKind) {
      case "ClusterRole" -> "clusterroles";
      case "Role" -> "roles";
      default -> "";
    };
    if (!refResource.isEmpty() && authorized(user, "bind", refResource, namespace, refName, refGroup)) {
      return new EscalationResult.Permitted("holds the bind verb on " + refResource + " " + GoStrings.quote(refName));
    }
    RbacPolicy.RoleLookup lookup = resolver.policy().lookup(roleRef, namespace);
    if (lookup instanceof RbacPolicy.RoleLookup.Missing missing) {
      return new EscalationResult.Failed(missing.error());
    }
    RuleResolver.ResolvedRules owned = resolver.rulesFor(user, namespace);
    RuleCoverage.Coverage coverage = RuleCoverage.covers(owned.rules(), ((RbacPolicy.RoleLookup.Found) lookup).rules());
    if (!coverage.covered()) {
      return forbidden(user, resource, name, owned, coverage);
    }
    return new EscalationResult.Permitted("already holds every rule of " + refKind + " " + GoStrings.quote(refName));
  }

  private boolean authorized(UserInfo user, String verb, String resource, String namespace, String name, String group) {
    Attributes attributes = new Attributes.Resource(user, verb, namespace, group, "*", resource, "", name);
    return authorizer.authorize(attributes).isAllowed();
  }

  private static EscalationResult forbidden(
      UserInfo user, String resource, String name, RuleResolver.ResolvedRules owned, RuleCoverage.Coverage coverage) {
    StringBuilder message =
        new StringBuilder(forbiddenPrefix(resource, name))
            .append("user ")
            .append(GoStrings.quote(user.name()))
            .append(" (groups=")
            .append(GoStrings.quoteAll(user.groups()))
            .append(") is attempting to grant RBAC permissions not currently held:\n")
            .append(String.join("\n", RuleCoverage.describe(coverage.uncovered())));
    if (!owned.errors().isEmpty()) {
      message.append("; resolution errors: [").append(owned.errorText()).append(']');
    }
    return new EscalationResult.Forbidden(message.toString(), coverage.uncovered());
  }

  /** As apimachinery's NewForbidden words it: the name is left out, not quoted empty, when there is none. */
  private static String forbiddenPrefix(String resource, String name) {
    if (name.isEmpty()) {
      return resource + "." + RBAC_GROUP + " is forbidden: ";
    }
    return resource + "." + RBAC_GROUP + " " + GoStrings.quote(name) + " is forbidden: ";
  }

  private static boolean hasAggregationRule(AggregationRule rule) {
    return rule != null && rule.getClusterRoleSelectors() != null && !rule.getClusterRoleSelectors().isEmpty();
  }

  /**
   * Upstream lets an update through unchecked when it only touches what the garbage collector
   * needs (owner references, finalizers, and the obsolete selfLink); anything else, managedFields
   * included, is a change that is checked.
   */
  static boolean onlyGarbageCollectionFieldsChange(HasMetadata oldObject, HasMetadata newObject) {
    return normalise(oldObject).equals(normalise(newObject));
  }

  private static HasMetadata normalise(HasMetadata object) {
    ObjectMeta meta =
        new ObjectMetaBuilder(object.getMetadata() == null ? new ObjectMeta() : object.getMetadata())
            .withOwnerReferences()
            .withFinalizers()
            .withSelfLink(null)
            .build();
    if (object instanceof Role r) {
      return new RoleBuilder(r).withMetadata(meta).build();
    }
    if (object instanceof ClusterRole r) {
      return new ClusterRoleBuilder(r).withMetadata(meta).build();
    }
    if (object instanceof RoleBinding b) {
      return new RoleBindingBuilder(b).withMetadata(meta).build();
    }
    if (object instanceof ClusterRoleBinding b) {
      return new ClusterRoleBindingBuilder(b).withMetadata(meta).build();
    }
    return object;
  }
}
