package dev.authlab.authn.serviceaccount;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The private {@code kubernetes.io} claim of a bound (TokenRequest) token: the namespace, the service
 * account, at most one bound object (pod, secret or node; a pod-bound token also names the pod's node)
 * and {@code warnafter}, the time after which an extended token is reported as stale.
 */
public record BoundClaims(
    String namespace, Ref serviceAccount, Optional<Ref> pod, Optional<Ref> secret, Optional<Ref> node, OptionalLong warnAfter) {

  /** A name and uid; empty strings are left out of the JSON. */
  public record Ref(String name, String uid) {
    public Ref {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
    }

    Map<String, Object> toJsonMembers() {
      Map<String, Object> out = new LinkedHashMap<>();
      if (!name.isEmpty()) {
        out.put("name", name);
      }
      if (!uid.isEmpty()) {
        out.put("uid", uid);
      }
      return out;
    }
  }

  public BoundClaims {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(warnAfter, "warnAfter");
  }

  /** No claims (what a token without a {@code kubernetes.io} member decodes to). */
  public static BoundClaims empty() {
    return new BoundClaims("", new Ref("", ""), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty());
  }

  /** The payload members: {@code {"kubernetes.io": {...}}}. */
  Map<String, Object> toJsonMembers() {
    Map<String, Object> k8s = new LinkedHashMap<>();
    if (!namespace.isEmpty()) {
      k8s.put("namespace", namespace);
    }
    // a struct field: Go's omitempty never drops it, even when both name and uid are empty
    k8s.put("serviceaccount", serviceAccount.toJsonMembers());
    pod.ifPresent(r -> k8s.put("pod", r.toJsonMembers()));
    secret.ifPresent(r -> k8s.put("secret", r.toJsonMembers()));
    node.ifPresent(r -> k8s.put("node", r.toJsonMembers()));
    warnAfter.ifPresent(v -> k8s.put("warnafter", v));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kubernetes.io", k8s);
    return out;
  }

  /** The JSON go-jose writes for these claims alone, keys sorted. */
  public String toJson() {
    return GoJson.write(toJsonMembers());
  }
}
