package dev.authlab.labs.lab09_rbac_fundamentals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 09 on a real API server: your manifests are applied as the admin, then the API server is asked
 * with SubjectAccessReviews (what `kubectl auth can-i --as` asks) and, for the CI account, with a
 * real request made with the account's own token.
 */
@WithControlPlane
class Lab09ClusterTest {

  static final String TEAM_A = Lab09LibraryTest.TEAM_A;
  static final String TEAM_B = Lab09LibraryTest.TEAM_B;
  static final Duration RBAC_CATCH_UP = Duration.ofSeconds(15);

  /** Requests each need must allow. */
  static final List<Ask> ALLOWED = List.of(
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("get", "pods/log").in(TEAM_A)),
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("delete", "deployments").named("web").in(TEAM_A)),
      new Ask(Lab09LibraryTest.CI, Request.of("patch", "deployments").named("web").in(TEAM_A)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("list", "pods")),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("list", "nodes")),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("get", "rolebindings").in(TEAM_B)),
      new Ask(Lab09LibraryTest.ONCALL, Request.of("list", "deployments").in(TEAM_B)));

  /** Requests the needs must not allow. */
  static final List<Ask> REFUSED = List.of(
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("get", "secrets").in(TEAM_A)),
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("create", "pods/exec").in(TEAM_A)),
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("get", "pods").in(TEAM_B)),
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("get", "secrets").in("default")),
      new Ask(Lab09LibraryTest.DEVELOPERS, Request.of("delete", "deployments").named("web").in("default")),
      new Ask(Lab09LibraryTest.CI, Request.of("create", "deployments").in(TEAM_A)),
      new Ask(Lab09LibraryTest.CI, Request.of("patch", "deployments").named("web").in(TEAM_B)),
      new Ask(Lab09LibraryTest.CI, Request.of("patch", "deployments").named("web").in("default")),
      new Ask(Subject.serviceAccount(TEAM_A, "default"), Request.of("patch", "deployments").named("web").in(TEAM_A)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("get", "secrets").in(TEAM_A)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("delete", "pods").in(TEAM_B)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("delete", "pods").in(TEAM_A)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("create", "pods/exec").in(TEAM_A)),
      new Ask(Lab09LibraryTest.AUDITORS, Request.of("list", "secrets")),
      new Ask(Lab09LibraryTest.ONCALL, Request.of("get", "pods").in(TEAM_A)),
      new Ask(Lab09LibraryTest.ONCALL, Request.of("get", "secrets").in(TEAM_B)),
      new Ask(Lab09LibraryTest.ONCALL, Request.of("get", "pods").in("default")));

  record Ask(Subject subject, Request request) {
    @Override
    public String toString() {
      return subject + ": " + request;
    }
  }

  @Test
  @DisplayName("the API server, with your manifests applied, allows each need")
  void theApiServerAllowsEachNeed(ControlPlane cp) {
    apply(cp);
    List<Ask> refused = awaitAllowed(cp, ALLOWED);
    assertThat(refused).withFailMessage("after %d s the API server still refuses:%n  %s", RBAC_CATCH_UP.toSeconds(),
        String.join("\n  ", refused.stream().map(Ask::toString).toList())).isEmpty();
  }

  @Test
  @DisplayName("the API server, with your manifests applied, refuses what the needs leave out")
  void theApiServerRefusesTheRest(ControlPlane cp) {
    apply(cp);
    List<Ask> notYet = awaitAllowed(cp, ALLOWED);
    assertThat(notYet).withFailMessage("refusals only mean something once the needs are granted; the API server still refuses:%n  %s",
        String.join("\n  ", notYet.stream().map(Ask::toString).toList())).isEmpty();
    List<String> allowed = new ArrayList<>();
    for (Ask ask : REFUSED) {
      if (Boolean.TRUE.equals(cp.review(review(ask)).getAllowed())) {
        allowed.add(ask.toString());
      }
    }
    assertThat(allowed).withFailMessage("the API server allows what no need asks for:%n  %s", String.join("\n  ", allowed)).isEmpty();
  }

  @Test
  @DisplayName("the ci service account, with a token of its own, patches a deployment in lab09-team-a and nothing in lab09-team-b")
  void ciPatchesWithItsOwnToken(ControlPlane cp) {
    apply(cp);
    KubernetesClient admin = cp.adminClient();
    admin.serviceAccounts().inNamespace(TEAM_A).resource(new ServiceAccountBuilder().withNewMetadata().withName("ci").endMetadata().build())
        .createOr(NonDeletingOperation::update);
    for (String ns : List.of(TEAM_A, TEAM_B)) {
      admin.apps().deployments().inNamespace(ns).resource(deployment(ns)).createOr(NonDeletingOperation::update);
    }
    // what `kubectl create token ci -n lab09-team-a` asks for
    String token = admin.serviceAccounts().inNamespace(TEAM_A).withName("ci")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();
    awaitAllowed(cp, List.of(new Ask(Lab09LibraryTest.CI, Request.of("patch", "deployments").named("web").in(TEAM_A))));
    try (KubernetesClient ci = cp.clientAs(new Credential.Token(token))) {
      Deployment patched;
      try {
        // `kubectl set image` reads the deployment, then patches it
        patched = ci.apps().deployments().inNamespace(TEAM_A).withName("web")
            .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("registry.example/web:2").endContainer().endSpec().endTemplate().endSpec().build());
      } catch (KubernetesClientException e) {
        throw new AssertionError("the API server refused the ci account's rollout in " + TEAM_A + " (HTTP " + e.getCode() + "): "
            + e.getStatus().getMessage(), e);
      }
      assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:2");
      assertThat(statusOf(() -> ci.apps().deployments().inNamespace(TEAM_B).withName("web").get()))
          .as("HTTP status when the ci account reads the deployment web in " + TEAM_B + " (403: forbidden)").isEqualTo(403);
      assertThat(statusOf(() -> ci.secrets().inNamespace(TEAM_A).list()))
          .as("HTTP status when the ci account lists the secrets of " + TEAM_A + " (403: forbidden)").isEqualTo(403);
    }
  }

  // ---- support

  /**
   * Reads your manifests, and fails at once if even the kit's model of RBAC says they leave a needed
   * request refused (waiting for the API server could not change that); then applies the namespaces
   * and your manifests as the admin (server-side apply: safe to repeat).
   */
  static void apply(ControlPlane cp) {
    ManifestSet manifests = TeamPolicy.manifests();
    RbacPolicy onPaper = Lab09LibraryTest.withBootstrap(manifests);
    List<String> refusedOnPaper = new ArrayList<>();
    for (Ask ask : ALLOWED) {
      if (!Access.can(onPaper, ask.subject(), ask.request()).passed()) {
        refusedOnPaper.add(ask.toString());
      }
    }
    assertThat(refusedOnPaper).withFailMessage("your manifests do not grant these yet, so the API server was not asked "
        + "(the library checks, Lab09LibraryTest, say what is missing):%n  %s", String.join("\n  ", refusedOnPaper)).isEmpty();
    KubernetesClient admin = cp.adminClient();
    for (String ns : List.of(TEAM_A, TEAM_B)) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
    for (HasMetadata object : manifests.objects()) {
      try {
        admin.resource(object).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        throw new AssertionError("the API server refused " + object.getKind() + " " + object.getMetadata().getName() + ": "
            + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()), e);
      }
    }
  }

  /** Polls until each ask is allowed (the authorizer's cache follows writes within moments); returns those still refused. */
  static List<Ask> awaitAllowed(ControlPlane cp, List<Ask> asks) {
    long deadline = System.nanoTime() + RBAC_CATCH_UP.toNanos();
    List<Ask> refused = new ArrayList<>(asks);
    while (true) {
      refused.removeIf(ask -> Boolean.TRUE.equals(cp.review(review(ask)).getAllowed()));
      if (refused.isEmpty() || System.nanoTime() > deadline) {
        return refused;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refused;
      }
    }
  }

  /** The SubjectAccessReview `kubectl auth can-i --as USER --as-group GROUP` would send. */
  static SubjectAccessReview review(Ask ask) {
    UserInfo user = ask.subject().userInfo();
    Request r = ask.request();
    SubjectAccessReviewSpecBuilder spec = new SubjectAccessReviewSpecBuilder().withUser(user.name()).withGroups(user.groups());
    if (r.isNonResource()) {
      spec.withNewNonResourceAttributes().withVerb(r.verb()).withPath(r.url()).endNonResourceAttributes();
    } else {
      spec.withNewResourceAttributes().withVerb(r.verb()).withGroup(r.apiGroup()).withResource(r.resource())
          .withSubresource(r.subresource()).withName(r.name()).withNamespace(r.namespace()).endResourceAttributes();
    }
    return new SubjectAccessReviewBuilder().withSpec(spec.build()).build();
  }

  static Deployment deployment(String ns) {
    Map<String, String> labels = Map.of("app", "web");
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }

  static int statusOf(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }
}
