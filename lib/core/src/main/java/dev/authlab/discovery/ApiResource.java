package dev.authlab.discovery;

import java.util.List;

/** One row of `kubectl api-resources`: a resource the API server serves. */
public record ApiResource(
    String name, List<String> shortNames, String group, String version, boolean namespaced, String kind, List<String> verbs) {

  public ApiResource {
    shortNames = List.copyOf(shortNames);
    verbs = List.copyOf(verbs);
  }

  /** The singular name kubectl also accepts: the kind, lower-cased. */
  public String singularName() {
    return kind.toLowerCase(java.util.Locale.ROOT);
  }

  /** resource or resource.group, as kubectl prints it. */
  public String qualifiedName() {
    return group.isEmpty() ? name : name + "." + group;
  }
}
