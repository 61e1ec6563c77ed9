package dev.authlab.display;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy rule in a few words, for diagram boxes: "get, list on pods, pods/log",
 * "patch on deployments in apps named web", "get on /healthz". Not a serialisation: for people only.
 */
final class RuleText {

  private RuleText() {}

  static String of(PolicyRule rule) {
    String verbs = any(join(rule.getVerbs(), "(no verbs)"), "any verb");
    List<String> urls = orEmpty(rule.getNonResourceURLs());
    List<String> resources = orEmpty(rule.getResources());
    if (resources.isEmpty() && !urls.isEmpty()) {
      return verbs + " on " + String.join(", ", urls);
    }
    StringBuilder out = new StringBuilder(verbs).append(" on ").append(any(join(resources, "(no resources)"), "any resource"));
    List<String> groups = orEmpty(rule.getApiGroups());
    if (groups.contains("*")) {
      out.append(" in any group");
    } else if (!(groups.size() == 1 && groups.get(0).isEmpty())) {
      List<String> named = new ArrayList<>();
      groups.forEach(g -> named.add(g.isEmpty() ? "core" : g));
      out.append(" in ").append(named.isEmpty() ? "(no groups)" : String.join(", ", named));
    }
    List<String> names = orEmpty(rule.getResourceNames());
    if (!names.isEmpty()) {
      out.append(" named ").append(String.join(", ", names));
    }
    if (!urls.isEmpty()) {
      out.append("; ").append(String.join(", ", urls));
    }
    return out.toString();
  }

  /** A lone "*" in words, so "any verb on any resource" reads as a sentence. */
  private static String any(String joined, String words) {
    return "*".equals(joined) ? words : joined;
  }

  private static String join(List<String> values, String whenEmpty) {
    List<String> list = orEmpty(values);
    return list.isEmpty() ? whenEmpty : String.join(", ", list);
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
