package dev.authlab.display;

import dev.authlab.authz.Attributes;

/** A request in a few words: "get pods in team-a", "patch deployments.apps "web" in team-a", "get /healthz". */
final class RequestText {

  private RequestText() {}

  static String of(Attributes attributes) {
    if (attributes instanceof Attributes.Resource r) {
      // kubectl's spelling: the group belongs to the resource, the subresource comes after both
      StringBuilder out = new StringBuilder(r.verb()).append(' ').append(r.resource());
      if (!r.apiGroup().isEmpty()) {
        out.append('.').append(r.apiGroup());
      }
      if (!r.subresource().isEmpty()) {
        out.append('/').append(r.subresource());
      }
      if (!r.name().isEmpty()) {
        out.append(" \"").append(r.name()).append('"');
      }
      out.append(r.namespace().isEmpty() ? " cluster-wide" : " in " + r.namespace());
      return out.toString();
    }
    Attributes.NonResource url = (Attributes.NonResource) attributes;
    return url.verb() + " " + url.path();
  }
}
