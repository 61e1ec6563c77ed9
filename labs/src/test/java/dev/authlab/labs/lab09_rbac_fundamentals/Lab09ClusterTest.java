package dev.authlab.labs.lab09_rbac_fundamentals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.labs.support.Ask;
import dev.authlab.labs.support.Calls;
import dev.authlab.labs.support.RbacOnCluster;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
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

  @Test
  @DisplayName("the API server, with your manifests applied, allows each need")
  void theApiServerAllowsEachNeed(ControlPlane cp) {
    apply(cp);
    List<Ask> refused = RbacOnCluster.awaitAllowed(cp, ALLOWED, RBAC_CATCH_UP);
    assertThat(refused).withFailMessage("after %d s the API server still refuses:%n  %s", RBAC_CATCH_UP.toSeconds(),
        String.join("\n  ", refused.stream().map(Ask::toString).toList())).isEmpty();
  }

  @Test
  @DisplayName("the API server, with your manifests applied, refuses what the needs leave out")
  void theApiServerRefusesTheRest(ControlPlane cp) {
    apply(cp);
    List<Ask> notYet = RbacOnCluster.awaitAllowed(cp, ALLOWED, RBAC_CATCH_UP);
    assertThat(notYet).withFailMessage("refusals only mean something once the needs are granted; the API server still refuses:%n  %s",
        String.join("\n  ", notYet.stream().map(Ask::toString).toList())).isEmpty();
    List<String> allowed = new ArrayList<>();
    for (Ask ask : REFUSED) {
      if (Boolean.TRUE.equals(cp.review(ask.review()).getAllowed())) {
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
    RbacOnCluster.awaitAllowed(cp, List.of(new Ask(Lab09LibraryTest.CI, Request.of("patch", "deployments").named("web").in(TEAM_A))), RBAC_CATCH_UP);
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
      assertThat(Calls.statusOf(() -> ci.apps().deployments().inNamespace(TEAM_B).withName("web").get()))
          .as("HTTP status when the ci account reads the deployment web in " + TEAM_B + " (403: forbidden)").isEqualTo(403);
      assertThat(Calls.statusOf(() -> ci.secrets().inNamespace(TEAM_A).list()))
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
    RbacOnCluster.apply(cp, manifests, Lab09LibraryTest.withBootstrap(manifests), ALLOWED, "Lab09LibraryTest", List.of(TEAM_A, TEAM_B));
  }

  static Deployment deployment(String ns) {
    Map<String, String> labels = Map.of("app", "web");
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }
}
