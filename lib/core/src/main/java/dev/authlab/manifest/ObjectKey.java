package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * What makes an object unique in a cluster: kind, namespace ("" when cluster-scoped) and name. Two
 * manifests with the same key would make the second {@code kubectl create} fail.
 */
record ObjectKey(String kind, String namespace, String name) {

  static ObjectKey of(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    String namespace = meta == null || meta.getNamespace() == null ? "" : meta.getNamespace();
    String name = meta == null || meta.getName() == null ? "" : meta.getName();
    return new ObjectKey(object.getKind(), namespace, name);
  }

  /** {@code Role "reader" in namespace "team-a"}, or {@code ClusterRole "view"}. */
  String describe() {
    String what = kind + " " + Text.quote(name);
    return namespace.isEmpty() ? what : what + " in namespace " + Text.quote(namespace);
  }

  /** {@code Role team-a/reader} or {@code ClusterRole view}. */
  @Override
  public String toString() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
