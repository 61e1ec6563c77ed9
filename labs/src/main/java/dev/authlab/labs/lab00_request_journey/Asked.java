package dev.authlab.labs.lab00_request_journey;

import java.util.Objects;

/**
 * What a request asks the API server for, worked out from its HTTP method and URL alone: your own
 * small version of the API server's RequestInfo (notebook 00, section 1). Authorization decides on
 * these fields, so they must come out exactly as the API server fills them.
 *
 * <p>Strings are never null: an empty string stands for "not set", as in the API server (no
 * namespace on a cluster-wide request, no name on a collection, no group for the core API under
 * {@code /api}). A non-resource request ({@code /healthz}, {@code /version}, {@code /apis} …) has
 * only a verb: the HTTP method in lower case.
 *
 * @param resourceRequest true for requests about API objects (under /api or /apis); false otherwise
 * @param verb get, list, watch, create, update, patch, delete or deletecollection for resource
 *     requests; the lower-cased HTTP method for non-resource requests
 * @param apiGroup the API group ("apps"); empty for the core group
 * @param apiVersion the API version ("v1")
 * @param namespace the namespace; empty for cluster-scoped and all-namespace requests
 * @param resource the resource, plural and lower case ("pods")
 * @param subresource the subresource ("log", "status", "scale", "exec"); empty if none
 * @param name the object's name; empty for a collection
 */
public record Asked(
    boolean resourceRequest,
    String verb,
    String apiGroup,
    String apiVersion,
    String namespace,
    String resource,
    String subresource,
    String name) {

  public Asked {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(subresource, "subresource");
    Objects.requireNonNull(name, "name");
  }

  /** A request outside the API object tree: only the verb (the lower-cased HTTP method) is set. */
  public static Asked nonResource(String verb) {
    return new Asked(false, verb, "", "", "", "", "", "");
  }
}
