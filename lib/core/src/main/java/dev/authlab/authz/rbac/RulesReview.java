package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user may do in a namespace, as a SelfSubjectRulesReview answers and `kubectl auth can-i
 * --list` prints it: every rule from every binding that names the user, broken down into one
 * group/resource/name per rule, same-resource rules merged by verb (duplicates kept, as kubectl
 * shows them) and sorted the way kubectl sorts them.
 */
public final class RulesReview {

  private RulesReview() {}

  /** The review's result: rules in kubectl's display form, plus errors met resolving roles. */
  public record Result(List<PolicyRule> rules, List<String> errors) {
    public Result {
      rules = List.copyOf(rules);
      errors = List.copyOf(errors);
    }
  }

  public static Result of(RbacPolicy policy, UserInfo user, String namespace) {
    RuleResolver.ResolvedRules resolved = new RuleResolver(policy).rulesFor(user, namespace);
    List<PolicyRule> pieces = new ArrayList<>();
    for (PolicyRule rule : resolved.rules()) {
      pieces.addAll(RuleCoverage.breakdown(rule));
    }
    List<PolicyRule> compacted = compactKeepingDuplicates(pieces);
    compacted.sort(Comparator.comparing(RulesReview::goString));
    return new Result(compacted, resolved.errors());
  }

  /** kubectl's CompactRules: like the escalation one, but verbs are appended without de-duplication. */
  private static List<PolicyRule> compactKeepingDuplicates(List<PolicyRule> rules) {
    List<PolicyRule> compacted = new ArrayList<>();
    Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
    Map<List<String>, List<String>> verbs = new LinkedHashMap<>();
    for (PolicyRule rule : rules) {
      boolean isSimple =
          Rules.resourceNames(rule).size() <= 1
              && Rules.nonResourceURLs(rule).isEmpty()
              && Rules.apiGroups(rule).size() == 1
              && Rules.resources(rule).size() == 1;
      if (!isSimple) {
        compacted.add(rule);
        continue;
      }
      List<String> key =
          List.of(
              Rules.apiGroups(rule).get(0),
              Rules.resources(rule).get(0),
              String.valueOf(!Rules.resourceNames(rule).isEmpty()),
              Rules.resourceNames(rule).isEmpty() ? "" : Rules.resourceNames(rule).get(0));
      simple.putIfAbsent(key, rule);
      verbs.computeIfAbsent(key, k -> new ArrayList<>()).addAll(Rules.verbs(rule));
    }
    simple.forEach(
        (key, rule) ->
            compacted.add(Rules.rule(Rules.apiGroups(rule), Rules.resources(rule), Rules.resourceNames(rule), List.of(), verbs.get(key))));
    return compacted;
  }

  /** The text Go's generated PolicyRule.String() gives, which kubectl sorts by (verbs first). */
  static String goString(PolicyRule rule) {
    return "&PolicyRule{Verbs:" + goList(Rules.verbs(rule))
        + ",APIGroups:" + goList(Rules.apiGroups(rule))
        + ",Resources:" + goList(Rules.resources(rule))
        + ",ResourceNames:" + goList(Rules.resourceNames(rule))
        + ",NonResourceURLs:" + goList(Rules.nonResourceURLs(rule))
        + ",}";
  }

  /** Go's %v of a []string: [a b]. Kept public for the CLI's table. */
  public static String goList(List<String> values) {
    return GoStrings.list(values);
  }

  /** "pods", "deployments.apps": the Resources column of kubectl's table. */
  public static String resourcesColumn(PolicyRule rule) {
    List<String> names = new ArrayList<>();
    for (String resource : Rules.resources(rule)) {
      for (String group : Rules.apiGroups(rule)) {
        names.add(group.isEmpty() ? resource : resource + "." + group);
      }
    }
    return String.join(", ", names);
  }
}
