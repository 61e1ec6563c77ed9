package dev.authlab.testkit;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.Requests;
import dev.authlab.discovery.ApiResources;
import java.util.Objects;

/**
 * What a check asks about, as `kubectl auth can-i VERB TYPE[/SUBRESOURCE] [NAME] [-n NS]` names it:
 * TYPE is resolved like kubectl resolves it (po, deploy, deployments.apps, Deployment), so
 * {@code Request.of("patch", "deploy")} is a patch of deployments in group apps. A TYPE starting with
 * "/" is a non-resource URL ({@code Request.of("get", "/healthz")}).
 *
 * <p>Strings are never null: an empty namespace means cluster-wide (or "all namespaces" for a
 * namespaced resource, as {@code kubectl auth can-i -A}); an empty url means a resource request.
 */
public record Request(
    String verb, String apiGroup, String resource, String subresource, String name, String namespace, String url) {

  public Request {
    Objects.requireNonNull(verb, "verb");
    apiGroup = nz(apiGroup);
    resource = nz(resource);
    subresource = nz(subresource);
    name = nz(name);
    namespace = nz(namespace);
    url = nz(url);
    if (verb.isEmpty()) {
      throw new IllegalArgumentException("a request needs a verb");
    }
    if (url.isEmpty() && resource.isEmpty()) {
      throw new IllegalArgumentException("a request needs a resource type or a non-resource URL");
    }
  }

  /**
   * VERB TYPE[/SUBRESOURCE], cluster-wide until {@link #in(String)}: TYPE resolved with the built-in
   * discovery data like kubectl (an unknown type is used as typed, in the core group); a TYPE
   * starting with "/" is a non-resource URL.
   */
  public static Request of(String verb, String type) {
    Objects.requireNonNull(type, "type");
    if (type.startsWith("/")) {
      return new Request(verb, "", "", "", "", "", type);
    }
    String subresource = "";
    int slash = type.indexOf('/');
    if (slash >= 0) {
      subresource = type.substring(slash + 1);
      type = type.substring(0, slash);
      if (type.isEmpty() || subresource.isEmpty()) {
        throw new IllegalArgumentException("'" + type + "/" + subresource + "' is not TYPE/SUBRESOURCE, e.g. pods/log");
      }
    }
    ApiResources.Resolution resolution = ApiResources.builtIn().resolve(type);
    return new Request(verb, resolution.group(), resolution.resource(), subresource, "", "", "");
  }

  /** A non-resource URL such as /healthz or /metrics. */
  public static Request nonResource(String verb, String url) {
    return new Request(verb, "", "", "", "", "", url);
  }

  /** "VERB TYPE[/SUB] [NAME]" as kubectl auth can-i takes its arguments, cluster-wide until {@link #in(String)}. */
  public static Request parse(String spec) {
    String[] words = spec.trim().split("\\s+");
    if (words.length < 2 || words.length > 3) {
      throw new IllegalArgumentException("expected VERB TYPE[/SUBRESOURCE] [NAME], got '" + spec + "'");
    }
    Request request = of(words[0], words[1]);
    return words.length == 3 ? request.named(words[2]) : request;
  }

  public boolean isNonResource() {
    return !url.isEmpty();
  }

  public Request in(String ns) {
    if (isNonResource() && !nz(ns).isEmpty()) {
      throw new IllegalArgumentException("a non-resource URL (" + url + ") has no namespace");
    }
    return new Request(verb, apiGroup, resource, subresource, name, ns, url);
  }

  public Request clusterWide() {
    return new Request(verb, apiGroup, resource, subresource, name, "", url);
  }

  public Request named(String objectName) {
    if (isNonResource()) {
      throw new IllegalArgumentException("a non-resource URL (" + url + ") has no object name");
    }
    return new Request(verb, apiGroup, resource, subresource, objectName, namespace, url);
  }

  /** The authorizer's attributes for this request made by {@code user}. */
  public Attributes attributesFor(UserInfo user) {
    if (isNonResource()) {
      return new Attributes.NonResource(user, verb, url);
    }
    return new Attributes.Resource(user, verb, namespace, apiGroup, "*", resource, subresource, name);
  }

  /** e.g. {@code "get" resource "pods" in namespace "team-a"}. */
  public String describe() {
    return Requests.describe(attributesFor(UserInfo.of("")));
  }

  @Override
  public String toString() {
    return describe();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
