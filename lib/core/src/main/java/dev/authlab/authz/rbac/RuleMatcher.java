package dev.authlab.authz.rbac;

import dev.authlab.authz.Attributes;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Does one PolicyRule allow one request? Upstream's evaluation helpers, field by field. Every
 * comparison is exact and case-sensitive; "*" in a rule matches anything, but "*" in a request is
 * just a string that only a "*" in the rule matches.
 */
public final class RuleMatcher {

  public static final String ALL = "*";

  private RuleMatcher() {}

  public static boolean allows(Attributes attributes, PolicyRule rule) {
    if (attributes instanceof Attributes.Resource r) {
      return verbMatches(rule, r.verb())
          && apiGroupMatches(rule, r.apiGroup())
          && resourceMatches(rule, r.combinedResource(), r.subresource())
          && resourceNameMatches(rule, r.name());
    }
    Attributes.NonResource n = (Attributes.NonResource) attributes;
    return verbMatches(rule, n.verb()) && nonResourceURLMatches(rule, n.path());
  }

  public static boolean verbMatches(PolicyRule rule, String verb) {
    for (String ruleVerb : Rules.verbs(rule)) {
      if (ruleVerb.equals(ALL) || ruleVerb.equals(verb)) {
        return true;
      }
    }
    return false;
  }

  public static boolean apiGroupMatches(PolicyRule rule, String group) {
    for (String ruleGroup : Rules.apiGroups(rule)) {
      if (ruleGroup.equals(ALL) || ruleGroup.equals(group)) {
        return true;
      }
    }
    return false;
  }

  /**
   * "*" matches everything; otherwise the rule must name resource/subresource exactly, or use
   * "*&#47;sub", which matches that subresource of any resource (but "pods/*" means nothing special).
   */
  public static boolean resourceMatches(PolicyRule rule, String combinedResource, String subresource) {
    for (String ruleResource : Rules.resources(rule)) {
      if (ruleResource.equals(ALL) || ruleResource.equals(combinedResource)) {
        return true;
      }
      if (subresource.isEmpty()) {
        continue;
      }
      if (ruleResource.length() == subresource.length() + 2
          && ruleResource.startsWith("*/")
          && ruleResource.endsWith(subresource)) {
        return true;
      }
    }
    return false;
  }

  /** No resourceNames means any name; otherwise the request's name must be listed (so an unnamed list never matches). */
  public static boolean resourceNameMatches(PolicyRule rule, String name) {
    List<String> names = Rules.resourceNames(rule);
    return names.isEmpty() || names.contains(name);
  }

  /** Exact path, "*", or a trailing "*" meaning "starts with" (every trailing star is trimmed). */
  public static boolean nonResourceURLMatches(PolicyRule rule, String path) {
    for (String url : Rules.nonResourceURLs(rule)) {
      if (url.equals(ALL) || url.equals(path)) {
        return true;
      }
      if (url.endsWith("*") && path.startsWith(trimTrailingStars(url))) {
        return true;
      }
    }
    return false;
  }

  static String trimTrailingStars(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '*') {
      end--;
    }
    return s.substring(0, end);
  }

  /** Which fields of the rule fail to match the request: empty exactly when {@link #allows} is true. */
  public static List<Miss> misses(Attributes attributes, PolicyRule rule) {
    List<Miss> misses = new ArrayList<>();
    if (!verbMatches(rule, attributes.verb())) {
      misses.add(new Miss(Field.VERB, "verb " + GoStrings.quote(attributes.verb()) + " not in " + GoStrings.quoteAll(Rules.verbs(rule))));
    }
    if (attributes instanceof Attributes.Resource r) {
        if (Rules.resources(rule).isEmpty()) {
          misses.add(new Miss(Field.REQUEST_KIND, "rule is for non-resource URLs " + GoStrings.quoteAll(Rules.nonResourceURLs(rule)) + ", request is for a resource"));
          return misses;
        }
        if (!apiGroupMatches(rule, r.apiGroup())) {
          misses.add(new Miss(Field.API_GROUP, "apiGroup " + GoStrings.quote(r.apiGroup()) + " not in " + GoStrings.quoteAll(Rules.apiGroups(rule))));
        }
        if (!resourceMatches(rule, r.combinedResource(), r.subresource())) {
          boolean plainResourceListed = Rules.resources(rule).contains(r.resource());
          if (!r.subresource().isEmpty() && plainResourceListed) {
            misses.add(new Miss(Field.SUBRESOURCE, "subresource " + GoStrings.quote(r.combinedResource()) + " not in " + GoStrings.quoteAll(Rules.resources(rule)) + " (a resource does not grant its subresources)"));
          } else {
            misses.add(new Miss(Field.RESOURCE, "resource " + GoStrings.quote(r.combinedResource()) + " not in " + GoStrings.quoteAll(Rules.resources(rule))));
          }
        }
        if (!resourceNameMatches(rule, r.name())) {
          String what = r.name().isEmpty() ? "request names no object (list, watch, create or deletecollection)" : "name " + GoStrings.quote(r.name()) + " not in";
          misses.add(new Miss(Field.RESOURCE_NAME, what + " resourceNames " + GoStrings.quoteAll(Rules.resourceNames(rule))));
        }
    } else if (attributes instanceof Attributes.NonResource n) {
        if (Rules.nonResourceURLs(rule).isEmpty()) {
          misses.add(new Miss(Field.REQUEST_KIND, "rule is for resources " + GoStrings.quoteAll(Rules.resources(rule)) + ", request is for the non-resource URL " + GoStrings.quote(n.path())));
          return misses;
        }
        if (!nonResourceURLMatches(rule, n.path())) {
          misses.add(new Miss(Field.NON_RESOURCE_URL, "path " + GoStrings.quote(n.path()) + " not matched by " + GoStrings.quoteAll(Rules.nonResourceURLs(rule))));
        }
    }
    return misses;
  }

  /** The part of a request a rule can fail on. */
  public enum Field {
    VERB,
    API_GROUP,
    RESOURCE,
    SUBRESOURCE,
    RESOURCE_NAME,
    NON_RESOURCE_URL,
    /** A RoleBinding in another namespace than the request's. */
    NAMESPACE,
    /** A resource rule for a non-resource request, or the other way round. */
    REQUEST_KIND;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /** One field that did not match, and in what way. */
  public record Miss(Field field, String detail) {}
}
