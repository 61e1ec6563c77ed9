package dev.authlab.cli;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.discovery.ApiResources;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns kubectl-style arguments (VERB TYPE[/SUBRESOURCE] [NAME], or VERB /non-resource/url) into
 * authorizer attributes, resolving TYPE like kubectl and printing kubectl's warnings.
 */
final class TargetArguments {

  static final Set<String> RESOURCE_VERBS =
      Set.of("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate", "approve", "sign");
  static final Set<String> NON_RESOURCE_VERBS = Set.of("*", "get", "put", "post", "head", "options", "delete", "patch");

  private TargetArguments() {}

  /** What the positional arguments asked about, before a user is attached. */
  record Target(String verb, Optional<Attributes.Resource> resource, Optional<String> url) {
    Attributes forUser(UserInfo user) {
      return resource.<Attributes>map(r -> r.as(user)).orElseGet(() -> new Attributes.NonResource(user, verb, url.orElseThrow()));
    }
  }

  /**
   * @param namespace the namespace to ask about, already defaulted ("" for -A)
   * @param namespaceExplicit whether the user chose it, for kubectl's cluster-scope warning
   */
  static Target parse(List<String> args, String subresourceFlag, String namespace, boolean namespaceExplicit, PrintWriter err) {
    if (args.size() < 2 || args.size() > 3) {
      throw new UserError("you must specify two or three arguments: verb, resource, and optional resourceName");
    }
    String verb = args.get(0);
    String what = args.get(1);
    if (what.startsWith("/")) {
      if (args.size() == 3) {
        throw new UserError("a non-resource URL and a resource name cannot be given together");
      }
      if (subresourceFlag != null && !subresourceFlag.isEmpty()) {
        throw new UserError("--subresource cannot be used with a non-resource URL");
      }
      if (!NON_RESOURCE_VERBS.contains(verb)) {
        err.println("Warning: verb '" + verb + "' is not a known verb");
      }
      return new Target(verb, Optional.empty(), Optional.of(what));
    }
    String type = what;
    String subresource = subresourceFlag == null ? "" : subresourceFlag;
    int slash = what.indexOf('/');
    if (slash >= 0) {
      if (!subresource.isEmpty()) {
        throw new UserError("give the subresource once: either TYPE/SUBRESOURCE or --subresource");
      }
      type = what.substring(0, slash);
      subresource = what.substring(slash + 1);
      if (type.isEmpty() || subresource.isEmpty()) {
        throw new UserError("'" + what + "' is not TYPE/SUBRESOURCE, e.g. pods/log");
      }
    }
    String name = args.size() == 3 ? args.get(2) : "";
    ApiResources.Resolution resolution = ApiResources.builtIn().resolve(type);
    if (resolution instanceof ApiResources.Resolution.Unknown unknown && !unknown.warning().isEmpty()) {
      err.println(unknown.warning());
    }
    if (!RESOURCE_VERBS.contains(verb)) {
      err.println("Warning: verb '" + verb + "' is not a known verb");
    }
    if (resolution instanceof ApiResources.Resolution.Known known && !known.apiResource().namespaced() && namespaceExplicit && !namespace.isEmpty()) {
      String group = known.apiResource().group();
      err.println(
          "Warning: resource '" + known.apiResource().name() + "' is not namespace scoped" + (group.isEmpty() ? "" : " in group '" + group + "'"));
    }
    Attributes.Resource resource =
        new Attributes.Resource(UserInfo.of(""), verb, namespace, resolution.group(), "*", resolution.resource(), subresource, name);
    return new Target(verb, Optional.of(resource), Optional.empty());
  }
}
