package dev.authlab.labs.lab12_attacks_and_defences;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.labs.support.Calls;
import dev.authlab.labs.support.Waiting;
import dev.authlab.manifest.Manifests;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 12 on a real API server: your fixed policy is applied, and the API server is asked whether the
 * attacks still work (SubjectAccessReviews), and made to stop the team lead from granting more than
 * she holds (real requests as her, through impersonation by the admin).
 */
@WithControlPlane
class Lab12ClusterTest {

  static final Duration CATCH_UP = Duration.ofSeconds(30);
  static final String NS = ShopPolicies.NAMESPACE;

  static ControlPlane cp;
  static KubernetesClient admin;
  static final List<KubernetesClient> clients = new ArrayList<>();
  static final List<HasMetadata> created = new ArrayList<>();
  static boolean applied;

  /** One SubjectAccessReview: who asks for what, and what the API server must answer after the fix. */
  record Ask(String user, List<String> groups, String verb, String namespace, String group, String resource, boolean allowed) {
    String describe() {
      String where = namespace.isEmpty() ? "cluster-wide" : "in " + namespace;
      return user + " " + groups + ": " + verb + " " + (group.isEmpty() ? resource : resource + "." + group) + " " + where;
    }
  }

  @BeforeAll
  static void setUp(ControlPlane controlPlane) {
    cp = controlPlane;
    admin = cp.adminClient();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).createOr(NonDeletingOperation::update);
  }

  @AfterAll
  static void cleanUp() {
    for (HasMetadata object : created) {
      try {
        admin.resource(object).delete();
      } catch (KubernetesClientException e) {
        // already gone, or never made: nothing to clean
      }
    }
    clients.forEach(KubernetesClient::close);
  }

  @Test
  @DisplayName("after your fix the API server refuses every planted attack and still allows the legitimate work")
  void clusterRefusesTheAttacks() {
    applyFixedPolicy();
    List<String> devs = List.of("lab12-shop-devs", "system:authenticated");
    List<String> oncall = List.of("lab12-platform-oncall", "system:authenticated");
    List<String> releaseBot = List.of("system:serviceaccounts", "system:serviceaccounts:" + NS, "system:authenticated");
    String bot = "system:serviceaccount:" + NS + ":release-bot";
    List<String> user = List.of("system:authenticated");
    List<String> viewers = List.of("lab12-shop-viewers", "system:authenticated");
    String rbac = "rbac.authorization.k8s.io";
    List<Ask> asks = List.of(
        new Ask("dev.one", devs, "create", NS, "apps", "deployments", true),
        new Ask("kim.lead", user, "create", NS, rbac, "roles", true),
        new Ask("sam.helpdesk", user, "list", "", "", "pods", true),
        new Ask("oncall.one", oncall, "list", "", "apps", "deployments", true),
        new Ask(bot, releaseBot, "patch", NS, "apps", "deployments", true),
        new Ask("dev.one", devs, "escalate", NS, rbac, "roles", false),
        new Ask("dev.one", devs, "bind", NS, rbac, "clusterroles", false),
        new Ask("dev.one", devs, "impersonate", NS, "", "serviceaccounts", false),
        new Ask("dev.one", devs, "get", NS, "", "secrets", false),
        new Ask("dev.one", devs, "get", "default", "", "secrets", false),
        new Ask("dev.one", devs, "create", "default", "", "pods", false),
        new Ask("dev.one", devs, "list", "kube-system", "", "secrets", false),
        new Ask("viewer.one", viewers, "list", NS, "", "pods", true),
        new Ask("viewer.one", viewers, "get", "default", "", "secrets", false),
        new Ask("viewer.one", viewers, "list", "kube-system", "", "pods", false),
        new Ask(bot, releaseBot, "list", "", "", "secrets", false),
        new Ask(bot, releaseBot, "get", "kube-system", "", "secrets", false),
        new Ask("sam.helpdesk", user, "impersonate", "", "", "users", false),
        new Ask("sam.helpdesk", user, "impersonate", "", "", "groups", false),
        new Ask("kim.lead", user, "escalate", NS, rbac, "roles", false),
        new Ask("kim.lead", user, "bind", NS, rbac, "clusterroles", false),
        new Ask("oncall.one", oncall, "get", "", "", "secrets", false),
        new Ask("oncall.one", oncall, "delete", "kube-system", "", "pods", false),
        new Ask("oncall.one", oncall, "impersonate", "", "", "users", false));
    if (Access.can(ShopPolicies.fixed(), Subject.group("lab12-shop-devs"), Request.of("create", "deployments").in(NS)).passed()) {
      await(() -> allowed(asks.get(0)), "RBAC to catch up with your fixed policy");
    }
    List<String> wrong = new ArrayList<>();
    for (Ask ask : asks) {
      if (allowed(ask) != ask.allowed()) {
        wrong.add(ask.describe() + ": the API server says " + (ask.allowed() ? "no" : "yes") + ", should be " + (ask.allowed() ? "yes" : "no"));
      }
    }
    assertThat(wrong).as("SubjectAccessReviews against your fixed policy that came out wrong").isEmpty();
  }

  @Test
  @DisplayName("the API server lets the team lead write roles, but not grant what she does not hold")
  void teamLeadCannotGrantMoreThanSheHolds() {
    applyFixedPolicy();
    if (Access.can(ShopPolicies.fixed(), Subject.user("kim.lead"), Request.of("create", "roles").in(NS)).passed()) {
      await(() -> allowed(new Ask("kim.lead", List.of("system:authenticated"), "create", NS, "rbac.authorization.k8s.io", "roles", true)),
          "RBAC to let kim.lead create roles");
    }
    KubernetesClient kim = as("kim.lead");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Role rolesReader = new RoleBuilder().withNewMetadata().withName("lab12-kim-roles-reader-" + suffix).withNamespace(NS).endMetadata()
        .addNewRule().withApiGroups("rbac.authorization.k8s.io").withResources("roles").withVerbs("get", "list").endRule().build();
    Role secretsReader = new RoleBuilder().withNewMetadata().withName("lab12-kim-secrets-reader-" + suffix).withNamespace(NS).endMetadata()
        .addNewRule().withApiGroups("").withResources("secrets").withVerbs("get", "list").endRule().build();
    RoleBinding selfToView = new RoleBindingBuilder().withNewMetadata().withName("lab12-kim-view-" + suffix).withNamespace(NS).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view").endRoleRef()
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName("kim.lead").endSubject().build();
    created.addAll(List.of(rolesReader, secretsReader, selfToView));

    assertThat(status(() -> kim.resource(rolesReader).create()))
        .as("the HTTP status when kim.lead creates a Role granting what she holds (get, list roles)").isEqualTo(201);
    assertThat(status(() -> kim.resource(secretsReader).create()))
        .as("the HTTP status when kim.lead creates a Role granting Secrets, which she does not hold").isEqualTo(403);
    assertThat(status(() -> kim.resource(selfToView).create()))
        .as("the HTTP status when kim.lead binds herself to the built-in view ClusterRole").isEqualTo(403);
  }

  // ---- support

  static synchronized void applyFixedPolicy() {
    if (applied) {
      return;
    }
    List<HasMetadata> objects;
    try (InputStream in = ShopPolicies.class.getClassLoader().getResourceAsStream(ShopPolicies.FIXED_RESOURCE)) {
      objects = Manifests.read(ShopPolicies.FIXED_RESOURCE, in, NS).objects();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata object : objects) {
      admin.resource(object).createOr(NonDeletingOperation::update);
      created.add(object);
    }
    applied = true;
  }

  /** A client that is the admin impersonating {@code user} (kubectl --as). */
  static KubernetesClient as(String user) {
    Config config = new ConfigBuilder(admin.getConfiguration()).withImpersonateUsername(user).build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  static boolean allowed(Ask ask) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(ask.user()).withGroups(ask.groups())
        .withNewResourceAttributes().withNamespace(ask.namespace()).withVerb(ask.verb()).withGroup(ask.group()).withResource(ask.resource())
        .endResourceAttributes()
        .endSpec().build();
    return Boolean.TRUE.equals(cp.review(review).getAllowed());
  }

  static void await(BooleanSupplier condition, String what) {
    Waiting.until(condition, CATCH_UP, what);
  }

  /** The HTTP status of a create: 201 when the API server stores it. */
  static int status(Runnable request) {
    return Calls.statusOf(request, 201);
  }
}
