package dev.authlab.cluster.differential;

import dev.authlab.authn.serviceaccount.ServiceAccountObjects;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The objects service-account tokens are bound to, read live from a cluster as its admin, so the
 * library's service-account authenticators judge a token against exactly what the API server sees.
 * fabric8 answers a 404 with null, which is "not found" here; other failures propagate.
 */
final class ClusterServiceAccountObjects implements ServiceAccountObjects {

  private final KubernetesClient admin;

  ClusterServiceAccountObjects(KubernetesClient admin) {
    this.admin = admin;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return Optional.ofNullable(admin.serviceAccounts().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(admin.pods().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(admin.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Node> node(String name) {
    return Optional.ofNullable(admin.nodes().withName(name).get());
  }
}
