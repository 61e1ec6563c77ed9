package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscalationCommandTest {

  @Test
  void bindVerbAllowsBindingWhatYouDoNotHoldButNothingElse() {
    Run run = Run.of("escalation", "-f", Run.example("escalation/grants.yaml"), "--as", "olivia", "--policy", Run.example("policy"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("ok         RoleBinding team-a/new-joiner (create): holds the bind verb on roles \"developer\"")
        .contains("forbidden  RoleBinding team-a/new-joiner-edit (create)")
        .contains("user \"olivia\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:")
        .contains("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"create\" \"delete\" \"deletecollection\" \"patch\" \"update\" \"get\" \"list\" \"watch\"]}");
  }

  @Test
  void systemMastersSkipsTheCheck() {
    Run run =
        Run.of("escalation", "-f", Run.example("escalation/grants.yaml"), "--as", "root", "--as-group", "system:masters", "--policy", Run.example("policy"));
    assertThat(run.exitCode()).isEqualTo(0);
  }
}
