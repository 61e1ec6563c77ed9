package dev.authlab.authz.rbac;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-controller-manager's clusterrole-aggregation controller does to ClusterRoles with an
 * aggregationRule: replace their rules with the rules of every other ClusterRole matched by any of
 * the selectors, selectors in order, matched roles by name, each distinct rule once. An aggregated
 * role can feed another (edit feeds admin), so this runs until nothing changes, as the controller
 * does by re-syncing whenever a ClusterRole changes. A role with an invalid selector is left as is.
 */
public final class ClusterRoleAggregator {

  /** Far more rounds than any real chain of aggregations needs; a safety net for cycles. */
  private static final int MAX_ROUNDS = 100;

  private ClusterRoleAggregator() {}

  public static List<ClusterRole> aggregate(List<ClusterRole> clusterRoles) {
    Map<String, ClusterRole> byName = new LinkedHashMap<>();
    for (ClusterRole role : clusterRoles) {
      byName.put(role.getMetadata().getName(), role);
    }
    List<String> aggregating = new ArrayList<>();
    for (ClusterRole role : clusterRoles) {
      if (role.getAggregationRule() != null) {
        aggregating.add(role.getMetadata().getName());
      }
    }
    aggregating.sort(Comparator.naturalOrder());
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = false;
      for (String name : aggregating) {
        ClusterRole role = byName.get(name);
        Optional<List<PolicyRule>> rules = aggregatedRules(role, byName.values());
        if (rules.isPresent() && !sameRules(rules.get(), Rules.orEmpty(role.getRules()))) {
          byName.put(name, new ClusterRoleBuilder(role).withRules(rules.get()).build());
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return List.copyOf(byName.values());
  }

  /** The rules the controller would write, or empty when a selector is invalid (the controller gives up on the role). */
  static Optional<List<PolicyRule>> aggregatedRules(ClusterRole target, java.util.Collection<ClusterRole> all) {
    List<PolicyRule> rules = new ArrayList<>();
    List<LabelSelector> selectors = Rules.orEmpty(target.getAggregationRule().getClusterRoleSelectors());
    List<ClusterRole> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(r -> r.getMetadata().getName()));
    for (LabelSelector listed : selectors) {
      // A null entry decodes to Go's zero LabelSelector, which selects every role.
      LabelSelector selector = listed == null ? new LabelSelector() : listed;
      if (!isValid(selector)) {
        return Optional.empty();
      }
      for (ClusterRole candidate : sorted) {
        if (candidate.getMetadata().getName().equals(target.getMetadata().getName())) {
          continue;
        }
        if (!matches(selector, labelsOf(candidate))) {
          continue;
        }
        for (PolicyRule rule : Rules.orEmpty(candidate.getRules())) {
          if (rules.stream().noneMatch(existing -> Rules.sameRule(existing, rule))) {
            rules.add(rule);
          }
        }
      }
    }
    return Optional.of(rules);
  }

  private static Map<String, String> labelsOf(ClusterRole role) {
    Map<String, String> labels = role.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static boolean sameRules(List<PolicyRule> a, List<PolicyRule> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Rules.sameRule(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Label selector semantics of metav1.LabelSelector: an empty selector selects every role. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    for (Map.Entry<String, String> required : matchLabels.entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement requirement : Rules.orEmpty(selector.getMatchExpressions())) {
      String value = labels.get(requirement.getKey());
      List<String> values = Rules.orEmpty(requirement.getValues());
      boolean ok =
          switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The checks metav1.LabelSelectorAsSelector makes before it will select anything. */
  public static boolean isValid(LabelSelector selector) {
    for (LabelSelectorRequirement requirement : Rules.orEmpty(selector.getMatchExpressions())) {
      String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
      List<String> values = Rules.orEmpty(requirement.getValues());
      switch (operator) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            return false;
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
      if (requirement.getKey() == null || requirement.getKey().isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
