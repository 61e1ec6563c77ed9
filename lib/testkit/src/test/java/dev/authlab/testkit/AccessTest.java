package dev.authlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The AssertJ-free core the CLI shares. */
class AccessTest {

  @Test
  void subjectsMapToTheImpersonatedUser() {
    assertThat(Subject.user("jane").inGroups("dev").userInfo().groups()).containsExactly("dev", "system:authenticated");
    assertThat(Subject.serviceAccount("team-a", "ci").userInfo().name()).isEqualTo("system:serviceaccount:team-a:ci");
    assertThat(Subject.serviceAccount("team-a", "ci").userInfo().groups())
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");
    assertThat(Subject.group("dev").userInfo().groups()).containsExactly("dev", "system:authenticated");
    assertThat(Subject.user("system:anonymous").userInfo().groups()).containsExactly("system:unauthenticated");
  }

  @Test
  void requestsResolveTypesLikeKubectl() {
    Request deploy = Request.of("patch", "deploy").named("web").in("team-a");
    assertThat(deploy.apiGroup()).isEqualTo("apps");
    assertThat(deploy.resource()).isEqualTo("deployments");
    assertThat(Request.of("get", "po/log").subresource()).isEqualTo("log");
    assertThat(Request.of("get", "/healthz").isNonResource()).isTrue();
    assertThat(Request.parse("get pods web").name()).isEqualTo("web");
    assertThat(deploy.describe()).isEqualTo("\"patch\" resource \"deployments.apps\" named \"web\" in namespace \"team-a\"");
  }

  @Test
  void ruleSpecsResolveTypesAndSplitByGroup() {
    var rules = RuleSpec.parse("get,list pods,deploy");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getApiGroups()).containsExactly("");
    assertThat(rules.get(0).getResources()).containsExactly("pods");
    assertThat(rules.get(1).getApiGroups()).containsExactly("apps");
    assertThat(rules.get(1).getVerbs()).containsExactly("get", "list");
    assertThat(RuleSpec.parse("get /healthz").get(0).getNonResourceURLs()).containsExactly("/healthz");
  }

  @Test
  void canPassesWithTheGrantAndFailsWithNearMisses() {
    Verdict yes = Access.can(Policies.EXAMPLE, Subject.user("jane").inGroups("dev"), Request.of("get", "pods").in("team-a"));
    assertThat(yes.passed()).isTrue();
    assertThat(yes.explanation()).anyMatch(line -> line.contains("RoleBinding team-a/developers"));

    Verdict no = Access.can(Policies.EXAMPLE, Subject.user("jane").inGroups("dev"), Request.of("delete", "pods").in("team-a"));
    assertThat(no).isInstanceOf(Verdict.Fail.class);
    assertThat(no.render()).contains("near misses").contains("missed verb");
  }

  @Test
  void cannotFailsWithTheGrantingBinding() {
    Verdict verdict = Access.cannot(Policies.EXAMPLE, Subject.group("dev"), Request.of("get", "pods").in("team-a"));
    assertThat(verdict).isInstanceOf(Verdict.Fail.class);
    assertThat(verdict.render()).contains("allowed by RoleBinding team-a/developers").contains("Role team-a/developer, rule 0");
  }

  @Test
  void canOnlyIgnoresTheEveryoneRolesUnlessAsked() {
    var developer = RuleSpec.parseAll(List.of("get,list,watch pods,pods/log,services,configmaps", "get,list,watch deployments", "patch deployments web"));
    assertThat(Access.canOnly(Policies.EXAMPLE, Subject.user("jane").inGroups("dev"), "team-a", developer).passed()).isTrue();
    Verdict withDefaults = Access.canOnly(Policies.EXAMPLE, Subject.user("jane").inGroups("dev"), "team-a", developer, true);
    assertThat(withDefaults.passed()).isFalse();
    assertThat(withDefaults.render()).contains("ClusterRoleBinding system:discovery");
  }

  @Test
  void cannotImpersonatePassesForDevelopers() {
    assertThat(Access.cannotImpersonate(Policies.EXAMPLE, Subject.user("jane").inGroups("dev")).passed()).isTrue();
    assertThat(Access.cannotEscalate(Policies.EXAMPLE, Subject.user("jane").inGroups("dev")).passed()).isTrue();
  }
}
