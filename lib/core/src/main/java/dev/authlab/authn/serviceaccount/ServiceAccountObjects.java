package dev.authlab.authn.serviceaccount;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;

/**
 * Where the service-account authenticators and the token issuer look up the objects a token names
 * (upstream's ServiceAccountTokenGetter): the service account itself and the pod, secret or node a
 * token is bound to. Empty means "not found"; an implementation backed by a cluster may throw an
 * unchecked exception for other failures, and its message is then treated like the API error it
 * stands for.
 */
public interface ServiceAccountObjects {

  Optional<ServiceAccount> serviceAccount(String namespace, String name);

  Optional<Pod> pod(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  Optional<Node> node(String name);
}
