package dev.authlab.testkit;

import dev.authlab.discovery.ApiResources;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short rule specs for {@link Access#canOnly}: {@code "VERBS TYPES [NAMES]"}, each a comma-separated
 * list, e.g. {@code "get,list,watch pods,pods/log"}, {@code "patch deployments web"} or
 * {@code "get /healthz,/version"}. TYPE is resolved like kubectl resolves it (deploy becomes
 * deployments in apps, "*" stays "*"); types of different groups give one rule per group.
 */
public final class RuleSpec {

  private RuleSpec() {}

  public static List<PolicyRule> parse(String spec) {
    String[] words = spec.trim().split("\\s+");
    if (words.length < 2 || words.length > 3) {
      throw new IllegalArgumentException("expected 'VERBS TYPES [NAMES]' (comma-separated lists), got '" + spec + "'");
    }
    List<String> verbs = List.of(words[0].split(","));
    List<String> types = List.of(words[1].split(","));
    List<String> names = words.length == 3 ? List.of(words[2].split(",")) : List.of();
    List<String> urls = new ArrayList<>();
    Map<String, List<String>> resourcesByGroup = new LinkedHashMap<>();
    for (String type : types) {
      if (type.startsWith("/")) {
        urls.add(type);
        continue;
      }
      String base = type;
      String sub = "";
      int slash = type.indexOf('/');
      if (slash >= 0) {
        base = type.substring(0, slash);
        sub = type.substring(slash);
      }
      String group;
      String resource;
      if (base.equals("*")) {
        group = "*";
        resource = "*";
      } else {
        ApiResources.Resolution resolution = ApiResources.builtIn().resolve(base);
        group = resolution.group();
        resource = resolution.resource();
      }
      resourcesByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(resource + sub);
    }
    if (!urls.isEmpty() && (!resourcesByGroup.isEmpty() || !names.isEmpty())) {
      throw new IllegalArgumentException("a rule spec holds either non-resource URLs or resource types (without names), not both: '" + spec + "'");
    }
    List<PolicyRule> rules = new ArrayList<>();
    resourcesByGroup.forEach((group, resources) -> rules.add(rule(List.of(group), resources, names, List.of(), verbs)));
    if (!urls.isEmpty()) {
      rules.add(rule(List.of(), List.of(), List.of(), urls, verbs));
    }
    return rules;
  }

  /** Every rule of several specs. */
  public static List<PolicyRule> parseAll(List<String> specs) {
    List<PolicyRule> rules = new ArrayList<>();
    for (String spec : specs) {
      rules.addAll(parse(spec));
    }
    return rules;
  }

  static PolicyRule rule(List<String> groups, List<String> resources, List<String> names, List<String> urls, List<String> verbs) {
    PolicyRule rule = new PolicyRule();
    rule.setApiGroups(groups.isEmpty() ? null : List.copyOf(groups));
    rule.setResources(resources.isEmpty() ? null : List.copyOf(resources));
    rule.setResourceNames(names.isEmpty() ? null : List.copyOf(names));
    rule.setNonResourceURLs(urls.isEmpty() ? null : List.copyOf(urls));
    rule.setVerbs(verbs.isEmpty() ? null : List.copyOf(verbs));
    return rule;
  }
}
