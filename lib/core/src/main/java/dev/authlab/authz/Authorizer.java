package dev.authlab.authz;

/** One authorization mode of the API server (RBAC, AlwaysAllow, …): one method, an explicit result. */
@FunctionalInterface
public interface Authorizer {

  Decision authorize(Attributes attributes);

  /** The mode's name as kube-apiserver's --authorization-mode spells it. */
  default String name() {
    return getClass().getSimpleName();
  }
}
