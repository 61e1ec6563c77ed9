package dev.authlab.labs.lab10_rbac_in_depth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.RuleMatcher;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.labs.support.Ask;
import dev.authlab.labs.support.Calls;
import dev.authlab.labs.support.RbacOnCluster;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 10 on a real API server: your manifests are applied as the admin; kube-controller-manager's
 * aggregation controller must fill view from your labelled role; SubjectAccessReviews must agree with
 * every task; and Lena, impersonated, must be able to bind edit but be refused admin by the API
 * server's own escalation check.
 *
 * <p>Your widget role widens the built-in view role of the shared API server, but only for the
 * lab's own API group shop.example.com, which no other lab asks about.
 */
@WithControlPlane
class Lab10ClusterTest {

  static final String SHOP = Lab10LibraryTest.SHOP;
  static final String MONITORING = Lab10LibraryTest.MONITORING;
  static final Duration CATCH_UP = Duration.ofSeconds(15);

  static final List<Ask> ALLOWED = List.of(
      new Ask(Lab10LibraryTest.SHOP_APP, Request.of("list", "configmaps").named("shop-config").in(SHOP)),
      new Ask(Lab10LibraryTest.SHOP_APP, Request.of("update", "configmaps").named("shop-config").in(SHOP)),
      new Ask(Lab10LibraryTest.SUPPORT, Request.of("get", "pods/log").named("web-0").in(SHOP)),
      new Ask(Lab10LibraryTest.PROMETHEUS, Request.nonResource("get", "/metrics")),
      new Ask(Lab10LibraryTest.LENA, Request.of("create", "rolebindings").in(SHOP)),
      new Ask(Lab10LibraryTest.LENA, Request.of("bind", "clusterroles").named("edit").in(SHOP)));

  /** Someone none of the tasks names: a user, and another service account of the shop's namespace. */
  static final Subject STRANGER = Subject.user("lab10-someone-else");
  static final Subject OTHER_ACCOUNT = Subject.serviceAccount(SHOP, "default");

  static final List<Ask> REFUSED = List.of(
      new Ask(Lab10LibraryTest.SHOP_APP, Request.of("list", "configmaps").in(SHOP)),
      new Ask(Lab10LibraryTest.SHOP_APP, Request.of("get", "configmaps").named("payment-config").in(SHOP)),
      new Ask(Lab10LibraryTest.SHOP_APP, Request.of("get", "configmaps").named("shop-config").in("default")),
      new Ask(Lab10LibraryTest.SUPPORT, Request.of("create", "pods/exec").named("web-0").in(SHOP)),
      new Ask(Lab10LibraryTest.SUPPORT, Request.of("create", "pods/exec").named("web-0").in("default")),
      new Ask(Lab10LibraryTest.VIEWERS, Request.of("get", "secrets").in(SHOP)),
      new Ask(Lab10LibraryTest.VIEWERS, Request.of("get", "pods").in("default")),
      new Ask(Lab10LibraryTest.PROMETHEUS, Request.nonResource("get", "/logs/kube-apiserver.log")),
      new Ask(Lab10LibraryTest.PROMETHEUS, Request.of("list", "secrets")),
      new Ask(Lab10LibraryTest.LENA, Request.of("create", "rolebindings").in("default")),
      new Ask(Lab10LibraryTest.LENA, Request.of("create", "rolebindings").in(MONITORING)),
      new Ask(Lab10LibraryTest.LENA, Request.of("bind", "clusterroles").named("cluster-admin").in(SHOP)),
      new Ask(STRANGER, Request.of("get", "configmaps").named("shop-config").in(SHOP)),
      new Ask(STRANGER, Request.of("get", "pods/log").named("web-0").in(SHOP)),
      new Ask(STRANGER, Request.of("bind", "clusterroles").named("edit").in(SHOP)),
      new Ask(STRANGER, Request.nonResource("get", "/metrics")),
      new Ask(OTHER_ACCOUNT, Request.of("update", "configmaps").named("shop-config").in(SHOP)));

  @Test
  @DisplayName("the cluster's aggregation controller adds your widget rules to view, and viewers may list widgets")
  void theClusterAggregatesWidgetsIntoView(ControlPlane cp) {
    Request list = new Request("list", Lab10LibraryTest.WIDGETS_GROUP, "widgets", "", "", SHOP, "");
    apply(cp, List.of(new Ask(Lab10LibraryTest.VIEWERS, list)));
    KubernetesClient admin = cp.adminClient();
    Attributes listWidgets = Lab10LibraryTest.widgets(Lab10LibraryTest.VIEWERS.userInfo(), "list");
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    List<PolicyRule> rules = List.of();
    while (rules.stream().noneMatch(rule -> RuleMatcher.allows(listWidgets, rule)) && System.nanoTime() < deadline) {
      pause();
      ClusterRole view = admin.rbac().clusterRoles().withName("view").get();
      rules = view == null || view.getRules() == null ? List.of() : view.getRules();
    }
    assertThat(rules.stream().anyMatch(rule -> RuleMatcher.allows(listWidgets, rule)))
        .withFailMessage("after %d s the cluster's view role still has no rule for listing widgets: the aggregation controller "
            + "has not picked up your ClusterRole (it selects by metadata.labels)", CATCH_UP.toSeconds())
        .isTrue();
    assertThat(RbacOnCluster.awaitAllowed(cp, List.of(new Ask(Lab10LibraryTest.VIEWERS, list)), CATCH_UP))
        .withFailMessage("the API server refuses viewers to list widgets in %s", SHOP).isEmpty();
  }

  @Test
  @DisplayName("SubjectAccessReviews agree with every task: what is needed is allowed, the rest refused, and your bindings name no one else")
  void theApiServerAgreesWithEachTask(ControlPlane cp) {
    apply(cp, ALLOWED);
    List<Ask> refused = RbacOnCluster.awaitAllowed(cp, ALLOWED, CATCH_UP);
    assertThat(refused).withFailMessage("after %d s the API server still refuses:%n  %s", CATCH_UP.toSeconds(),
        String.join("\n  ", refused.stream().map(Ask::toString).toList())).isEmpty();
    List<String> allowed = new ArrayList<>();
    for (Ask ask : REFUSED) {
      if (Boolean.TRUE.equals(cp.review(ask.review()).getAllowed())) {
        allowed.add(ask.toString());
      }
    }
    assertThat(allowed).withFailMessage("the API server allows what no task needs:%n  %s", String.join("\n  ", allowed)).isEmpty();
    // a review can only ask about subjects it knows of; the bindings themselves name everyone else
    List<String> strangers = new ArrayList<>();
    KubernetesClient admin = cp.adminClient();
    for (HasMetadata object : ShopPolicy.manifests().objects()) {
      HasMetadata stored = null;
      if (object instanceof RoleBinding) {
        stored = admin.rbac().roleBindings().inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName()).get();
      } else if (object instanceof ClusterRoleBinding) {
        stored = admin.rbac().clusterRoleBindings().withName(object.getMetadata().getName()).get();
      }
      for (var subject : stored == null ? List.<io.fabric8.kubernetes.api.model.rbac.Subject>of() : Lab10LibraryTest.subjectsOf(stored)) {
        if (!Lab10LibraryTest.isExpected(subject)) {
          strangers.add(Lab10LibraryTest.key(stored) + " gives " + subject.getKind() + " "
              + (subject.getNamespace() == null ? "" : subject.getNamespace() + "/") + subject.getName() + " its role");
        }
      }
    }
    assertThat(strangers).withFailMessage("the API server now holds bindings of yours that grant access to someone no task names:%n  %s",
        String.join("\n  ", strangers)).isEmpty();
  }

  @Test
  @DisplayName("Lena, on the API server, creates a RoleBinding to edit in lab10-shop and is refused one to admin")
  void lenaBindsEditButNotAdminOnTheCluster(ControlPlane cp) {
    List<Ask> lenaBindsEdit = List.of(new Ask(Lab10LibraryTest.LENA, Request.of("create", "rolebindings").in(SHOP)),
        new Ask(Lab10LibraryTest.LENA, Request.of("bind", "clusterroles").named("edit").in(SHOP)));
    apply(cp, lenaBindsEdit);
    RbacOnCluster.awaitAllowed(cp, lenaBindsEdit, CATCH_UP);
    KubernetesClient admin = cp.adminClient();
    // kubectl --as lab10-lena: the admin may impersonate, and the API server then acts as Lena
    Config asLena = new ConfigBuilder(admin.getConfiguration()).withImpersonateUsername("lab10-lena").build();
    RoleBinding toEdit = Lab10LibraryTest.bindingTo("edit");
    RoleBinding toAdmin = Lab10LibraryTest.bindingTo("admin");
    try (KubernetesClient lena = new KubernetesClientBuilder().withConfig(asLena).build()) {
      try {
        lena.rbac().roleBindings().inNamespace(SHOP).resource(toEdit).create();
      } catch (KubernetesClientException e) {
        throw new AssertionError("the API server refused Lena's RoleBinding to edit in " + SHOP + " (HTTP " + e.getCode() + "): "
            + Calls.message(e), e);
      }
      int status;
      String why = "";
      try {
        lena.rbac().roleBindings().inNamespace(SHOP).resource(toAdmin).create();
        status = 201;
      } catch (KubernetesClientException e) {
        status = e.getCode();
        why = Calls.message(e);
      }
      assertThat(status).withFailMessage("the API server let Lena create a RoleBinding to admin in %s (HTTP %d); expected 403 %s",
          SHOP, status, why).isEqualTo(403);
    } finally {
      admin.rbac().roleBindings().inNamespace(SHOP).withName(toEdit.getMetadata().getName()).delete();
      admin.rbac().roleBindings().inNamespace(SHOP).withName(toAdmin.getMetadata().getName()).delete();
    }
  }

  // ---- support

  /**
   * Reads your manifests, and fails at once if even the kit's model of RBAC says they leave one of
   * {@code needed} refused (waiting for the API server could not change that); then applies the
   * namespaces and your manifests as the admin (server-side apply: safe to repeat).
   */
  static void apply(ControlPlane cp, List<Ask> needed) {
    ManifestSet manifests = ShopPolicy.manifests();
    RbacOnCluster.apply(cp, manifests, Lab10LibraryTest.withBootstrap(manifests), needed, "Lab10LibraryTest", List.of(SHOP, MONITORING));
  }

  static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the API server", e);
    }
  }
}
