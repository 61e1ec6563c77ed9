package dev.authlab.authz.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.Impersonation;
import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default roles a fresh API server creates answer as they do on a real cluster. */
class BootstrapPolicyTest {

  private final RbacPolicy policy = BootstrapPolicy.policy();
  private final AuthorizerChain apiServer = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));

  private Decision ask(UserInfo user, String verb, String group, String resource, String namespace) {
    return apiServer.authorize(new Attributes.Resource(user, verb, namespace, group, "*", resource, "", ""));
  }

  @Test
  void shipsTheDefaultRolesAndBindingsOfThePinnedVersion() {
    assertThat(BootstrapPolicy.kubernetesVersion()).startsWith("1.34");
    assertThat(policy.clusterRole("cluster-admin")).isPresent();
    assertThat(policy.clusterRole("system:basic-user")).isPresent();
    assertThat(policy.clusterRole("system:discovery")).isPresent();
    assertThat(policy.clusterRole("system:public-info-viewer")).isPresent();
    assertThat(policy.clusterRole("system:aggregate-to-view")).isPresent();
    assertThat(policy.clusterRole("system:controller:clusterrole-aggregation-controller")).isPresent();
    assertThat(policy.role("kube-system", "system:controller:bootstrap-signer")).isPresent();
    assertThat(policy.clusterRoleBindings()).anySatisfy(b -> assertThat(b.getMetadata().getName()).isEqualTo("cluster-admin"));
  }

  @Test
  void aggregatedRolesAreFilledAsTheControllerWould() {
    List<PolicyRule> view = policy.clusterRole("view").orElseThrow().getRules();
    List<PolicyRule> edit = policy.clusterRole("edit").orElseThrow().getRules();
    List<PolicyRule> admin = policy.clusterRole("admin").orElseThrow().getRules();
    assertThat(view).isNotEmpty();
    assertThat(RuleCoverage.covers(edit, view).covered()).as("edit aggregates view").isTrue();
    assertThat(RuleCoverage.covers(admin, edit).covered()).as("admin aggregates edit").isTrue();
    assertThat(RuleCoverage.covers(view, edit).covered()).isFalse();
  }

  @Test
  void viewReadsButNeverReadsSecrets() {
    RbacPolicy withBinding =
        RbacPolicy.builder()
            .addAll(policy)
            .add(TestObjects.roleBinding("team-a", "viewers", "ClusterRole", "view", TestObjects.group("viewers")))
            .build();
    RbacAuthorizer rbac = new RbacAuthorizer(withBinding);
    UserInfo viewer = UserInfo.of("v", "viewers");
    assertThat(rbac.authorize(new Attributes.Resource(viewer, "list", "team-a", "apps", "*", "deployments", "", "")).isAllowed()).isTrue();
    assertThat(rbac.authorize(new Attributes.Resource(viewer, "get", "team-a", "", "*", "secrets", "", "x")).isAllowed()).isFalse();
    assertThat(rbac.authorize(new Attributes.Resource(viewer, "get", "team-b", "", "*", "pods", "", "x")).isAllowed()).isFalse();
  }

  @Test
  void systemMastersGetsEverythingBothThroughTheBypassAndThroughClusterAdmin() {
    UserInfo root = UserInfo.of("root", "system:masters");
    assertThat(ask(root, "delete", "", "nodes", "")).isInstanceOf(Decision.Allow.class);
    Decision viaRbac = new RbacAuthorizer(policy).authorize(new Attributes.Resource(root, "delete", "", "", "*", "nodes", "", ""));
    assertThat(viaRbac.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\"");
  }

  @Test
  void everyAuthenticatedUserMayDiscoverAndReviewThemselves() {
    UserInfo jane = Impersonation.userFor("jane", List.of(), Map.of());
    assertThat(apiServer.authorize(new Attributes.NonResource(jane, "get", "/apis/apps/v1")).isAllowed()).isTrue();
    assertThat(apiServer.authorize(new Attributes.NonResource(jane, "get", "/healthz")).isAllowed()).isTrue();
    assertThat(ask(jane, "create", "authorization.k8s.io", "selfsubjectaccessreviews", "")).isInstanceOf(Decision.Allow.class);
    assertThat(ask(jane, "create", "authentication.k8s.io", "selfsubjectreviews", "")).isInstanceOf(Decision.Allow.class);
    assertThat(ask(jane, "list", "", "pods", "default")).isInstanceOf(Decision.NoOpinion.class);
  }

  @Test
  void anonymousMayReadOnlyPublicInfo() {
    UserInfo anonymous = Impersonation.userFor(UserInfo.ANONYMOUS, List.of(), Map.of());
    assertThat(anonymous.groups()).containsExactly("system:unauthenticated");
    assertThat(apiServer.authorize(new Attributes.NonResource(anonymous, "get", "/version")).isAllowed()).isTrue();
    assertThat(apiServer.authorize(new Attributes.NonResource(anonymous, "get", "/livez")).isAllowed()).isTrue();
    assertThat(apiServer.authorize(new Attributes.NonResource(anonymous, "get", "/apis")).isAllowed()).isFalse();
  }

  @Test
  void controllerIdentitiesHoldTheirBootstrapPermissions() {
    UserInfo aggregator =
        Impersonation.userFor("system:serviceaccount:kube-system:clusterrole-aggregation-controller", List.of(), Map.of());
    assertThat(ask(aggregator, "update", "rbac.authorization.k8s.io", "clusterroles", "")).isInstanceOf(Decision.Allow.class);
    UserInfo scheduler = Impersonation.userFor("system:kube-scheduler", List.of(), Map.of());
    assertThat(apiServer.authorize(new Attributes.Resource(scheduler, "create", "team-a", "", "*", "pods", "binding", "p")).isAllowed())
        .isTrue();
  }
}
