package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhoCanCommandTest {

  private static final String POLICY = Run.example("policy");

  @Test
  void listsSystemMastersFirstThenEverySubjectWithItsBinding() {
    Run run = Run.of("who-can", "get", "pods", "-n", "team-a", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out().lines().toList().get(0)).matches("KIND +SUBJECT +GRANTED BY");
    assertThat(run.out().lines().toList().get(1)).startsWith("Group").contains("system:masters").contains("built in");
    assertThat(run.out())
        .containsPattern("Group +dev +RoleBinding team-a/developers -> Role team-a/developer")
        .containsPattern("ServiceAccount +team-a/ci +RoleBinding team-a/ci-edit -> ClusterRole edit")
        .containsPattern("Group +sre +ClusterRoleBinding sre-view -> ClusterRole view");
  }

  @Test
  void roleBindingsOfOtherNamespacesDoNotCount() {
    Run run = Run.of("who-can", "get", "pods", "-n", "team-b", "--policy", POLICY);
    assertThat(run.out()).doesNotContain("developers").doesNotContain("ci-edit").contains("sre-view");
  }

  @Test
  void missingRolesAreWarnedAbout() {
    Run run = Run.of("who-can", "get", "pods", "--policy", POLICY, "--no-bootstrap");
    assertThat(run.err()).contains("warning: clusterrole.rbac.authorization.k8s.io \"auditor\" not found");
  }
}
