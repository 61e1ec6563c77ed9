package dev.authlab.authz.rbac;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;

/** Human wording for requests and users in explanations. */
public final class Requests {

  private Requests() {}

  /** e.g. get "deployments.apps/scale" named "web" in namespace "team-a". */
  public static String describe(Attributes attributes) {
    if (attributes instanceof Attributes.Resource r) {
      StringBuilder out = new StringBuilder(GoQuote.quote(r.verb())).append(" resource ");
      String resource = r.resource() + (r.apiGroup().isEmpty() ? "" : "." + r.apiGroup()) + (r.subresource().isEmpty() ? "" : "/" + r.subresource());
      out.append(GoQuote.quote(resource));
      if (!r.name().isEmpty()) {
        out.append(" named ").append(GoQuote.quote(r.name()));
      }
      out.append(r.namespace().isEmpty() ? " cluster-wide" : " in namespace " + GoQuote.quote(r.namespace()));
      return out.toString();
    }
    Attributes.NonResource n = (Attributes.NonResource) attributes;
    return GoQuote.quote(n.verb()) + " non-resource URL " + GoQuote.quote(n.path());
  }

  /** e.g. user "jane" (groups ["dev" "system:authenticated"]). */
  public static String describeUser(UserInfo user) {
    return "user " + GoQuote.quote(user.name()) + " (groups " + GoQuote.quoteAll(user.groups()) + ")";
  }
}
