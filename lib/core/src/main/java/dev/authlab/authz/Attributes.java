package dev.authlab.authz;

import dev.authlab.authn.UserInfo;
import dev.authlab.request.RequestInfo;
import java.util.Objects;

/**
 * What an authorizer is asked: who wants to do which verb on what. Upstream has one Attributes
 * interface with an IsResourceRequest flag; here the two shapes are two records, so a rule for
 * resources can never be compared with a URL by accident. Strings are never null: an empty string
 * means "not set", exactly as upstream's zero values.
 */
public sealed interface Attributes permits Attributes.Resource, Attributes.NonResource {

  UserInfo user();

  String verb();

  /** The namespace the request is in; empty for cluster-scoped and non-resource requests. */
  String namespace();

  /** A request for an API object (pods, deployments.apps, pods/log …). */
  record Resource(
      UserInfo user,
      String verb,
      String namespace,
      String apiGroup,
      String apiVersion,
      String resource,
      String subresource,
      String name)
      implements Attributes {

    public Resource {
      Objects.requireNonNull(user, "user");
      verb = nz(verb);
      namespace = nz(namespace);
      apiGroup = nz(apiGroup);
      apiVersion = nz(apiVersion);
      resource = nz(resource);
      subresource = nz(subresource);
      name = nz(name);
    }

    public Resource inNamespace(String ns) {
      return new Resource(user, verb, ns, apiGroup, apiVersion, resource, subresource, name);
    }

    public Resource inGroup(String group) {
      return new Resource(user, verb, namespace, group, apiVersion, resource, subresource, name);
    }

    public Resource named(String objectName) {
      return new Resource(user, verb, namespace, apiGroup, apiVersion, resource, subresource, objectName);
    }

    public Resource subresource(String sub) {
      return new Resource(user, verb, namespace, apiGroup, apiVersion, resource, sub, name);
    }

    public Resource as(UserInfo other) {
      return new Resource(other, verb, namespace, apiGroup, apiVersion, resource, subresource, name);
    }

    /** resource or resource/subresource, the form RBAC rules are written in. */
    public String combinedResource() {
      return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
  }

  /** A request for a URL outside the API object tree, such as /healthz or /version. */
  record NonResource(UserInfo user, String verb, String path) implements Attributes {
    public NonResource {
      Objects.requireNonNull(user, "user");
      verb = nz(verb);
      path = nz(path);
    }

    @Override
    public String namespace() {
      return "";
    }
  }

  /** A resource request in the core group, cluster-wide; narrow it with the with-methods. */
  static Resource resource(UserInfo user, String verb, String resource) {
    return new Resource(user, verb, "", "", "*", resource, "", "");
  }

  static NonResource nonResource(UserInfo user, String verb, String path) {
    return new NonResource(user, verb, path);
  }

  /** The attributes the API server derives from a resolved request and its authenticated user. */
  static Attributes of(UserInfo user, RequestInfo info) {
    if (info.isResourceRequest()) {
      return new Resource(
          user,
          info.verb(),
          info.namespace(),
          info.apiGroup(),
          info.apiVersion(),
          info.resource(),
          info.subresource(),
          info.name());
    }
    return new NonResource(user, info.verb(), info.path());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
