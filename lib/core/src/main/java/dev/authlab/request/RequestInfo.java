package dev.authlab.request;

import java.util.List;
import java.util.Objects;

/**
 * What the API server learns about a request from its method and URL alone, before it knows who is
 * asking: the Java twin of upstream's {@code RequestInfo} (k8s.io/apiserver, endpoints/request).
 * Authorization decides on these fields, so they are kept exactly as upstream fills them.
 *
 * <p>Strings are never null: an empty string stands where upstream leaves a field at "" (for
 * example {@code namespace} on a cluster-wide request, or {@code verb} for an HTTP method upstream
 * has no verb for).
 *
 * @param isResourceRequest true for requests about API objects; false for everything else
 *     (/healthz, /version, /apis, ...), which RBAC matches by URL instead
 * @param path the percent-decoded URL path, as received
 * @param verb the Kubernetes verb (get, list, watch, create, update, patch, delete,
 *     deletecollection, proxy); for non-resource requests the lower-cased HTTP method
 * @param apiPrefix the first path segment when it is a configured API prefix ("api", "apis")
 * @param apiGroup the API group, empty for the core group under /api
 * @param apiVersion the API version ("v1", "v1beta1", ...)
 * @param namespace the namespace, empty for cluster-scoped and all-namespace requests
 * @param resource the resource (plural, lower-case: "pods"), not the kind
 * @param subresource the subresource ("status", "log", "exec", ...), empty if none
 * @param name the object name, from the path or from a {@code metadata.name} field selector
 * @param parts the path segments from the resource on: resource, name, subresource, and any
 *     further segments nobody interprets
 * @param fieldSelector the raw {@code fieldSelector} query parameter, recorded only for list,
 *     watch and deletecollection (upstream's AuthorizeWithSelectors, GA in v1.34)
 * @param labelSelector the raw {@code labelSelector} query parameter, recorded like fieldSelector
 */
public record RequestInfo(
    boolean isResourceRequest,
    String path,
    String verb,
    String apiPrefix,
    String apiGroup,
    String apiVersion,
    String namespace,
    String resource,
    String subresource,
    String name,
    List<String> parts,
    String fieldSelector,
    String labelSelector) {

  public RequestInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(apiPrefix, "apiPrefix");
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(subresource, "subresource");
    Objects.requireNonNull(name, "name");
    parts = List.copyOf(parts);
    Objects.requireNonNull(fieldSelector, "fieldSelector");
    Objects.requireNonNull(labelSelector, "labelSelector");
  }

  /**
   * A request outside the API object tree. The prefix is kept because upstream records it when it
   * recognised the prefix but then found the path too short (e.g. /apis/v1/pods).
   */
  static RequestInfo nonResource(String path, String verb, String apiPrefix) {
    return new RequestInfo(false, path, verb, apiPrefix, "", "", "", "", "", "", List.of(), "", "");
  }

  /**
   * One line of JSON with the keys isResourceRequest, path, verb, apiPrefix, apiGroup, apiVersion,
   * namespace, resource, subresource, name, parts, in that order. The selectors are left out on
   * purpose: this is the fixed shape readers compare against upstream's struct fields.
   */
  public String toJson() {
    StringBuilder out = new StringBuilder(160);
    out.append("{\"isResourceRequest\":").append(isResourceRequest);
    field(out, "path", path);
    field(out, "verb", verb);
    field(out, "apiPrefix", apiPrefix);
    field(out, "apiGroup", apiGroup);
    field(out, "apiVersion", apiVersion);
    field(out, "namespace", namespace);
    field(out, "resource", resource);
    field(out, "subresource", subresource);
    field(out, "name", name);
    out.append(",\"parts\":[");
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(out, parts.get(i));
    }
    return out.append("]}").toString();
  }

  private static void field(StringBuilder out, String key, String value) {
    out.append(",\"").append(key).append("\":");
    quote(out, value);
  }

  // RFC 8259 string escaping; lone surrogates are escaped too so the output is always valid UTF-8.
  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
