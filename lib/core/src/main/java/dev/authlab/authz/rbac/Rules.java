package dev.authlab.authz.rbac;

import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** Null-safe access to a PolicyRule's lists: the model leaves absent fields null, upstream sees nil slices. */
final class Rules {

  private Rules() {}

  static List<String> verbs(PolicyRule rule) {
    return orEmpty(rule.getVerbs());
  }

  static List<String> apiGroups(PolicyRule rule) {
    return orEmpty(rule.getApiGroups());
  }

  static List<String> resources(PolicyRule rule) {
    return orEmpty(rule.getResources());
  }

  static List<String> resourceNames(PolicyRule rule) {
    return orEmpty(rule.getResourceNames());
  }

  static List<String> nonResourceURLs(PolicyRule rule) {
    return orEmpty(rule.getNonResourceURLs());
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** A rule with these fields; empty lists are left unset, as a manifest would leave them. */
  static PolicyRule rule(
      List<String> apiGroups, List<String> resources, List<String> resourceNames, List<String> urls, List<String> verbs) {
    PolicyRule rule = new PolicyRule();
    rule.setApiGroups(apiGroups.isEmpty() ? null : List.copyOf(apiGroups));
    rule.setResources(resources.isEmpty() ? null : List.copyOf(resources));
    rule.setResourceNames(resourceNames.isEmpty() ? null : List.copyOf(resourceNames));
    rule.setNonResourceURLs(urls.isEmpty() ? null : List.copyOf(urls));
    rule.setVerbs(verbs.isEmpty() ? null : List.copyOf(verbs));
    return rule;
  }

  /** Two rules are the same rule when their lists are equal, null and empty being alike (upstream's semantic equality). */
  static boolean sameRule(PolicyRule a, PolicyRule b) {
    return verbs(a).equals(verbs(b))
        && apiGroups(a).equals(apiGroups(b))
        && resources(a).equals(resources(b))
        && resourceNames(a).equals(resourceNames(b))
        && nonResourceURLs(a).equals(nonResourceURLs(b));
  }

  /** kubectl-like one-line form, e.g. {APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}. */
  static String compactString(PolicyRule rule) {
    StringBuilder out = new StringBuilder("{");
    appendField(out, "APIGroups", apiGroups(rule));
    appendField(out, "Resources", resources(rule));
    appendField(out, "NonResourceURLs", nonResourceURLs(rule));
    appendField(out, "ResourceNames", resourceNames(rule));
    appendField(out, "Verbs", verbs(rule));
    return out.append('}').toString();
  }

  private static void appendField(StringBuilder out, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    if (out.length() > 1) {
      out.append(", ");
    }
    out.append(name).append(':').append(GoStrings.quoteAll(values));
  }
}
