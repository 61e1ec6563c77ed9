package dev.authlab.testkit;

import static dev.authlab.testkit.AuthlabAssertions.assertThat;
import static dev.authlab.testkit.AuthlabAssertions.group;
import static dev.authlab.testkit.AuthlabAssertions.serviceAccount;
import static dev.authlab.testkit.AuthlabAssertions.user;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authz.rbac.RbacPolicy;
import org.junit.jupiter.api.Test;

class PolicyAssertTest {

  private static final RbacPolicy POLICY = Policies.EXAMPLE;

  private static final String[] DEVELOPER = {
    "get,list,watch pods,pods/log,services,configmaps", "get,list,watch deployments", "patch deployments web"
  };

  @Test
  void theIssueExampleReads() {
    assertThat(POLICY).as(user("jane").inGroups("dev")).can("get", "pods").in("team-a");
    assertThat(POLICY)
        .as(user("jane").inGroups("dev"))
        .can("get", "pods/log").in("team-a")
        .can("patch", "deploy").named("web").in("team-a")
        .cannot("patch", "deploy").named("api").in("team-a")
        .cannot("get", "secrets").in("team-a")
        .cannot("get", "pods").in("team-b")
        .cannot("get", "pods").inAllNamespaces()
        .can("get", "/version").clusterWide()
        .cannotEscalate()
        .cannotImpersonate();
    assertThat(POLICY).as(group("sre")).can("list", "nodes").clusterWide().cannot("delete", "nodes").clusterWide();
  }

  @Test
  void assertjsOwnAsStillDescribes() {
    assertThatThrownBy(() -> assertThat(POLICY).as("team-a policy").as(user("jane")).can("get", "pods").in("team-a"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("[team-a policy] ")
        .hasMessageContaining("expected user \"jane\"");
    assertThatThrownBy(() -> assertThat((RbacPolicy) null).as(user("jane"))).isInstanceOf(AssertionError.class);
  }

  @Test
  void aFailedCanListsTheNearMisses() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("jane").inGroups("dev")).can("get", "secrets").in("team-a"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected user \"jane\" (groups [\"dev\" \"system:authenticated\"]) to be allowed to \"get\" resource \"secrets\" in namespace \"team-a\", but it is not")
        .hasMessageContaining("near misses (closest first")
        .hasMessageContaining("\n  - RoleBinding team-a/developers -> Role team-a/developer, rule 0:")
        .hasMessageContaining("missed resource: resource \"secrets\" not in [\"pods\" \"pods/log\" \"services\" \"configmaps\"]");
  }

  @Test
  void aFailedCannotNamesTheGrantingBindingAndRule() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("jane").inGroups("dev")).cannot("list", "pods").in("team-a"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not to be allowed to \"list\" resource \"pods\" in namespace \"team-a\", but it is")
        .hasMessageContaining("\n  allowed by RoleBinding team-a/developers (subject Group \"dev\")")
        .hasMessageContaining("-> Role team-a/developer, rule 0: {APIGroups:[\"\"], Resources:[\"pods\" \"pods/log\" \"services\" \"configmaps\"]");
  }

  @Test
  void aRoleBindingOnlyGrantsInItsNamespace() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("jane").inGroups("dev")).can("get", "pods").in("team-b"))
        .hasMessageContaining("missed namespace: RoleBinding in \"team-a\" grants only inside that namespace; the request is in \"team-b\"");
  }

  @Test
  void canOnlyPassesForTheDeveloperRole() {
    assertThat(POLICY).as(user("jane").inGroups("dev")).canOnly(DEVELOPER).in("team-a");
    // nothing at all cluster-wide, once the roles every user holds are left out
    assertThat(POLICY).as(user("jane").inGroups("dev")).canOnly().clusterWide();
  }

  @Test
  void canOnlyFailsNamingTheExtraRuleAndItsBinding() {
    RbacPolicy generous =
        Policies.withExample(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: pod-killer\n  namespace: team-a\n"
                + "rules:\n- apiGroups: [\"\"]\n  resources: [\"pods\"]\n  verbs: [\"delete\"]\n---\n"
                + Policies.roleBinding("team-a", "dev-pod-killer", "Role", "pod-killer", "Group", "dev"));
    assertThatThrownBy(() -> assertThat(generous).as(user("jane").inGroups("dev")).canOnly(DEVELOPER).in("team-a"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to hold exactly the allowed rules in namespace \"team-a\", but it holds more than that")
        .hasMessageContaining("\n  holds rules beyond the allowed set (remove them or allow them):")
        .hasMessageContaining("\n  - RoleBinding team-a/dev-pod-killer -> Role team-a/pod-killer, rule 0: {APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}")
        .hasMessageContaining("\n      not allowed: {APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}")
        .hasMessageNotContaining("lacks");
  }

  @Test
  void canOnlyFailsNamingWhatIsMissing() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("jane").inGroups("dev")).canOnly(DEVELOPER[0], DEVELOPER[1], DEVELOPER[2], "create pods").in("team-a"))
        .hasMessageContaining("but it holds less than that")
        .hasMessageContaining("\n  lacks allowed rules (no binding grants them):\n  - {APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"create\"]}");
  }

  @Test
  void canOnlyCanCountTheRolesEveryoneHolds() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("jane").inGroups("dev")).canOnly(DEVELOPER).includingEveryoneRoles().in("team-a"))
        .hasMessageContaining("ClusterRoleBinding system:basic-user -> ClusterRole system:basic-user")
        .hasMessageContaining("ClusterRoleBinding system:public-info-viewer -> ClusterRole system:public-info-viewer");
  }

  @Test
  void editCannotEscalateThroughRbacButCanImpersonateServiceAccounts() {
    // edit holds no RBAC writes, but it may impersonate the namespace's service accounts
    assertThatThrownBy(() -> assertThat(POLICY).as(serviceAccount("team-a", "ci")).cannotEscalate())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not to be able to escalate its privileges, but it can:")
        .hasMessageContaining("\n  - \"impersonate\" resource \"serviceaccounts\" in namespace \"team-a\"")
        .hasMessageContaining("allowed by RoleBinding team-a/ci-edit (subject ServiceAccount \"ci/team-a\")")
        .hasMessageContaining("-> ClusterRole edit, rule 1: {APIGroups:[\"\"], Resources:[\"serviceaccounts\"], Verbs:[\"impersonate\"]}")
        .hasMessageNotContaining("rolebindings");
    assertThatThrownBy(() -> assertThat(POLICY).as(serviceAccount("team-a", "ci")).cannotImpersonateIn("team-a"))
        .hasMessageContaining("not to be able to impersonate in namespace \"team-a\", but it can:");
  }

  @Test
  void adminMayCreateRoleBindingsButTheEscalationCheckStopsGrantingMore() {
    RbacPolicy policy = Policies.withExample(Policies.roleBinding("team-a", "anna-admin", "ClusterRole", "admin", "User", "anna"));
    assertThat(policy).as(user("anna")).can("create", "rolebindings").in("team-a").can("create", "roles").in("team-a");
    // the only finding is admin's impersonation of service accounts: no role or binding write gets past the check
    assertThatThrownBy(() -> assertThat(policy).as(user("anna")).cannotEscalateIn("team-a"))
        .hasMessageContaining("\"impersonate\" resource \"serviceaccounts\" in namespace \"team-a\"")
        .hasMessageNotContaining("create RoleBinding")
        .hasMessageNotContaining("create Role ");
  }

  @Test
  void theBindVerbIsEscalation() {
    RbacPolicy policy =
        Policies.withExample(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: binder\n"
                + "rules:\n- apiGroups: [\"rbac.authorization.k8s.io\"]\n  resources: [\"clusterroles\"]\n  verbs: [\"bind\"]\n"
                + "- apiGroups: [\"rbac.authorization.k8s.io\"]\n  resources: [\"rolebindings\"]\n  verbs: [\"create\"]\n---\n"
                + Policies.roleBinding("team-a", "bob-binder", "ClusterRole", "binder", "User", "bob"));
    assertThatThrownBy(() -> assertThat(policy).as(user("bob")).cannotEscalateIn("team-a"))
        .hasMessageContaining("\n  - \"bind\" resource \"clusterroles.rbac.authorization.k8s.io\" in namespace \"team-a\"")
        .hasMessageContaining("\n  - create RoleBinding granting \"*\" on \"*\" in namespace \"team-a\" (escalation check: holds the bind verb on clusterroles")
        .hasMessageContaining("allowed by RoleBinding team-a/bob-binder");
  }

  @Test
  void aBindGrantLimitedByResourceNamesIsDelegationNotEscalation() {
    // olivia may bind the developer role only; binding anything broader is refused by the escalation check
    assertThat(POLICY).as(user("olivia")).cannotEscalate().cannotImpersonate();
  }

  @Test
  void systemMastersCanDoEverything() {
    assertThatThrownBy(() -> assertThat(POLICY).as(user("root").inGroups("system:masters")).cannotEscalateIn("team-a"))
        .hasMessageContaining("escalation check: member of system:masters");
  }
}
