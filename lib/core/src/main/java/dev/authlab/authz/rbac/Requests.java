package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.gofmt.GoStrings;

/** Human wording for requests and users in explanations. */
public final class Requests {

  private Requests() {}

  /** e.g. get "deployments.apps/scale" named "web" in namespace "team-a". */
  public static String describe(Attributes attributes) {
    if (attributes instanceof Attributes.Resource r) {
      StringBuilder out = new StringBuilder(GoStrings.quote(r.verb())).append(" resource ");
      String resource = r.resource() + (r.apiGroup().isEmpty() ? "" : "." + r.apiGroup()) + (r.subresource().isEmpty() ? "" : "/" + r.subresource());
      out.append(GoStrings.quote(resource));
      if (!r.name().isEmpty()) {
        out.append(" named ").append(GoStrings.quote(r.name()));
      }
      out.append(r.namespace().isEmpty() ? " cluster-wide" : " in namespace " + GoStrings.quote(r.namespace()));
      return out.toString();
    }
    Attributes.NonResource n = (Attributes.NonResource) attributes;
    return GoStrings.quote(n.verb()) + " non-resource URL " + GoStrings.quote(n.path());
  }

  /** e.g. user "jane" (groups ["dev" "system:authenticated"]). */
  public static String describeUser(UserInfo user) {
    return "user " + GoStrings.quote(user.name()) + " (groups " + GoStrings.quoteAll(user.groups()) + ")";
  }
}
