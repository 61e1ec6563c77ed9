package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Authorizer;
import dev.authlab.authz.Decision;
import dev.authlab.gofmt.GoErrors;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * --authorization-mode=RBAC. Allows when any rule reachable from a binding that names the user
 * matches the request; otherwise has no opinion (RBAC never denies), with upstream's reason: empty,
 * or "RBAC: " and the errors met resolving roles.
 */
public final class RbacAuthorizer implements Authorizer {

  /** How many near misses an explanation lists. */
  public static final int NEAR_MISS_LIMIT = 5;

  private final RuleResolver resolver;

  public RbacAuthorizer(RbacPolicy policy) {
    this.resolver = new RuleResolver(policy);
  }

  public RbacPolicy policy() {
    return resolver.policy();
  }

  public RuleResolver resolver() {
    return resolver;
  }

  @Override
  public String name() {
    return "RBAC";
  }

  @Override
  public Decision authorize(Attributes attributes) {
    List<RuleResolver.Visit.RuleFrom> granted = new ArrayList<>(1);
    List<String> errors = new ArrayList<>();
    resolver.visitRulesFor(
        attributes.user(),
        attributes.namespace(),
        visit -> {
          if (visit instanceof RuleResolver.Visit.RuleFrom from && RuleMatcher.allows(attributes, from.rule())) {
            granted.add(from);
            return false;
          }
          if (visit instanceof RuleResolver.Visit.ResolutionError error) {
            errors.add(error.error());
          }
          return true;
        });
    if (!granted.isEmpty()) {
      RuleResolver.Visit.RuleFrom from = granted.get(0);
      return new Decision.Allow(
          "RBAC: allowed by " + from.binding().describe(), new RbacExplanation.Granted(from.binding(), from.ruleIndex(), from.rule()));
    }
    String reason = errors.isEmpty() ? "" : "RBAC: " + GoErrors.aggregate(errors);
    return new Decision.NoOpinion(reason, explainDenial(attributes, errors));
  }

  /** Every rule of every binding naming the user, anywhere, ranked by how close it came. */
  private RbacExplanation.NotGranted explainDenial(Attributes attributes, List<String> errors) {
    UserInfo user = attributes.user();
    RbacPolicy policy = resolver.policy();
    List<RbacExplanation.NearMiss> misses = new ArrayList<>();
    for (BindingIndex.Match<ClusterRoleBinding> match : policy.index().clusterRoleBindingsFor(user)) {
      ClusterRoleBinding binding = match.binding();
      BindingRef ref =
          BindingRef.of(BindingRef.Kind.ClusterRoleBinding, "", binding.getMetadata().getName(), binding.getRoleRef(), match.subject());
      collectMisses(attributes, ref, policy.lookup(binding.getRoleRef(), ""), List.of(), misses);
    }
    for (BindingIndex.Match<RoleBinding> match : policy.index().roleBindingsInAnyNamespaceFor(user)) {
      RoleBinding binding = match.binding();
      String ns = RbacPolicy.namespaceOf(binding);
      BindingRef ref = BindingRef.of(BindingRef.Kind.RoleBinding, ns, binding.getMetadata().getName(), binding.getRoleRef(), match.subject());
      List<RuleMatcher.Miss> namespaceMiss =
          ns.equals(attributes.namespace())
              ? List.of()
              : List.of(new RuleMatcher.Miss(RuleMatcher.Field.NAMESPACE, namespaceMissDetail(ns, attributes)));
      collectMisses(attributes, ref, policy.lookup(binding.getRoleRef(), ns), namespaceMiss, misses);
    }
    misses.sort(Comparator.comparingInt(RbacExplanation.NearMiss::distance));
    List<RbacExplanation.NearMiss> shown = misses.subList(0, Math.min(NEAR_MISS_LIMIT, misses.size()));
    return new RbacExplanation.NotGranted(Requests.describe(attributes), Requests.describeUser(user), shown, misses.size(), errors);
  }

  private static String namespaceMissDetail(String bindingNamespace, Attributes attributes) {
    if (attributes.namespace().isEmpty()) {
      return "RoleBinding in " + GoStrings.quote(bindingNamespace) + " grants only inside that namespace; the request is cluster-wide";
    }
    return "RoleBinding in " + GoStrings.quote(bindingNamespace) + " grants only inside that namespace; the request is in "
        + GoStrings.quote(attributes.namespace());
  }

  private static void collectMisses(
      Attributes attributes,
      BindingRef ref,
      RbacPolicy.RoleLookup lookup,
      List<RuleMatcher.Miss> extra,
      List<RbacExplanation.NearMiss> out) {
    if (lookup instanceof RbacPolicy.RoleLookup.Missing missing) {
      out.add(new RbacExplanation.NearMiss.RoleMissing(ref, missing.error()));
      return;
    }
    List<PolicyRule> rules = ((RbacPolicy.RoleLookup.Found) lookup).rules();
    for (int i = 0; i < rules.size(); i++) {
      List<RuleMatcher.Miss> fieldMisses = new ArrayList<>(extra);
      fieldMisses.addAll(RuleMatcher.misses(attributes, rules.get(i)));
      if (!fieldMisses.isEmpty()) {
        out.add(new RbacExplanation.NearMiss.RuleMiss(ref, i, rules.get(i), fieldMisses));
      }
    }
  }
}
