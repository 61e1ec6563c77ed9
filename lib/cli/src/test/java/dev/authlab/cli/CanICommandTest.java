package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanICommandTest {

  private static final String POLICY = Run.example("policy");

  @Test
  void answersYesWithExitZeroLikeKubectl() {
    Run run = Run.of("can-i", "get", "pods", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("yes\n");
  }

  @Test
  void answersNoWithExitOne() {
    Run run = Run.of("can-i", "get", "secrets", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("no\n");
  }

  @Test
  void roleBindingGrantsOnlyInItsOwnNamespace() {
    Run run = Run.of("can-i", "get", "pods", "-n", "team-b", "--as", "jane", "--as-group", "dev", "--policy", POLICY, "--explain");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("RoleBinding team-a/developers -> Role team-a/developer")
        .contains("missed namespace: RoleBinding in \"team-a\" grants only inside that namespace; the request is in \"team-b\"");
  }

  @Test
  void subresourceAfterSlashIsCheckedSeparatelyFromTheResource() {
    assertThat(Run.of("can-i", "get", "pods/log", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY).exitCode())
        .isEqualTo(0);
    Run exec = Run.of("can-i", "create", "pods/exec", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY, "--explain");
    assertThat(exec.exitCode()).isEqualTo(1);
    assertThat(Run.of("can-i", "get", "pods", "--subresource", "log", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY).exitCode())
        .isEqualTo(0);
  }

  @Test
  void resourceNamesLimitARuleToNamedObjects() {
    assertThat(Run.of("can-i", "patch", "deployments", "web", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY).exitCode())
        .isEqualTo(0);
    Run other = Run.of("can-i", "patch", "deploy", "api", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY, "--explain");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.out()).contains("missed resource name: name \"api\" not in resourceNames [\"web\"]");
  }

  @Test
  void shortNamesAndGroupQualifiedTypesResolveLikeKubectl() {
    for (String type : new String[] {"deploy", "deployments.apps", "deployment", "Deployments", "deployments.v1.apps"}) {
      assertThat(Run.of("can-i", "list", type, "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY).exitCode())
          .as(type)
          .isEqualTo(0);
    }
  }

  @Test
  void serviceAccountUserGetsItsGroupsAndBindingsToItsServiceAccountSubject() {
    Run run = Run.of("can-i", "create", "deployments", "-n", "team-a", "--as", "system:serviceaccount:team-a:ci", "--policy", POLICY, "--explain");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("allowed by RoleBinding team-a/ci-edit (subject ServiceAccount \"ci/team-a\")").contains("ClusterRole edit");
  }

  @Test
  void aggregatedRulesReachTheBuiltInViewRole() {
    assertThat(Run.of("can-i", "list", "nodes", "--as", "bob", "--as-group", "sre", "--policy", POLICY).exitCode()).isEqualTo(0);
    assertThat(Run.of("can-i", "list", "nodes", "--as", "bob", "--as-group", "sre", "--policy", POLICY, "--no-bootstrap").exitCode())
        .as("without the bootstrap roles there is no view role to bind")
        .isEqualTo(1);
  }

  @Test
  void systemMastersIsAllowedBeforeRbacIsAsked() {
    Run run = Run.of("can-i", "*", "*", "--as", "root", "--as-group", "system:masters", "--policy", POLICY, "--no-bootstrap", "--explain");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("PrivilegedGroups: allow");
  }

  @Test
  void missingRoleIsReportedInTheReasonAsTheApiServerDoes() {
    Run run = Run.of("can-i", "get", "pods", "--as", "ann", "--as-group", "auditors", "--policy", POLICY, "--no-bootstrap");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("no - RBAC: clusterrole.rbac.authorization.k8s.io \"auditor\" not found\n");
  }

  @Test
  void nonResourceUrlsAreCheckedByPath() {
    assertThat(Run.of("can-i", "get", "/version", "--as", "system:anonymous", "--policy", POLICY).exitCode()).isEqualTo(0);
    assertThat(Run.of("can-i", "get", "/metrics", "--as", "system:anonymous", "--policy", POLICY).exitCode()).isEqualTo(1);
    assertThat(Run.of("can-i", "get", "/api/v1", "--as", "jane", "--policy", POLICY).exitCode()).isEqualTo(0);
  }

  @Test
  void warnsLikeKubectlAboutUnknownTypesAndVerbs() {
    Run run = Run.of("can-i", "frobnicate", "widgets", "--as", "jane", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Warning: the server doesn't have a resource type 'widgets'")
        .contains("Warning: verb 'frobnicate' is not a known verb");
    Run scoped = Run.of("can-i", "list", "nodes", "-n", "team-a", "--as", "jane", "--policy", POLICY);
    assertThat(scoped.err()).contains("Warning: resource 'nodes' is not namespace scoped");
  }

  @Test
  void listPrintsTheRulesTableLikeKubectl() {
    Run run = Run.of("can-i", "--list", "-n", "team-a", "--as", "jane", "--as-group", "dev", "--policy", POLICY, "--no-bootstrap");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out().lines().toList())
        .first()
        .asString()
        .matches("Resources +Non-Resource URLs +Resource Names +Verbs");
    assertThat(run.out())
        .containsPattern("deployments\\.apps +\\[\\] +\\[web\\] +\\[patch\\]")
        .containsPattern("pods/log +\\[\\] +\\[\\] +\\[get list watch\\]");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() {
    Run missingAs = Run.of("can-i", "get", "pods", "--policy", POLICY);
    assertThat(missingAs.exitCode()).isEqualTo(2);
    assertThat(missingAs.err().lines()).hasSize(1).first().asString().startsWith("error: --as USER is required");

    Run noPolicy = Run.of("can-i", "get", "pods", "--as", "jane");
    assertThat(noPolicy.exitCode()).isEqualTo(2);
    assertThat(noPolicy.err()).contains("--policy");

    Run missingFile = Run.of("can-i", "get", "pods", "--as", "jane", "--policy", "/no/such/dir");
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.err()).startsWith("error: ").contains("/no/such/dir").doesNotContain("Exception");

    Run tooMany = Run.of("can-i", "get", "pods", "a", "b", "--as", "jane", "--policy", POLICY);
    assertThat(tooMany.exitCode()).isEqualTo(2);
  }
}
