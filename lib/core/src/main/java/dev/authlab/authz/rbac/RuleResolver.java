package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoErrors;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules that apply to a user in a namespace, in the order the API server visits them:
 * every ClusterRoleBinding naming the user, then (for a namespaced request) the RoleBindings of that
 * namespace. Roles that cannot be found are reported as errors, not failures: rules only add
 * permissions, so a decision can still be made from the rules that were found.
 */
public final class RuleResolver {

  private final RbacPolicy policy;

  public RuleResolver(RbacPolicy policy) {
    this.policy = policy;
  }

  public RbacPolicy policy() {
    return policy;
  }

  /** Called with each rule (and where it came from) or each resolution error; return false to stop. */
  @FunctionalInterface
  public interface Visitor {
    boolean visit(Visit visit);
  }

  /** One step of a visit: a rule from a binding, or an error resolving a binding's role. */
  public sealed interface Visit {
    record RuleFrom(BindingRef binding, int ruleIndex, PolicyRule rule) implements Visit {}

    record ResolutionError(BindingRef binding, String error) implements Visit {}
  }

  public void visitRulesFor(UserInfo user, String namespace, Visitor visitor) {
    for (BindingIndex.Match<ClusterRoleBinding> match : policy.index().clusterRoleBindingsFor(user)) {
      ClusterRoleBinding binding = match.binding();
      BindingRef ref =
          BindingRef.of(BindingRef.Kind.ClusterRoleBinding, "", binding.getMetadata().getName(), binding.getRoleRef(), match.subject());
      if (!visitBinding(ref, policy.lookup(binding.getRoleRef(), ""), visitor)) {
        return;
      }
    }
    if (namespace.isEmpty()) {
      return;
    }
    for (BindingIndex.Match<RoleBinding> match : policy.index().roleBindingsFor(user, namespace)) {
      RoleBinding binding = match.binding();
      BindingRef ref =
          BindingRef.of(BindingRef.Kind.RoleBinding, namespace, binding.getMetadata().getName(), binding.getRoleRef(), match.subject());
      if (!visitBinding(ref, policy.lookup(binding.getRoleRef(), namespace), visitor)) {
        return;
      }
    }
  }

  private static boolean visitBinding(BindingRef ref, RbacPolicy.RoleLookup lookup, Visitor visitor) {
    if (lookup instanceof RbacPolicy.RoleLookup.Missing missing) {
      return visitor.visit(new Visit.ResolutionError(ref, missing.error()));
    }
    List<PolicyRule> rules = ((RbacPolicy.RoleLookup.Found) lookup).rules();
    for (int i = 0; i < rules.size(); i++) {
      if (!visitor.visit(new Visit.RuleFrom(ref, i, rules.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** All rules for the user in the namespace, with resolution errors; what rules reviews and escalation checks use. */
  public ResolvedRules rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    List<Visit.RuleFrom> sources = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    visitRulesFor(
        user,
        namespace,
        visit -> {
          if (visit instanceof Visit.RuleFrom from) {
            rules.add(from.rule());
            sources.add(from);
          } else if (visit instanceof Visit.ResolutionError error) {
            errors.add(error.error());
          }
          return true;
        });
    return new ResolvedRules(rules, sources, errors);
  }

  /** A user's rules in one namespace, where each came from, and errors met on the way. */
  public record ResolvedRules(List<PolicyRule> rules, List<Visit.RuleFrom> sources, List<String> errors) {
    public ResolvedRules {
      rules = List.copyOf(rules);
      sources = List.copyOf(sources);
      errors = List.copyOf(errors);
    }

    /** Errors joined as upstream's aggregate error prints them: one as is, several in brackets, duplicates once. */
    public String errorText() {
      return GoErrors.aggregate(errors);
    }
  }
}
