package dev.authlab.authz.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Do one set of rules cover another? The question behind RBAC's escalation prevention: you may only
 * grant what you hold. Upstream's Covers: break each wanted rule into single (group, resource, verb,
 * name) or (URL, verb) pieces and require each piece to be covered by one owned rule.
 */
public final class RuleCoverage {

  private RuleCoverage() {}

  /** The result: covered, or the pieces no owned rule covers. */
  public record Coverage(boolean covered, List<PolicyRule> uncovered) {
    public Coverage {
      uncovered = List.copyOf(uncovered);
    }
  }

  public static Coverage covers(List<PolicyRule> ownerRules, List<PolicyRule> servantRules) {
    List<PolicyRule> uncovered = new ArrayList<>();
    for (PolicyRule servant : servantRules) {
      for (PolicyRule piece : breakdown(servant)) {
        boolean covered = false;
        for (PolicyRule owner : ownerRules) {
          if (ruleCovers(owner, piece)) {
            covered = true;
            break;
          }
        }
        if (!covered) {
          uncovered.add(piece);
        }
      }
    }
    return new Coverage(uncovered.isEmpty(), uncovered);
  }

  /**
   * One rule per group x resource x verb (x name), then one per URL x verb. A rule with resources but
   * no apiGroups (or no verbs) breaks down into nothing, so it is trivially covered, as upstream.
   */
  public static List<PolicyRule> breakdown(PolicyRule rule) {
    List<PolicyRule> pieces = new ArrayList<>();
    for (String group : Rules.apiGroups(rule)) {
      for (String resource : Rules.resources(rule)) {
        for (String verb : Rules.verbs(rule)) {
          if (Rules.resourceNames(rule).isEmpty()) {
            pieces.add(Rules.rule(List.of(group), List.of(resource), List.of(), List.of(), List.of(verb)));
          } else {
            for (String name : Rules.resourceNames(rule)) {
              pieces.add(Rules.rule(List.of(group), List.of(resource), List.of(name), List.of(), List.of(verb)));
            }
          }
        }
      }
    }
    for (String url : Rules.nonResourceURLs(rule)) {
      for (String verb : Rules.verbs(rule)) {
        pieces.add(Rules.rule(List.of(), List.of(), List.of(), List.of(url), List.of(verb)));
      }
    }
    return pieces;
  }

  /** Does the owner rule cover a piece (at most one verb, group, resource, name or URL)? */
  static boolean ruleCovers(PolicyRule owner, PolicyRule piece) {
    boolean verbs = Rules.verbs(owner).contains(RuleMatcher.ALL) || hasAll(Rules.verbs(owner), Rules.verbs(piece));
    boolean groups = Rules.apiGroups(owner).contains(RuleMatcher.ALL) || hasAll(Rules.apiGroups(owner), Rules.apiGroups(piece));
    boolean resources = resourcesCoverAll(Rules.resources(owner), Rules.resources(piece));
    boolean urls = urlsCoverAll(Rules.nonResourceURLs(owner), Rules.nonResourceURLs(piece));
    boolean names;
    if (Rules.resourceNames(piece).isEmpty()) {
      names = Rules.resourceNames(owner).isEmpty();
    } else {
      names = Rules.resourceNames(owner).isEmpty() || hasAll(Rules.resourceNames(owner), Rules.resourceNames(piece));
    }
    return verbs && groups && resources && names && urls;
  }

  private static boolean hasAll(List<String> set, List<String> wanted) {
    return new HashSet<>(set).containsAll(wanted);
  }

  /** "*" covers all; "*&#47;sub" covers any resource's subresource sub; otherwise exact names. */
  private static boolean resourcesCoverAll(List<String> owned, List<String> wanted) {
    if (owned.contains(RuleMatcher.ALL) || hasAll(owned, wanted)) {
      return true;
    }
    for (String path : wanted) {
      if (owned.contains(path)) {
        continue;
      }
      int slash = path.indexOf('/');
      if (slash < 0) {
        return false;
      }
      if (!owned.contains("*/" + path.substring(slash + 1))) {
        return false;
      }
    }
    return true;
  }

  private static boolean urlsCoverAll(List<String> owned, List<String> wanted) {
    for (String path : wanted) {
      boolean covered = false;
      for (String owner : owned) {
        if (owner.equals(path) || (owner.endsWith("*") && path.startsWith(RuleMatcher.trimTrailingStars(owner)))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /**
   * Upstream's CompactRules, used to word escalation errors: rules with one group, one resource and
   * at most one name are merged by adding verbs; others are kept as they are. Order: unmerged first.
   */
  public static List<PolicyRule> compact(List<PolicyRule> rules) {
    List<PolicyRule> compacted = new ArrayList<>();
    Map<List<String>, List<String>> simpleVerbs = new LinkedHashMap<>();
    Map<List<String>, PolicyRule> simpleRules = new LinkedHashMap<>();
    for (PolicyRule rule : rules) {
      if (isSimple(rule)) {
        List<String> key =
            List.of(
                Rules.apiGroups(rule).get(0),
                Rules.resources(rule).get(0),
                Rules.resourceNames(rule).isEmpty() ? "" : "1",
                Rules.resourceNames(rule).isEmpty() ? "" : Rules.resourceNames(rule).get(0));
        List<String> verbs = simpleVerbs.computeIfAbsent(key, k -> new ArrayList<>());
        simpleRules.putIfAbsent(key, rule);
        // Appended as upstream appends them: a verb met twice is listed twice.
        verbs.addAll(Rules.verbs(rule));
      } else {
        compacted.add(rule);
      }
    }
    simpleRules.forEach(
        (key, rule) ->
            compacted.add(
                Rules.rule(Rules.apiGroups(rule), Rules.resources(rule), Rules.resourceNames(rule), List.of(), simpleVerbs.get(key))));
    return compacted;
  }

  private static boolean isSimple(PolicyRule rule) {
    return Rules.resourceNames(rule).size() <= 1
        && Rules.nonResourceURLs(rule).isEmpty()
        && Rules.apiGroups(rule).size() == 1
        && Rules.resources(rule).size() == 1;
  }

  /** The sorted, de-duplicated one-line forms of rules, as escalation errors list them. */
  public static List<String> describe(List<PolicyRule> rules) {
    Set<String> lines = new java.util.TreeSet<>();
    for (PolicyRule rule : compact(rules)) {
      lines.add(Rules.compactString(rule));
    }
    return List.copyOf(lines);
  }
}
