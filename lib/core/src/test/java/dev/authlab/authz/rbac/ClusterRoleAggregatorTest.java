package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.aggregatingClusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleBinding;
import static dev.authlab.authz.rbac.Fixtures.labelledClusterRole;
import static dev.authlab.authz.rbac.Fixtures.request;
import static dev.authlab.authz.rbac.Fixtures.shapes;
import static dev.authlab.authz.rbac.Fixtures.user;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.Decision;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** kube-controller-manager's clusterrole-aggregation controller: upstream TestSyncClusterRole and the selectors it relies on. */
class ClusterRoleAggregatorTest {

  private static final Map<String, String> BAR = Map.of("foo", "bar");
  private static final Map<String, String> NOT_BAR = Map.of("foo", "not-bar");

  private static List<PolicyRule> hammerRules() {
    return List.of(verbs("hammer").resources("nails").rule(), verbs("hammer").resources("wedges").rule());
  }

  private static List<PolicyRule> chiselRules() {
    return List.of(verbs("chisel").resources("mortises").rule());
  }

  private static List<PolicyRule> sawRules() {
    return List.of(verbs("saw").resources("boards").rule());
  }

  @SafeVarargs
  private static List<PolicyRule> concat(List<PolicyRule>... lists) {
    List<PolicyRule> all = new ArrayList<>();
    for (List<PolicyRule> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private static ClusterRole find(List<ClusterRole> roles, String name) {
    return roles.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private static List<PolicyRule> aggregatedRulesOf(String name, ClusterRole... roles) {
    return Rules.orEmpty(find(ClusterRoleAggregator.aggregate(List.of(roles)), name).getRules());
  }

  @Nested
  class UpstreamSyncClusterRole {

    @Test
    void rulesNoLongerSelectedAreReplaced() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined", labelledClusterRole("hammer", BAR, hammerRules()), aggregatingClusterRole("combined", List.of(BAR), sawRules()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(hammerRules()));
    }

    @Test
    void rulesAreStrippedWhenNothingIsSelected() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined", labelledClusterRole("hammer", NOT_BAR, hammerRules()), aggregatingClusterRole("combined", List.of(BAR), hammerRules()));
      assertThat(rules).isEmpty();
    }

    @Test
    void selectedRolesContributeInNameOrder() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined",
              labelledClusterRole("hammer", BAR, hammerRules()),
              labelledClusterRole("chisel", BAR, chiselRules()),
              labelledClusterRole("saw", NOT_BAR, sawRules()),
              aggregatingClusterRole("combined", List.of(BAR), List.of()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(concat(chiselRules(), hammerRules())));
    }

    @Test
    void selectorsContributeInTheirOrder() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined",
              labelledClusterRole("hammer", BAR, hammerRules()),
              labelledClusterRole("chisel", BAR, chiselRules()),
              labelledClusterRole("saw", NOT_BAR, sawRules()),
              aggregatingClusterRole("combined", List.of(BAR, NOT_BAR), List.of()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(concat(chiselRules(), hammerRules(), sawRules())));
    }

    @Test
    void duplicateRulesAreKeptOnce() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined",
              labelledClusterRole("hammer", BAR, hammerRules()),
              labelledClusterRole("chisel", BAR, chiselRules()),
              labelledClusterRole("saw", BAR, sawRules()),
              labelledClusterRole("other-saw", NOT_BAR, sawRules()),
              aggregatingClusterRole("combined", List.of(BAR, NOT_BAR), List.of()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(concat(chiselRules(), hammerRules(), sawRules())));
    }

    @Test
    void upToDateRoleIsLeftAsItIs() {
      ClusterRole combined = aggregatingClusterRole("combined", List.of(BAR), hammerRules());
      List<ClusterRole> result = ClusterRoleAggregator.aggregate(List.of(labelledClusterRole("hammer", BAR, hammerRules()), combined));
      assertThat(find(result, "combined")).isSameAs(combined);
    }
  }

  @Nested
  class Selection {

    @Test
    void anAggregatingRoleNeverSelectsItself() {
      ClusterRole self =
          new ClusterRoleBuilder(aggregatingClusterRole("combined", List.of(BAR), sawRules())).editMetadata().withLabels(BAR).endMetadata().build();
      List<PolicyRule> rules = aggregatedRulesOf("combined", labelledClusterRole("hammer", BAR, hammerRules()), self);
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(hammerRules()));
    }

    @Test
    void aggregationRuleWithoutSelectorsEmptiesTheRole() {
      assertThat(aggregatedRulesOf("combined", labelledClusterRole("hammer", BAR, hammerRules()), aggregatingClusterRole("combined", List.of(), sawRules())))
          .isEmpty();
    }

    @Test
    void emptySelectorSelectsEveryOtherRole() {
      List<PolicyRule> rules =
          aggregatedRulesOf(
              "combined",
              labelledClusterRole("hammer", BAR, hammerRules()),
              clusterRole("unlabelled", chiselRules().get(0)),
              aggregatingClusterRole("combined", List.of(Map.of()), List.of()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(concat(hammerRules(), chiselRules())));
    }

    @Test
    void nullSelectorEntryIsTheZeroSelectorAndSelectsEveryOtherRole() {
      ClusterRole combined = aggregatingClusterRole("combined", List.of(Map.of()), List.of());
      combined.getAggregationRule().getClusterRoleSelectors().set(0, null);
      List<PolicyRule> rules =
          aggregatedRulesOf("combined", labelledClusterRole("hammer", BAR, hammerRules()), clusterRole("unlabelled", chiselRules().get(0)), combined);
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(concat(hammerRules(), chiselRules())));
    }

    @Test
    void roleWithoutAggregationRuleIsNeverRewritten() {
      ClusterRole plain = labelledClusterRole("plain", BAR, sawRules());
      assertThat(find(ClusterRoleAggregator.aggregate(List.of(plain, labelledClusterRole("hammer", BAR, hammerRules()))), "plain")).isSameAs(plain);
    }

    @Test
    void aggregatedRolesFeedRolesThatAggregateThem() {
      ClusterRole edit =
          new ClusterRoleBuilder(aggregatingClusterRole("edit", List.of(Map.of("to-edit", "true")), List.of()))
              .editMetadata()
              .withLabels(Map.of("to-admin", "true"))
              .endMetadata()
              .build();
      ClusterRole admin = aggregatingClusterRole("admin", List.of(Map.of("to-admin", "true")), List.of());
      List<PolicyRule> rules =
          aggregatedRulesOf("admin", admin, edit, labelledClusterRole("tools", Map.of("to-edit", "true"), hammerRules()));
      assertThat(shapes(rules)).containsExactlyElementsOf(shapes(hammerRules()));
    }

    @Test
    void matchExpressionsFollowLabelSelectorSemantics() {
      ClusterRole prod = labelledClusterRole("prod", Map.of("env", "prod"), hammerRules());
      ClusterRole dev = labelledClusterRole("dev", Map.of("env", "dev"), chiselRules());
      ClusterRole none = labelledClusterRole("none", Map.of(), sawRules());

      assertThat(shapes(aggregateWith(expression("env", "In", "prod"), prod, dev, none))).containsExactlyElementsOf(shapes(hammerRules()));
      assertThat(shapes(aggregateWith(expression("env", "NotIn", "prod"), prod, dev, none)))
          .as("NotIn also selects roles without the label")
          .containsExactlyElementsOf(shapes(concat(chiselRules(), sawRules())));
      assertThat(shapes(aggregateWith(expression("env", "Exists"), prod, dev, none))).containsExactlyElementsOf(shapes(concat(chiselRules(), hammerRules())));
      assertThat(shapes(aggregateWith(expression("env", "DoesNotExist"), prod, dev, none))).containsExactlyElementsOf(shapes(sawRules()));
    }

    @Test
    void matchLabelsAndMatchExpressionsMustBothHold() {
      LabelSelector both =
          new LabelSelectorBuilder()
              .withMatchLabels(Map.of("env", "prod"))
              .addNewMatchExpression()
              .withKey("team")
              .withOperator("Exists")
              .endMatchExpression()
              .build();
      ClusterRole prodOnly = labelledClusterRole("prod-only", Map.of("env", "prod"), hammerRules());
      ClusterRole prodTeam = labelledClusterRole("prod-team", Map.of("env", "prod", "team", "x"), chiselRules());
      assertThat(shapes(aggregateWith(both, prodOnly, prodTeam))).containsExactlyElementsOf(shapes(chiselRules()));
    }

    @Test
    void invalidSelectorLeavesTheRoleAsItIs() {
      ClusterRole prod = labelledClusterRole("prod", Map.of("env", "prod"), hammerRules());
      for (LabelSelector invalid :
          List.of(expression("env", "In"), expression("env", "Exists", "prod"), expression("env", "Matches", "prod"), expression("", "Exists"))) {
        ClusterRole target =
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("target")
                .endMetadata()
                .withAggregationRule(new AggregationRuleBuilder().withClusterRoleSelectors(invalid).build())
                .withRules(sawRules())
                .build();
        assertThat(find(ClusterRoleAggregator.aggregate(List.of(target, prod)), "target")).as("%s", invalid).isSameAs(target);
      }
    }

    private LabelSelector expression(String key, String operator, String... values) {
      return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values).endMatchExpression().build();
    }

    private List<PolicyRule> aggregateWith(LabelSelector selector, ClusterRole... others) {
      ClusterRole target =
          new ClusterRoleBuilder()
              .withNewMetadata()
              .withName("target")
              .endMetadata()
              .withAggregationRule(new AggregationRuleBuilder().withClusterRoleSelectors(selector).build())
              .build();
      List<ClusterRole> all = new ArrayList<>(List.of(others));
      all.add(target);
      return Rules.orEmpty(find(ClusterRoleAggregator.aggregate(all), "target").getRules());
    }
  }

  @Test
  void policyAuthorizesWithAggregatedRules() {
    RbacPolicy policy =
        RbacPolicy.of(
            List.of(
                labelledClusterRole("pod-reader", Map.of("rbac.example.com/aggregate-to-monitoring", "true"), List.of(verbs("get").groups("").resources("pods").rule())),
                aggregatingClusterRole("monitoring", List.of(Map.of("rbac.example.com/aggregate-to-monitoring", "true")), List.of()),
                clusterRoleBinding("mon", "monitoring", user("prometheus"))));
    Decision decision = new RbacAuthorizer(policy).authorize(request(who("prometheus"), "get", "", "pods", "", "ns", "p"));
    assertThat(decision.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"mon\" of ClusterRole \"monitoring\" to User \"prometheus\"");
  }
}
