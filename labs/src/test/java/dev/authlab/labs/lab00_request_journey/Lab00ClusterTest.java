package dev.authlab.labs.lab00_request_journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.extension.WithControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 00 against a real API server: it is started with a token file (alice, bob) and anonymous
 * access on; alice may read pods in one namespace. Your {@link RequestJourney}, given the library's
 * authenticator and RBAC authorizer for the same settings and objects, predicts the status of real
 * HTTP requests, and the API server's answers must be the same.
 */
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab00ClusterTest {

  static final String NAMESPACE = "lab00-journey";
  static final String ALICE_TOKEN = "lab00-cluster-alice-8d2f4a";
  static final String BOB_TOKEN = "lab00-cluster-bob-13c9e7";
  static final Duration RBAC_CATCH_UP = Duration.ofSeconds(30);

  static RawHttp http;
  static RequestJourney journey;
  static KubernetesClient admin;
  static Role role;
  static RoleBinding binding;
  static boolean clusterReady;

  static AuthnSettings authn() {
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(
            new StaticToken(ALICE_TOKEN, "alice", "1001", List.of("devs")),
            new StaticToken(BOB_TOKEN, "bob", "1002", List.of())))
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @BeforeAll
  static void setUp(ControlPlane cp) {
    role = new RoleBuilder()
        .withNewMetadata().withName("pod-reader").withNamespace(NAMESPACE).endMetadata()
        .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list").endRule()
        .build();
    binding = new RoleBindingBuilder()
        .withNewMetadata().withName("alice-reads-pods").withNamespace(NAMESPACE).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("alice").endSubject()
        .build();
    List<HasMetadata> objects = new ArrayList<>(BootstrapPolicy.objects());
    objects.add(role);
    objects.add(binding);
    journey = new RequestJourney(
        cp.authn().authenticator(AuthnSettings.Environment.defaults()),
        AuthorizerChain.kubeApiServer(new RbacAuthorizer(RbacPolicy.of(objects))));
    http = new RawHttp(cp.apiServerUrl(), cp.servingCaPem());
    admin = cp.adminClient();
  }

  /**
   * Creates alice's Role and RoleBinding on the API server and waits until its RBAC cache has them;
   * only once your RequestJourney has given an answer, so unfinished code fails without waiting.
   */
  static synchronized void readyTheCluster() {
    if (clusterReady) {
      return;
    }
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    admin.resource(role).create();
    admin.resource(binding).create();
    // the API server's RBAC cache learns about the new binding a moment after it is created
    long deadline = System.nanoTime() + RBAC_CATCH_UP.toNanos();
    while (http.status("GET", "/api/v1/namespaces/" + NAMESPACE + "/pods", Optional.of(ALICE_TOKEN)) != 200 && System.nanoTime() < deadline) {
      pause();
    }
    clusterReady = true;
  }

  @Test
  @DisplayName("predicts the API server's 200, 401 and 403 for requests with bearer tokens")
  void predictsStatusesForTokens() {
    agree(Optional.of(ALICE_TOKEN), "GET", "/api/v1/namespaces/" + NAMESPACE + "/pods");
    agree(Optional.of(ALICE_TOKEN), "DELETE", "/api/v1/namespaces/" + NAMESPACE + "/pods/web");
    agree(Optional.of(ALICE_TOKEN), "POST", "/api/v1/namespaces/" + NAMESPACE + "/configmaps");
    agree(Optional.of(ALICE_TOKEN), "GET", "/api/v1/namespaces/default/pods");
    agree(Optional.of(BOB_TOKEN), "GET", "/api/v1/namespaces/" + NAMESPACE + "/pods");
    agree(Optional.of(BOB_TOKEN), "GET", "/api/v1/namespaces/" + NAMESPACE + "/pods/web");
    agree(Optional.of(BOB_TOKEN), "GET", "/version");
    agree(Optional.of("lab00-not-a-real-token"), "GET", "/api/v1/namespaces/" + NAMESPACE + "/pods");
    agree(Optional.of("lab00-not-a-real-token"), "GET", "/healthz");
  }

  @Test
  @DisplayName("predicts the API server's answers to requests without credentials (anonymous access on)")
  void predictsStatusesWithoutCredentials() {
    agree(Optional.empty(), "GET", "/healthz");
    agree(Optional.empty(), "GET", "/version");
    agree(Optional.empty(), "GET", "/api/v1/namespaces/" + NAMESPACE + "/pods");
    agree(Optional.empty(), "GET", "/api/v1/nodes");
    agree(Optional.empty(), "GET", "/logs/kube-apiserver.log");
  }

  private static void agree(Optional<String> token, String method, String path) {
    AuthenticationRequest request = new AuthenticationRequest(method, path, Map.of(), List.of(), List.of());
    if (token.isPresent()) {
      request = request.withHeader("Authorization", "Bearer " + token.get());
    }
    int predicted = journey.status(request);
    readyTheCluster();
    int real = http.status(method, path, token);
    String who = token.isEmpty() ? "no token" : token.get().equals(ALICE_TOKEN) ? "alice" : token.get().equals(BOB_TOKEN) ? "bob" : "a bogus token";
    assertThat(predicted)
        .as("%s %s as %s: the API server answered %d (expected), your RequestJourney predicted (actual)", method, path, who, real)
        .isEqualTo(real);
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
