package dev.authlab.cluster;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;

/**
 * A throwaway Kubernetes control plane the kit's experiments run against: local kube-apiserver,
 * etcd and kube-controller-manager processes, or a kind node in Docker. Both start from the same
 * {@link AuthnSettings} as the library, so the two can be compared request by request.
 */
public interface ControlPlane extends AutoCloseable {

  /** The Kubernetes version it runs, e.g. 1.34.1. */
  String kubernetesVersion();

  URI apiServerUrl();

  /** The CA of the API server's serving certificate. */
  String servingCaPem();

  /** A kubeconfig for the admin (a system:masters client certificate). */
  Path adminKubeconfig();

  /** A client as the admin. */
  KubernetesClient adminClient();

  /** A client that authenticates with this credential. */
  KubernetesClient clientAs(Credential credential);

  /** The authentication settings the API server was started with. */
  AuthnSettings authn();

  /** Who the API server says this credential is (a SelfSubjectReview), or why not. */
  WhoamiResult whoami(Credential credential);

  /** The API server's answer to a SubjectAccessReview, created as the admin. */
  SubjectAccessReviewStatus review(SubjectAccessReview review);

  /** Stops every process and removes every file it made; safe to call twice. */
  @Override
  void close();

  /** The outcome of a SelfSubjectReview. */
  sealed interface WhoamiResult {
    record Authenticated(UserInfo user) implements WhoamiResult {}

    /** 401: the credential was rejected. */
    record Unauthorized(String message) implements WhoamiResult {}

    /** Authenticated, but not allowed to create selfsubjectreviews (e.g. anonymous without RBAC rights). */
    record Forbidden(String message) implements WhoamiResult {}
  }
}
