package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.shape;
import static dev.authlab.authz.rbac.Fixtures.shapes;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream component-helpers policy_comparator_test.go (Covers) and pkg/registry/rbac/validation
 * policy_compact_test.go (CompactRules).
 */
class RuleCoverageTest {

  private static void assertCovers(List<PolicyRule> owner, List<PolicyRule> servant) {
    RuleCoverage.Coverage coverage = RuleCoverage.covers(owner, servant);
    assertThat(coverage.covered()).isTrue();
    assertThat(coverage.uncovered()).isEmpty();
  }

  private static void assertUncovered(List<PolicyRule> owner, List<PolicyRule> servant, List<PolicyRule> expectedUncovered) {
    RuleCoverage.Coverage coverage = RuleCoverage.covers(owner, servant);
    assertThat(coverage.covered()).isFalse();
    assertThat(shapes(coverage.uncovered())).containsExactlyInAnyOrderElementsOf(shapes(expectedUncovered));
  }

  @Nested
  class UpstreamCovers {

    @Test
    void exactMatch() {
      assertCovers(List.of(verbs("get").groups("v1").resources("builds").rule()), List.of(verbs("get").groups("v1").resources("builds").rule()));
    }

    @Test
    void subresourceWildcardCoversThatSubresourceOfAnyResource() {
      assertCovers(List.of(verbs("get").groups("v1").resources("*/scale").rule()), List.of(verbs("get").groups("v1").resources("foo/scale").rule()));
    }

    @Test
    void severalOwnerRulesTogetherCoverOneServantRule() {
      assertCovers(
          List.of(
              verbs("delete").groups("v1").resources("deployments").rule(),
              verbs("delete").groups("v1").resources("builds").rule(),
              verbs("update").groups("v1").resources("builds", "deployments").rule()),
          List.of(verbs("delete", "update").groups("v1").resources("builds", "deployments").rule()));
    }

    @Test
    void ownerRulesPerGroupCoverAMultiGroupServantRule() {
      assertCovers(
          List.of(
              verbs("delete").groups("group1").resources("deployments").rule(),
              verbs("delete").groups("group1").resources("builds").rule(),
              verbs("update").groups("group1").resources("builds", "deployments").rule(),
              verbs("delete").groups("group2").resources("deployments").rule(),
              verbs("delete").groups("group2").resources("builds").rule(),
              verbs("update").groups("group2").resources("builds", "deployments").rule()),
          List.of(verbs("delete", "update").groups("group1", "group2").resources("builds", "deployments").rule()));
    }

    @Test
    void oneMultiGroupOwnerRuleCoversManyServantRules() {
      assertCovers(
          List.of(verbs("delete", "update").groups("group1", "group2").resources("builds", "deployments").rule()),
          List.of(
              verbs("delete").groups("group1").resources("deployments").rule(),
              verbs("delete").groups("group1").resources("builds").rule(),
              verbs("update").groups("group1").resources("builds", "deployments").rule(),
              verbs("delete").groups("group2").resources("deployments").rule(),
              verbs("delete").groups("group2").resources("builds").rule(),
              verbs("update").groups("group2").resources("builds", "deployments").rule()));
    }

    @Test
    void missingVerbResourceCombinationIsReportedAlone() {
      assertUncovered(
          List.of(
              verbs("delete", "update").groups("v1").resources("builds", "deployments").rule(),
              verbs("delete").groups("v1").resources("pods").rule()),
          List.of(verbs("delete", "update").groups("v1").resources("builds", "deployments", "pods").rule()),
          List.of(verbs("update").groups("v1").resources("pods").rule()));
    }

    @Test
    void starGroupCoversListedGroups() {
      assertCovers(List.of(verbs("get").groups("*").resources("roles").rule()), List.of(verbs("get").groups("group1", "group2").resources("roles").rule()));
    }

    @Test
    void listedGroupDoesNotCoverStarGroup() {
      assertUncovered(
          List.of(verbs("get").groups("dummy-group").resources("roles").rule()),
          List.of(verbs("get").groups("*").resources("roles").rule()),
          List.of(verbs("get").groups("*").resources("roles").rule()));
    }

    @Test
    void starGroupCoversStarGroup() {
      assertCovers(List.of(verbs("get").groups("*").resources("roles").rule()), List.of(verbs("get").groups("*").resources("roles").rule()));
    }

    @Test
    void starVerbCoversListedVerbs() {
      assertCovers(List.of(verbs("*").groups("v1").resources("roles").rule()), List.of(verbs("watch", "list").groups("v1").resources("roles").rule()));
    }

    @Test
    void listedVerbsDoNotCoverStarVerb() {
      assertUncovered(
          List.of(verbs("get", "list", "watch", "create", "update", "delete", "exec").groups("v1").resources("roles").rule()),
          List.of(verbs("*").groups("v1").resources("roles").rule()),
          List.of(verbs("*").groups("v1").resources("roles").rule()));
    }

    @Test
    void starVerbCoversStarVerb() {
      assertCovers(List.of(verbs("*").groups("v1").resources("roles").rule()), List.of(verbs("*").groups("v1").resources("roles").rule()));
    }

    @Test
    void starResourceCoversAnyResource() {
      assertCovers(
          List.of(verbs("get").groups("v1").resources("*").rule()), List.of(verbs("get").groups("v1").resources("resourcegroup:deployments").rule()));
    }

    @Test
    void listedResourcesDoNotCoverStarResource() {
      assertUncovered(
          List.of(verbs("get").groups("v1").resources("roles", "resourcegroup:deployments").rule()),
          List.of(verbs("get").groups("v1").resources("*").rule()),
          List.of(verbs("get").groups("v1").resources("*").rule()));
    }

    @Test
    void starResourceCoversStarResource() {
      assertCovers(List.of(verbs("get").groups("v1").resources("*").rule()), List.of(verbs("get").groups("v1").resources("*").rule()));
    }

    @Test
    void noResourceNamesCoverAnyNames() {
      assertCovers(
          List.of(verbs("get").groups("v1").resources("pods").names().rule()),
          List.of(verbs("get").groups("v1").resources("pods").names("foo", "bar").rule()));
    }

    @Test
    void listedNamesDoNotCoverAllNames() {
      assertUncovered(
          List.of(verbs("get").groups("v1").resources("pods").names("foo", "bar").rule()),
          List.of(verbs("get").groups("v1").resources("pods").names().rule()),
          List.of(verbs("get").groups("v1").resources("pods").rule()));
    }

    @Test
    void exactUrl() {
      assertCovers(List.of(verbs("*").urls("/apis").rule()), List.of(verbs("*").urls("/apis").rule()));
    }

    @Test
    void starUrlCoversEveryUrl() {
      assertCovers(List.of(verbs("*").urls("*").rule()), List.of(verbs("*").urls("/apis", "/apis/v1", "/").rule()));
    }

    @Test
    void prefixUrlDoesNotCoverThePrefixWithoutItsSlash() {
      assertUncovered(
          List.of(verbs("*").urls("/apis/*").rule()),
          List.of(verbs("get").urls("/apis", "/apis/v1").rule()),
          List.of(verbs("get").urls("/apis").rule()));
    }

    @Test
    void prefixUrlCoversPathsBelowIt() {
      assertCovers(List.of(verbs("*").urls("/apis/*").rule()), List.of(verbs("get").urls("/apis/v1/foo", "/apis/v1").rule()));
    }

    @Test
    void ruleWithResourcesAndUrlsCoversTheSame() {
      assertCovers(
          List.of(verbs("get").groups("v1").resources("builds").urls("/apis").rule()),
          List.of(verbs("get").groups("v1").resources("builds").urls("/apis").rule()));
    }

    @Test
    void urlPartIsCheckedSeparatelyFromTheResourcePart() {
      assertUncovered(
          List.of(verbs("get").groups("v1").resources("builds").rule()),
          List.of(verbs("get").groups("v1").resources("builds").urls("/apis").rule()),
          List.of(verbs("get").urls("/apis").rule()));
    }
  }

  /** Upstream TestNonResourceURLCovers: owner URL, requested URL, covered. */
  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      value = {
        "*        |         | true",
        "*        | /       | true",
        "*        | /api    | true",
        "/*       |         | false",
        "/*       | /       | true",
        "/*       | /foo    | true",
        "/api     | /api    | true",
        "/apis    | /api    | false",
        "/api/v1  | /api    | false",
        "/api/v1  | /api/v1 | true",
        "/api/*   | /api/v1 | true",
        "/api/*   | /api    | false",
        "/api/*/* | /api/v1 | false",
        "/*/v1/*  | /api/v1 | false",
      })
  void nonResourceUrlCovers(String owner, String requested, boolean expected) {
    PolicyRule ownerRule = verbs("get").urls(owner == null ? "" : owner).rule();
    PolicyRule wanted = verbs("get").urls(requested == null ? "" : requested).rule();
    assertThat(RuleCoverage.covers(List.of(ownerRule), List.of(wanted)).covered()).isEqualTo(expected);
  }

  @Nested
  class Breakdown {

    @Test
    void breaksDownToOneGroupResourceVerbAndName() {
      PolicyRule rule = verbs("get", "list").groups("", "apps").resources("pods").names("a", "b").rule();
      assertThat(RuleCoverage.breakdown(rule)).hasSize(8).allSatisfy(piece -> {
        assertThat(Rules.verbs(piece)).hasSize(1);
        assertThat(Rules.apiGroups(piece)).hasSize(1);
        assertThat(Rules.resources(piece)).hasSize(1);
        assertThat(Rules.resourceNames(piece)).hasSize(1);
      });
    }

    @Test
    void resourcesWithoutGroupsBreakDownToNothingSoAreTriviallyCovered() {
      PolicyRule noGroups = verbs("get").resources("secrets").rule();
      assertThat(RuleCoverage.breakdown(noGroups)).isEmpty();
      assertCovers(List.of(), List.of(noGroups));
    }

    @Test
    void ruleWithoutVerbsBreaksDownToNothing() {
      assertThat(RuleCoverage.breakdown(verbs().groups("").resources("secrets").urls("/x").rule())).isEmpty();
    }

    @Test
    void urlsBreakDownWithVerbsOnly() {
      assertThat(shapes(RuleCoverage.breakdown(verbs("get", "post").groups("x").urls("/a").rule())))
          .containsExactly(shape(verbs("get").urls("/a").rule()), shape(verbs("post").urls("/a").rule()));
    }

    @Test
    void ownerNamesMustNotNarrowAnUnnamedPiece() {
      assertThat(RuleCoverage.covers(List.of(verbs("get").groups("").resources("pods").names("a").rule()), List.of(verbs("get").groups("").resources("pods").rule())).covered())
          .isFalse();
    }

    @Test
    void ownerWithoutUrlsCoversNoUrl() {
      assertThat(RuleCoverage.covers(List.of(verbs("*").groups("*").resources("*").rule()), List.of(verbs("get").urls("/healthz").rule())).covered()).isFalse();
    }

    @Test
    void ownerWithStarVerbButNoGroupsCoversNoResource() {
      assertThat(RuleCoverage.covers(List.of(verbs("*").resources("*").rule()), List.of(verbs("get").groups("").resources("pods").rule())).covered()).isFalse();
    }

    @Test
    void subresourceWildcardDoesNotCoverThePlainResource() {
      assertThat(RuleCoverage.covers(List.of(verbs("get").groups("").resources("*/scale").rule()), List.of(verbs("get").groups("").resources("scale").rule())).covered())
          .isFalse();
    }

    @Test
    void subresourceWildcardCoversMultiSegmentSubresourceByItsWholeTail() {
      PolicyRule owner = verbs("get").groups("").resources("*/a/b").rule();
      assertThat(RuleCoverage.covers(List.of(owner), List.of(verbs("get").groups("").resources("x/a/b").rule())).covered()).isTrue();
      assertThat(RuleCoverage.covers(List.of(verbs("get").groups("").resources("*/a").rule()), List.of(verbs("get").groups("").resources("x/a/b").rule())).covered())
          .isFalse();
    }
  }

  /** Upstream TestCompactRules. */
  @Nested
  class UpstreamCompactRules {

    private void assertCompacts(List<PolicyRule> rules, List<PolicyRule> expected) {
      List<List<List<String>>> before = shapes(rules);
      List<PolicyRule> compacted = RuleCoverage.compact(rules);
      assertThat(shapes(rules)).as("input untouched").isEqualTo(before);
      assertThat(RuleCoverage.covers(compacted, rules).covered()).as("compacted covers original").isTrue();
      assertThat(RuleCoverage.covers(rules, compacted).covered()).as("original covers compacted").isTrue();
      assertThat(shapes(compacted)).containsExactlyInAnyOrderElementsOf(shapes(expected));
    }

    @Test
    void empty() {
      assertCompacts(List.of(), List.of());
    }

    @Test
    void simpleRulesMergeVerbsPerGroupResourceAndName() {
      List<PolicyRule> rules = new ArrayList<>();
      rules.add(verbs("get").groups("").resources("builds").rule());
      rules.add(verbs("list").groups("").resources("builds").rule());
      rules.add(verbs("update", "patch").groups("").resources("builds").rule());
      rules.add(verbs("create").groups("extensions").resources("daemonsets").rule());
      rules.add(verbs("delete").groups("extensions").resources("daemonsets").rule());
      rules.add(verbs("patch").groups("extensions").resources("daemonsets").names("").rule());
      rules.add(verbs("get").groups("extensions").resources("daemonsets").names("foo").rule());
      rules.add(verbs("list").groups("extensions").resources("daemonsets").names("foo").rule());
      rules.add(verbs("educate").groups("").resources("dolphins").rule());
      // no verbs at all: kept as it is
      rules.add(verbs().groups("").resources("pirates").rule());
      // merging into a rule without verbs
      rules.add(verbs().groups("").resources("pods").rule());
      rules.add(verbs("create").groups("").resources("pods").rule());

      assertCompacts(
          rules,
          List.of(
              verbs("create", "delete").groups("extensions").resources("daemonsets").rule(),
              verbs("patch").groups("extensions").resources("daemonsets").names("").rule(),
              verbs("get", "list").groups("extensions").resources("daemonsets").names("foo").rule(),
              verbs("get", "list", "update", "patch").groups("").resources("builds").rule(),
              verbs("educate").groups("").resources("dolphins").rule(),
              verbs().groups("").resources("pirates").rule(),
              verbs("create").groups("").resources("pods").rule()));
    }

    @Test
    void rulesWithSeveralGroupsAreNotMerged() {
      List<PolicyRule> rules =
          List.of(
              verbs("get").groups("", "builds.openshift.io").resources("builds").rule(),
              verbs("list").groups("", "builds.openshift.io").resources("builds").rule());
      assertCompacts(rules, rules);
    }

    @Test
    void rulesWithSeveralResourcesAreNotMerged() {
      List<PolicyRule> rules =
          List.of(verbs("get").groups("").resources("builds", "images").rule(), verbs("list").groups("").resources("builds", "images").rule());
      assertCompacts(rules, rules);
    }

    @Test
    void rulesForDifferentNamesAreNotMerged() {
      List<PolicyRule> rules =
          List.of(
              verbs("get").groups("").resources("builds").names("mybuild").rule(),
              verbs("list").groups("").resources("builds").names("mybuild2").rule());
      assertCompacts(rules, rules);
    }

    @Test
    void rulesWithUrlsAreNotMerged() {
      List<PolicyRule> rules =
          List.of(
              verbs("get").groups("").resources("builds").urls("/").rule(),
              verbs("get").groups("").resources("builds").urls("/foo").rule());
      assertCompacts(rules, rules);
    }

    @Test
    void mergedVerbsKeepTheOrderTheyWereMetIn() {
      List<PolicyRule> compacted =
          RuleCoverage.compact(
              List.of(
                  verbs("list").groups("").resources("builds").rule(),
                  verbs("get").groups("").resources("builds").rule(),
                  verbs("update", "patch").groups("").resources("builds").rule()));
      assertThat(compacted).singleElement().satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("list", "get", "update", "patch"));
    }

    /** Upstream appends verbs without removing repeats, and escalation messages show them so. */
    @Test
    void repeatedVerbsAreKeptWhenMerging() {
      List<PolicyRule> compacted =
          RuleCoverage.compact(List.of(verbs("get").groups("").resources("pods").rule(), verbs("get").groups("").resources("pods").rule()));
      assertThat(compacted).singleElement().satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("get", "get"));
    }
  }

  /** Upstream TestIsSimpleResourceRule, seen through compaction: simple rules merge with a same-shaped rule, others do not. */
  @Nested
  class UpstreamSimpleResourceRules {

    private boolean mergesWithATwin(PolicyRule rule) {
      PolicyRule twin = new PolicyRuleBuilder(rule).withVerbs("twin-verb").build();
      return RuleCoverage.compact(List.of(rule, twin)).size() == 1;
    }

    @Test
    void simpleWithoutVerbs() {
      assertThat(mergesWithATwin(verbs().groups("").resources("builds").rule())).isTrue();
    }

    @Test
    void simpleWithOneVerb() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds").rule())).isTrue();
    }

    @Test
    void simpleWithOneEmptyResourceName() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds").names("").rule())).isTrue();
      assertThat(RuleCoverage.compact(List.of(verbs("get").groups("").resources("builds").names("").rule(), verbs("list").groups("").resources("builds").rule())))
          .as("an empty name is still a name")
          .hasSize(2);
    }

    @Test
    void simpleWithOneResourceName() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds").names("foo").rule())).isTrue();
    }

    @Test
    void simpleWithSeveralVerbs() {
      assertThat(mergesWithATwin(verbs("get", "list").groups("").resources("builds").rule())).isTrue();
    }

    @Test
    void complexWhenEmpty() {
      assertThat(mergesWithATwin(verbs().rule())).isFalse();
    }

    @Test
    void complexWithoutGroup() {
      assertThat(mergesWithATwin(verbs("get").resources("builds").rule())).isFalse();
    }

    @Test
    void complexWithSeveralGroups() {
      assertThat(mergesWithATwin(verbs("get").groups("a", "b").resources("builds").rule())).isFalse();
    }

    @Test
    void complexWithoutResource() {
      assertThat(mergesWithATwin(verbs("get").groups("").rule())).isFalse();
    }

    @Test
    void complexWithSeveralResources() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds", "images").rule())).isFalse();
    }

    @Test
    void complexWithSeveralResourceNames() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds").names("foo", "bar").rule())).isFalse();
    }

    @Test
    void complexWithUrls() {
      assertThat(mergesWithATwin(verbs("get").groups("").resources("builds").urls("/").rule())).isFalse();
    }
  }

  @Test
  void describeListsCompactedRulesSortedAndOnce() {
    List<PolicyRule> missing =
        List.of(
            verbs("list").groups("").resources("pods").rule(),
            verbs("get").groups("apps").resources("deployments").rule(),
            verbs("get").groups("").resources("pods").rule(),
            verbs("get").urls("/healthz").rule(),
            verbs("get").urls("/healthz").rule());
    assertThat(RuleCoverage.describe(missing))
        .containsExactly(
            "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"list\" \"get\"]}",
            "{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"get\"]}",
            "{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}");
  }
}
