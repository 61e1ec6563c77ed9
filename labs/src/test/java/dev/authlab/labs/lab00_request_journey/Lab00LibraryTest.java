package dev.authlab.labs.lab00_request_journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authz.Authorizer;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.labs.support.OwnWork;
import dev.authlab.request.RequestInfo;
import dev.authlab.request.RequestInfoResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 00 against the library: your {@link RequestReader} must read requests exactly as the kit's
 * {@link RequestInfoResolver} (the API server's rules), and your {@link RequestJourney} must answer
 * 200, 401 and 403 where the API server would.
 */
@Tag("library")
class Lab00LibraryTest {

  static final String NAMESPACE = "team-a";
  static final String ALICE_TOKEN = "lab00-alice-token-5b1e";
  static final String BOB_TOKEN = "lab00-bob-token-c27d";

  private final RequestReader reader = new RequestReader();
  private final RequestInfoResolver resolver = new RequestInfoResolver();

  @Test
  @DisplayName("reads the verb of resource requests: get, list, watch, create, update, patch, delete, deletecollection")
  void readsVerbs() {
    agreeWithTheApiServer(
        "GET /api/v1/namespaces/team-a/pods/web",
        "GET /api/v1/namespaces/team-a/pods",
        "GET /api/v1/namespaces/team-a/pods?watch=true",
        "GET /api/v1/namespaces/team-a/pods?labelSelector=app%3Dweb&watch=1",
        "GET /api/v1/namespaces/team-a/pods?watch=false",
        "POST /api/v1/namespaces/team-a/pods",
        "PUT /api/v1/namespaces/team-a/pods/web",
        "PATCH /api/v1/namespaces/team-a/pods/web",
        "DELETE /api/v1/namespaces/team-a/pods/web",
        "DELETE /api/v1/namespaces/team-a/pods");
  }

  @Test
  @DisplayName("reads API groups, versions and namespaces, including cluster-scoped and all-namespace requests")
  void readsGroupsAndNamespaces() {
    agreeWithTheApiServer(
        "GET /apis/apps/v1/namespaces/team-a/deployments",
        "PATCH /apis/apps/v1/namespaces/team-a/deployments/web",
        "GET /apis/rbac.authorization.k8s.io/v1/clusterroles/view",
        "GET /api/v1/nodes",
        "GET /api/v1/pods",
        "GET /apis/apps/v1/deployments?watch=true",
        "GET /api/v1/namespaces",
        "GET /api/v1/namespaces/team-a",
        "DELETE /api/v1/namespaces/team-a");
  }

  @Test
  @DisplayName("reads subresources and object names")
  void readsSubresources() {
    agreeWithTheApiServer(
        "GET /api/v1/namespaces/team-a/pods/web/log",
        "POST /api/v1/namespaces/team-a/pods/web/exec",
        "PUT /api/v1/namespaces/team-a/pods/web/status",
        "GET /apis/apps/v1/namespaces/team-a/deployments/web/scale",
        "PATCH /apis/apps/v1/namespaces/team-a/deployments/web/scale",
        "POST /api/v1/namespaces/team-a/serviceaccounts/builder/token",
        "PUT /api/v1/namespaces/team-a/status",
        "PUT /api/v1/namespaces/team-a/finalize");
  }

  @Test
  @DisplayName("tells non-resource requests (/healthz, /version, discovery) from resource requests")
  void readsNonResourceRequests() {
    agreeWithTheApiServer(
        "GET /api/v1/namespaces/team-a/configmaps",
        "GET /healthz",
        "GET /version",
        "GET /openapi/v2",
        "GET /api",
        "GET /api/v1",
        "GET /apis",
        "GET /apis/apps",
        "GET /apis/apps/v1",
        "POST /logs/kube-apiserver.log");
  }

  @Test
  @DisplayName("answers 401 when the request has no identity or a wrong credential, and never asks the authorizer then")
  void answers401WithoutIdentity() {
    AtomicInteger asked = new AtomicInteger();
    Authorizer authorizer = rbac();
    Authorizer counting = attributes -> {
      asked.incrementAndGet();
      return authorizer.authorize(attributes);
    };
    RequestJourney journey = new RequestJourney(authenticator(AuthnSettings.Anonymous.DISABLED), counting);

    assertThat(journey.status(pods().withHeader("Authorization", "Bearer " + ALICE_TOKEN)))
        .as("alice (a good token) lists pods in team-a, which a RoleBinding allows").isEqualTo(200);
    asked.set(0);
    assertThat(journey.status(pods().withHeader("Authorization", "Bearer not-a-real-token")))
        .as("a token nobody knows").isEqualTo(401);
    assertThat(journey.status(pods())).as("no credentials, anonymous access off").isEqualTo(401);
    assertThat(journey.status(AuthenticationRequest.get("/healthz"))).as("no credentials, anonymous access off, even for /healthz").isEqualTo(401);
    assertThat(asked.get()).as("times the authorizer was asked about requests that were not authenticated").isZero();

    RequestJourney anonymousOn = new RequestJourney(authenticator(AuthnSettings.Anonymous.ENABLED), rbac());
    assertThat(anonymousOn.status(pods().withHeader("Authorization", "Bearer not-a-real-token")))
        .as("a token nobody knows, anonymous access on (a bad token is never anonymous)").isEqualTo(401);
  }

  @Test
  @DisplayName("answers 403 when the caller is known but nobody allows the request, and 200 when RBAC does")
  void answers403WhenNotAllowed() {
    RequestJourney journey = new RequestJourney(authenticator(AuthnSettings.Anonymous.ENABLED), rbac());
    String alice = "Bearer " + ALICE_TOKEN;
    String bob = "Bearer " + BOB_TOKEN;

    assertThat(journey.status(pods().withHeader("Authorization", alice))).as("alice lists pods in team-a").isEqualTo(200);
    assertThat(journey.status(request("GET", "/api/v1/namespaces/team-a/pods/web").withHeader("Authorization", alice)))
        .as("alice gets pod web in team-a").isEqualTo(200);
    assertThat(journey.status(request("DELETE", "/api/v1/namespaces/team-a/pods/web").withHeader("Authorization", alice)))
        .as("alice deletes pod web (her Role only reads)").isEqualTo(403);
    assertThat(journey.status(request("GET", "/api/v1/namespaces/team-b/pods").withHeader("Authorization", alice)))
        .as("alice lists pods in team-b (her RoleBinding is in team-a)").isEqualTo(403);
    assertThat(journey.status(pods().withHeader("Authorization", bob))).as("bob (known, no bindings) lists pods in team-a").isEqualTo(403);
    assertThat(journey.status(request("GET", "/api/v1/namespaces/team-a/pods/web").withHeader("Authorization", bob)))
        .as("bob (known, no bindings) gets pod web in team-a").isEqualTo(403);
    assertThat(journey.status(request("GET", "/version").withHeader("Authorization", bob)))
        .as("bob reads /version, which the default roles let every user read").isEqualTo(200);
    assertThat(journey.status(pods())).as("no credentials, anonymous access on: system:anonymous lists pods").isEqualTo(403);
    assertThat(journey.status(AuthenticationRequest.get("/healthz"))).as("no credentials, anonymous access on: GET /healthz").isEqualTo(200);
    assertThat(journey.status(AuthenticationRequest.get("/logs/kube-apiserver.log")))
        .as("no credentials, anonymous access on: GET /logs/kube-apiserver.log (no default role lets anonymous read it)").isEqualTo(403);
  }

  // ---- the oracle and the fixtures

  private void agreeWithTheApiServer(String... requests) {
    OwnWork.assertDoesNotUse(RequestReader.class,
        "read the request yourself; the kit's RequestInfoResolver is what your answers are compared with",
        "dev/authlab/request/", "dev.authlab.request.");
    for (String line : requests) {
      String[] parts = line.split(" ", 2);
      Asked expected = apiServersReading(resolver.resolve(parts[0], parts[1]));
      assertThat(reader.read(parts[0], parts[1]))
          .as("%s: what the API server reads (expected) vs what your RequestReader read (actual)", line)
          .isEqualTo(expected);
    }
  }

  static Asked apiServersReading(RequestInfo info) {
    if (!info.isResourceRequest()) {
      return Asked.nonResource(info.verb());
    }
    return new Asked(true, info.verb(), info.apiGroup(), info.apiVersion(), info.namespace(), info.resource(), info.subresource(), info.name());
  }

  private static AuthenticationRequest pods() {
    return request("GET", "/api/v1/namespaces/" + NAMESPACE + "/pods");
  }

  private static AuthenticationRequest request(String method, String path) {
    return new AuthenticationRequest(method, path, java.util.Map.of(), List.of(), List.of());
  }

  private static Authenticator authenticator(AuthnSettings.Anonymous anonymous) {
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(
            new StaticToken(ALICE_TOKEN, "alice", "1001", List.of("devs")),
            new StaticToken(BOB_TOKEN, "bob", "1002", List.of())))
        .anonymous(anonymous)
        .build()
        .authenticator(AuthnSettings.Environment.defaults());
  }

  /** The authorizer kube-apiserver --authorization-mode=RBAC builds, over the default roles and a pod-reader Role for alice in team-a. */
  private static Authorizer rbac() {
    List<HasMetadata> objects = new ArrayList<>(BootstrapPolicy.objects());
    objects.add(new RoleBuilder()
        .withNewMetadata().withName("pod-reader").withNamespace(NAMESPACE).endMetadata()
        .addNewRule().withApiGroups("").withResources("pods").withVerbs("get", "list").endRule()
        .build());
    objects.add(new RoleBindingBuilder()
        .withNewMetadata().withName("alice-reads-pods").withNamespace(NAMESPACE).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("pod-reader").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("alice").endSubject()
        .build());
    return AuthorizerChain.kubeApiServer(new RbacAuthorizer(RbacPolicy.of(objects)));
  }
}
