package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.clusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleBinding;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleRef;
import static dev.authlab.authz.rbac.Fixtures.policy;
import static dev.authlab.authz.rbac.Fixtures.role;
import static dev.authlab.authz.rbac.Fixtures.roleBinding;
import static dev.authlab.authz.rbac.Fixtures.roleRef;
import static dev.authlab.authz.rbac.Fixtures.shapes;
import static dev.authlab.authz.rbac.Fixtures.subject;
import static dev.authlab.authz.rbac.Fixtures.user;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules a user has in a namespace: upstream DefaultRuleResolver.RulesFor / VisitRulesFor. */
class RuleResolverTest {

  /** Upstream rule_test.go TestDefaultRuleResolver: its policy, with nameless bindings as upstream writes them. */
  @Nested
  class UpstreamDefaultRuleResolver {

    private final PolicyRule readPods = verbs("GET", "WATCH").groups("v1").resources("pods").rule();
    private final PolicyRule readServices = verbs("GET", "WATCH").groups("v1").resources("services").rule();
    private final PolicyRule writeNodes = verbs("PUT", "CREATE", "UPDATE").groups("v1").resources("nodes").rule();
    private final PolicyRule admin = verbs("*").groups("*").resources("*").rule();

    private final RbacPolicy policy =
        policy(
            role("namespace1", "readthings", readPods, readServices),
            clusterRole("cluster-admin", admin),
            clusterRole("write-nodes", writeNodes),
            new RoleBindingBuilder()
                .withNewMetadata()
                .withNamespace("namespace1")
                .endMetadata()
                .withSubjects(subject("User", "foobar"), subject("Group", "group1"))
                .withRoleRef(roleRef("readthings"))
                .build(),
            new ClusterRoleBindingBuilder()
                .withSubjects(subject("User", "admin"), subject("Group", "admin"))
                .withRoleRef(clusterRoleRef("cluster-admin"))
                .build());

    private List<PolicyRule> rulesFor(UserInfo user, String namespace) {
      RuleResolver.ResolvedRules resolved = new RuleResolver(policy).rulesFor(user, namespace);
      assertThat(resolved.errors()).isEmpty();
      return resolved.rules();
    }

    @Test
    void userBoundInANamespaceGetsTheRoleRulesThere() {
      assertThat(shapes(rulesFor(who("foobar"), "namespace1"))).containsExactlyInAnyOrderElementsOf(shapes(List.of(readPods, readServices)));
    }

    @Test
    void sameUserInAnotherNamespaceGetsNothing() {
      assertThat(rulesFor(who("foobar"), "namespace2")).isEmpty();
    }

    @Test
    void withoutANamespaceOnlyClusterRulesApply() {
      assertThat(shapes(rulesFor(who("foobar", "admin"), ""))).containsExactlyElementsOf(shapes(List.of(admin)));
    }

    @Test
    void userWithNothingGetsNothing() {
      assertThat(rulesFor(new UserInfo("", "", List.of(), java.util.Map.of()), "")).isEmpty();
    }
  }

  @Test
  void clusterRulesComeBeforeNamespaceRulesAndEachRoleKeepsItsOrder() {
    PolicyRule a = verbs("a").groups("").resources("x").rule();
    PolicyRule b = verbs("b").groups("").resources("x").rule();
    PolicyRule c = verbs("c").groups("").resources("x").rule();
    RbacPolicy policy =
        policy(
            role("ns", "local", c),
            clusterRole("global", a, b),
            roleBinding("ns", "rb", roleRef("local"), user("u")),
            clusterRoleBinding("crb", "global", user("u")));
    assertThat(shapes(new RuleResolver(policy).rulesFor(who("u"), "ns").rules())).containsExactlyElementsOf(shapes(List.of(a, b, c)));
  }

  @Test
  void rulesOfEveryApplyingBindingAreListedEvenWhenRepeated() {
    PolicyRule a = verbs("get").groups("").resources("pods").rule();
    RbacPolicy policy =
        policy(
            clusterRole("r", a),
            clusterRoleBinding("one", "r", user("u")),
            clusterRoleBinding("two", "r", Fixtures.group("g")));
    assertThat(new RuleResolver(policy).rulesFor(who("u", "g"), "").rules()).hasSize(2);
  }

  @Test
  void resolutionErrorsComeWithTheRulesThatWereFound() {
    PolicyRule a = verbs("get").groups("").resources("pods").rule();
    RbacPolicy policy =
        policy(
            clusterRole("r", a),
            clusterRoleBinding("ok", "r", user("u")),
            clusterRoleBinding("broken", "gone", user("u")),
            roleBinding("ns", "broken-too", roleRef("also-gone"), user("u")));
    RuleResolver.ResolvedRules resolved = new RuleResolver(policy).rulesFor(who("u"), "ns");
    assertThat(shapes(resolved.rules())).containsExactlyElementsOf(shapes(List.of(a)));
    assertThat(resolved.errors())
        .containsExactly(
            "clusterrole.rbac.authorization.k8s.io \"gone\" not found", "role.rbac.authorization.k8s.io \"also-gone\" not found");
    assertThat(resolved.errorText())
        .isEqualTo("[clusterrole.rbac.authorization.k8s.io \"gone\" not found, role.rbac.authorization.k8s.io \"also-gone\" not found]");
  }

  @Test
  void visitingStopsWhenTheVisitorSaysSo() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("a").groups("").resources("x").rule(), verbs("b").groups("").resources("x").rule()),
            clusterRoleBinding("one", "r", user("u")),
            clusterRoleBinding("two", "r", user("u")));
    List<RuleResolver.Visit> seen = new ArrayList<>();
    new RuleResolver(policy)
        .visitRulesFor(
            who("u"),
            "",
            visit -> {
              seen.add(visit);
              return seen.size() < 3;
            });
    assertThat(seen).hasSize(3);
  }

  @Test
  void visitsNameTheBindingAndRuleIndex() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("a").groups("").resources("x").rule(), verbs("b").groups("").resources("x").rule()),
            roleBinding("ns", "rb", clusterRoleRef("r"), user("u")));
    List<String> seen = new ArrayList<>();
    new RuleResolver(policy)
        .visitRulesFor(
            who("u"),
            "ns",
            visit -> {
              RuleResolver.Visit.RuleFrom from = (RuleResolver.Visit.RuleFrom) visit;
              seen.add(from.binding().describe() + " #" + from.ruleIndex());
              return true;
            });
    assertThat(seen)
        .containsExactly(
            "RoleBinding \"rb/ns\" of ClusterRole \"r\" to User \"u\" #0", "RoleBinding \"rb/ns\" of ClusterRole \"r\" to User \"u\" #1");
  }
}
