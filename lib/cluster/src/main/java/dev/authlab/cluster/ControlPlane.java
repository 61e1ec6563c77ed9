package dev.authlab.cluster;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  /**
   * Sends one HTTP request to the API server as this credential, the way {@code kubectl get --raw}
   * would, and returns what came back, errors included: a 401 or 403 is an answer here, not an
   * exception. {@code path} is relative to the API server, e.g. {@code /api/v1/namespaces/team-a/pods}.
   *
   * @throws UncheckedIOException when the server cannot be reached at all
   */
  default HttpResult send(Credential credential, String method, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    URI target = apiServerUrl().resolve(path.startsWith("/") ? path : "/" + path);
    String verb = method.toUpperCase(Locale.ROOT);
    try (KubernetesClient client = clientAs(credential)) {
      HttpClient http = client.getHttpClient();
      HttpRequest.Builder request = http.newHttpRequestBuilder().uri(target);
      if (verb.equals("GET")) {
        request.header("Accept", "application/json");
      } else {
        request.method(verb, "application/json", verb.equals("DELETE") ? null : "{}");
      }
      HttpResponse<String> response = http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
      return new HttpResult(response.code(), response.body() == null ? "" : response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException(method + " " + target + " was interrupted"));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UncheckedIOException(new IOException(method + " " + target + ": " + cause.getMessage(), cause));
    }
  }

  /** An HTTP status and body, as {@link #send} got them. */
  record HttpResult(int status, String body) {}

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
