package dev.authlab.labs.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.rbac.BindingRef;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.RuleCoverage;
import dev.authlab.authz.rbac.RuleResolver;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * What a subject holds in one scope compared with a need: at least the {@code required} rules, at
 * most the {@code allowed} ones (a superset that tolerates harmless variants, such as list on
 * pods/log). The testkit's canOnly is the special case required == allowed. Rules held through the
 * bindings every API server creates for itself (system:authenticated's discovery roles, the service
 * accounts' issuer discovery …) are left out: only your bindings count.
 */
public final class Holdings {

  private Holdings() {}

  /** An empty list when the subject holds between required and allowed; otherwise what to change. */
  public static List<String> problems(RbacPolicy policy, Subject subject, String namespace, List<PolicyRule> required, List<PolicyRule> allowed) {
    var user = subject.userInfo();
    RuleResolver.ResolvedRules resolved = new RuleResolver(policy).rulesFor(user, namespace);
    List<PolicyRule> held = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (RuleResolver.Visit.RuleFrom from : resolved.sources()) {
      if (isBootstrapBinding(from.binding())) {
        continue;
      }
      held.add(from.rule());
      RuleCoverage.Coverage beyond = RuleCoverage.covers(allowed, List.of(from.rule()));
      if (!beyond.covered()) {
        problems.add("grants more than the need: " + from.binding().shortName() + " -> " + from.binding().roleShortName()
            + ", rule " + from.ruleIndex() + " " + String.join(" ", RuleCoverage.describe(List.of(from.rule()))));
        for (String piece : RuleCoverage.describe(beyond.uncovered())) {
          problems.add("    not part of the need: " + piece);
        }
      }
    }
    RuleCoverage.Coverage missing = RuleCoverage.covers(held, required);
    for (String piece : RuleCoverage.describe(missing.uncovered())) {
      problems.add("missing (no binding grants it): " + piece);
    }
    for (String error : resolved.errors()) {
      problems.add("error: " + error);
    }
    return problems;
  }

  /** Fails, saying what to change, unless the subject holds between required and allowed. */
  public static void assertHolds(RbacPolicy policy, Subject subject, String namespace, List<PolicyRule> required, List<PolicyRule> allowed) {
    List<String> problems = problems(policy, subject, namespace, required, allowed);
    assertThat(problems).withFailMessage("%s", describe(subject, namespace, problems)).isEmpty();
  }

  /** The problems as a failure message: who, where, then one line each. */
  public static String describe(Subject subject, String namespace, List<String> problems) {
    String where = namespace.isEmpty() ? "cluster-wide (ClusterRoleBindings)" : "in namespace " + namespace;
    return "what " + subject + " holds " + where + " does not match the need:\n  " + String.join("\n  ", problems);
  }

  private static boolean isBootstrapBinding(BindingRef binding) {
    RbacPolicy bootstrap = BootstrapPolicy.policy();
    if (binding.kind() == BindingRef.Kind.ClusterRoleBinding) {
      return bootstrap.clusterRoleBindings().stream().anyMatch(b -> b.getMetadata().getName().equals(binding.name()));
    }
    return bootstrap.roleBindings(binding.namespace()).stream().anyMatch(b -> b.getMetadata().getName().equals(binding.name()));
  }
}
