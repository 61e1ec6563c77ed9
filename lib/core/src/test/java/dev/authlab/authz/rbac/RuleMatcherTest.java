package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.request;
import static dev.authlab.authz.rbac.Fixtures.urlRequest;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.Attributes;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule against one request, as upstream's RuleAllows and the evaluation helpers behind it
 * (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches).
 */
class RuleMatcherTest {

  /** Rows of "verb group resource subresource expected" checked against one rule. */
  private static void assertResourceTable(PolicyRule rule, String... rows) {
    SoftAssertions softly = new SoftAssertions();
    for (String row : rows) {
      String[] f = row.split(" ");
      Attributes request = request(f[0], f[1], f[2], f[3].equals("-") ? "" : f[3]);
      softly.assertThat(RuleMatcher.allows(request, rule)).as("%s against %s", row, Rules.compactString(rule)).isEqualTo(Boolean.parseBoolean(f[4]));
      softly.assertThat(RuleMatcher.misses(request, rule).isEmpty()).as("misses agree with allows for %s", row).isEqualTo(Boolean.parseBoolean(f[4]));
    }
    softly.assertAll();
  }

  /** Rows of "verb path expected" checked against one rule. */
  private static void assertUrlTable(PolicyRule rule, String... rows) {
    SoftAssertions softly = new SoftAssertions();
    for (String row : rows) {
      String[] f = row.split(" ");
      Attributes request = urlRequest(f[0], f[1]);
      softly.assertThat(RuleMatcher.allows(request, rule)).as("%s against %s", row, Rules.compactString(rule)).isEqualTo(Boolean.parseBoolean(f[2]));
      softly.assertThat(RuleMatcher.misses(request, rule).isEmpty()).as("misses agree with allows for %s", row).isEqualTo(Boolean.parseBoolean(f[2]));
    }
    softly.assertAll();
  }

  /** Upstream rbac_test.go TestRuleMatches, case by case. */
  @Nested
  class UpstreamRuleMatches {

    @Test
    void starVerbMatchesAnyVerbButGroupAndResourceMustBeExact() {
      assertResourceTable(
          verbs("*").groups("group1").resources("resource1").rule(),
          "verb1 group1 resource1 - true",
          "verb1 group2 resource1 - false",
          "verb1 group1 resource2 - false",
          "verb1 group2 resource2 - false",
          "verb2 group1 resource1 - true",
          "verb2 group2 resource1 - false",
          "verb2 group1 resource2 - false",
          "verb2 group2 resource2 - false");
    }

    @Test
    void starGroupMatchesAnyGroupButVerbAndResourceMustBeExact() {
      assertResourceTable(
          verbs("verb1").groups("*").resources("resource1").rule(),
          "verb1 group1 resource1 - true",
          "verb1 group2 resource1 - true",
          "verb1 group1 resource2 - false",
          "verb1 group2 resource2 - false",
          "verb2 group1 resource1 - false",
          "verb2 group2 resource1 - false",
          "verb2 group1 resource2 - false",
          "verb2 group2 resource2 - false");
    }

    @Test
    void starResourceMatchesAnyResourceButVerbAndGroupMustBeExact() {
      assertResourceTable(
          verbs("verb1").groups("group1").resources("*").rule(),
          "verb1 group1 resource1 - true",
          "verb1 group2 resource1 - false",
          "verb1 group1 resource2 - true",
          "verb1 group2 resource2 - false",
          "verb2 group1 resource1 - false",
          "verb2 group2 resource1 - false",
          "verb2 group1 resource2 - false",
          "verb2 group2 resource2 - false");
    }

    @Test
    void listsInARuleExpandToEveryCombination() {
      assertResourceTable(
          verbs("verb1", "verb2").groups("group1", "group2").resources("resource1", "resource2").rule(),
          "verb1 group1 resource1 - true",
          "verb1 group2 resource1 - true",
          "verb1 group1 resource2 - true",
          "verb1 group2 resource2 - true",
          "verb2 group1 resource1 - true",
          "verb2 group2 resource1 - true",
          "verb2 group1 resource2 - true",
          "verb2 group2 resource2 - true");
    }

    @Test
    void resourceSlashSubresourceMatchesOnlyThatSubresource() {
      assertResourceTable(
          verbs("*").groups("*").resources("resource1/subresource1").rule(),
          "verb1 group1 resource1 subresource1 true",
          "verb1 group2 resource1 subresource2 false",
          "verb1 group1 resource2 subresource1 false",
          "verb1 group2 resource2 subresource1 false",
          "verb2 group1 resource1 subresource1 true",
          "verb2 group2 resource1 subresource2 false",
          "verb2 group1 resource2 subresource1 false",
          "verb2 group2 resource2 subresource1 false");
    }

    @Test
    void starUrlMatchesEveryPathForTheVerb() {
      assertUrlTable(
          verbs("verb1").urls("*").rule(),
          "verb1 /foo true",
          "verb1 /foo/bar true",
          "verb1 /foo/baz true",
          "verb1 /foo/bar/one true",
          "verb1 /foo/baz/one true",
          "verb2 /foo false",
          "verb2 /foo/bar false",
          "verb2 /foo/baz false",
          "verb2 /foo/bar/one false",
          "verb2 /foo/baz/one false");
    }

    @Test
    void trailingStarUrlMatchesPathsUnderThePrefixButNotThePrefixWithoutItsSlash() {
      assertUrlTable(
          verbs("verb1").urls("/foo/*").rule(),
          "verb1 /foo false",
          "verb1 /foo/bar true",
          "verb1 /foo/baz true",
          "verb1 /foo/bar/one true",
          "verb1 /foo/baz/one true",
          "verb1 /notfoo false",
          "verb1 /notfoo/bar false",
          "verb1 /notfoo/baz false",
          "verb1 /notfoo/bar/one false",
          "verb1 /notfoo/baz/one false");
    }

    @Test
    void exactUrlsMatchOnlyThemselves() {
      assertUrlTable(
          verbs("*").urls("/foo", "/foo/bar/one").rule(),
          "verb1 /foo true",
          "verb1 /foo/bar false",
          "verb1 /foo/baz false",
          "verb1 /foo/bar/one true",
          "verb1 /foo/baz/one false",
          "verb2 /foo true",
          "verb2 /foo/bar false",
          "verb2 /foo/baz false",
          "verb2 /foo/bar/one true",
          "verb2 /foo/baz/one false");
    }
  }

  /** Upstream pkg/apis/rbac helpers_test.go TestResourceMatches: rule resources against resource[/subresource]. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      emptyValue = "",
      value = {
        "all matches                                | *                        | foo               |               | true",
        "checks every entry                         | doesn't match;*          | foo               |               | true",
        "exact resource/subresource                 | foo/bar                  | foo/bar           | bar           | true",
        "resource/subresource does not grant parent | foo/bar                  | foo               |               | false",
        "star-slash matches that subresource        | */scale                  | foo/scale         | scale         | true",
        "star-slash must cover the whole subresource | foo/bar;*/other         | foo/other/segment | other/segment | false",
        "star-slash with a multi-segment subresource | */other/segment         | foo/other/segment | other/segment | true",
        "empty rule entry                           | ''                       | foo/other/segment | other/segment | false",
        "lone slash                                 | /                        | foo/other/segment | other/segment | false",
        "star-slash without a subresource           | */                       | foo/other/segment | other/segment | false",
        "star glued to text is not a wildcard       | *something/other/segment | foo/other/segment | other/segment | false",
        "other resource, same subresource           | something/other/segment  | foo/other/segment | other/segment | false",
      })
  void resourceMatchesAsUpstreamHelpers(String description, String ruleResources, String combined, String subresource, boolean expected) {
    List<String> resources = ruleResources.equals("''") ? List.of("") : List.of(ruleResources.split(";"));
    PolicyRule rule = new PolicyRuleBuilder().withResources(resources).build();
    assertThat(RuleMatcher.resourceMatches(rule, combined, subresource == null ? "" : subresource)).isEqualTo(expected);
  }

  /** What upstream relies on beyond its own tables: exact, case-sensitive strings with "*" special only in rules. */
  @Nested
  class EdgeCases {

    @Test
    void verbsAreCaseSensitive() {
      PolicyRule rule = verbs("get").groups("").resources("pods").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), rule)).isTrue();
      assertThat(RuleMatcher.allows(request("GET", "", "pods", ""), rule)).isFalse();
      assertThat(RuleMatcher.allows(request("Get", "", "pods", ""), rule)).isFalse();
    }

    @Test
    void resourcesAndGroupsAreCaseSensitive() {
      PolicyRule rule = verbs("get").groups("apps").resources("deployments").rule();
      assertThat(RuleMatcher.allows(request("get", "apps", "Deployments", ""), rule)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "Apps", "deployments", ""), rule)).isFalse();
    }

    @Test
    void starInTheRequestIsJustAStringThatOnlyAStarRuleMatches() {
      PolicyRule exact = verbs("get").groups("apps").resources("deployments").names("web").rule();
      assertThat(RuleMatcher.allows(request("*", "apps", "deployments", ""), exact)).as("verb *").isFalse();
      assertThat(RuleMatcher.allows(request("get", "*", "deployments", ""), exact)).as("group *").isFalse();
      assertThat(RuleMatcher.allows(request("get", "apps", "*", ""), exact)).as("resource *").isFalse();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "apps", "deployments", "", "", "*"), exact)).as("name *").isFalse();

      PolicyRule stars = verbs("*").groups("*").resources("*").rule();
      assertThat(RuleMatcher.allows(request("*", "*", "*", ""), stars)).isTrue();
      assertThat(RuleMatcher.allows(urlRequest("get", "*"), verbs("get").urls("/healthz").rule())).isFalse();
    }

    @Test
    void resourceNamesStarIsNotAWildcard() {
      PolicyRule rule = verbs("get").groups("").resources("pods").names("*").rule();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "", "pods", "", "ns", "web"), rule)).isFalse();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "", "pods", "", "ns", "*"), rule)).isTrue();
    }

    @Test
    void emptyVerbMatchesOnlyAnEmptyRuleVerbOrStar() {
      assertThat(RuleMatcher.verbMatches(verbs("get").rule(), "")).isFalse();
      assertThat(RuleMatcher.verbMatches(verbs("").rule(), "")).isTrue();
      assertThat(RuleMatcher.verbMatches(verbs("*").rule(), "")).isTrue();
      assertThat(RuleMatcher.verbMatches(verbs().rule(), "get")).as("no verbs at all").isFalse();
    }

    @Test
    void emptyApiGroupIsTheCoreGroup() {
      PolicyRule core = verbs("get").groups("").resources("pods").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), core)).isTrue();
      assertThat(RuleMatcher.allows(request("get", "apps", "pods", ""), core)).isFalse();
      PolicyRule apps = verbs("get").groups("apps").resources("pods").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), apps)).isFalse();
      PolicyRule noGroups = verbs("get").resources("pods").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), noGroups)).as("absent apiGroups match nothing, not core").isFalse();
    }

    @Test
    void ruleWithResourcesButNoVerbsMatchesNothing() {
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), verbs().groups("").resources("pods").rule())).isFalse();
    }

    @Test
    void starSlashSubresourceMatchesThatSubresourceOfAnyResource() {
      PolicyRule scale = verbs("get").groups("*").resources("*/scale").rule();
      assertThat(RuleMatcher.allows(request("get", "apps", "deployments", "scale"), scale)).isTrue();
      assertThat(RuleMatcher.allows(request("get", "", "replicationcontrollers", "scale"), scale)).isTrue();
      assertThat(RuleMatcher.allows(request("get", "apps", "deployments", ""), scale)).as("parent resource").isFalse();
      assertThat(RuleMatcher.allows(request("get", "apps", "scale", ""), scale)).as("a resource named scale").isFalse();
      assertThat(RuleMatcher.allows(request("get", "apps", "deployments", "status"), scale)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "apps", "deployments", "rescale"), scale)).as("suffix only").isFalse();
    }

    @Test
    void resourceSlashStarIsNotSpecial() {
      PolicyRule podsAnything = verbs("get").groups("").resources("pods/*").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "log"), podsAnything)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "status"), podsAnything)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), podsAnything)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "*"), podsAnything)).as("only the literal subresource *").isTrue();
    }

    @Test
    void starSlashStarMatchesOnlyTheLiteralStarSubresource() {
      PolicyRule rule = verbs("get").groups("").resources("*/*").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "*"), rule)).isTrue();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "log"), rule)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), rule)).isFalse();
    }

    @Test
    void resourceDoesNotGrantItsSubresources() {
      PolicyRule pods = verbs("get").groups("").resources("pods").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "log"), pods)).isFalse();
      assertThat(RuleMatcher.allows(request("get", "", "pods", "status"), pods)).isFalse();
    }

    @Test
    void resourceNamesNeverMatchRequestsWithoutAName() {
      PolicyRule named = verbs("get", "list", "watch", "create", "delete", "deletecollection").groups("").resources("pods").names("web").rule();
      for (String verb : List.of("list", "watch", "create", "deletecollection")) {
        assertThat(RuleMatcher.allows(request(Fixtures.who("u"), verb, "", "pods", "", "ns", ""), named)).as(verb).isFalse();
      }
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "", "pods", "", "ns", "web"), named)).isTrue();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "delete", "", "pods", "", "ns", "web"), named)).isTrue();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "", "pods", "", "ns", "db"), named)).isFalse();
      assertThat(RuleMatcher.allows(request(Fixtures.who("u"), "get", "", "pods", "", "ns", "Web"), named)).as("names are case-sensitive").isFalse();
    }

    @Test
    void anEmptyResourceNameEntryMatchesOnlyAnUnnamedRequest() {
      PolicyRule rule = verbs("list").groups("").resources("pods").names("").rule();
      assertThat(RuleMatcher.resourceNameMatches(rule, "")).isTrue();
      assertThat(RuleMatcher.resourceNameMatches(rule, "web")).isFalse();
    }

    @Test
    void noResourceNamesMeansAnyName() {
      PolicyRule rule = verbs("get").groups("").resources("pods").rule();
      assertThat(RuleMatcher.resourceNameMatches(rule, "")).isTrue();
      assertThat(RuleMatcher.resourceNameMatches(rule, "anything")).isTrue();
    }
  }

  /** NonResourceURLMatches: exact, "*", or a prefix when the rule ends in stars (every trailing star trimmed). */
  @Nested
  class NonResourceUrls {

    @ParameterizedTest(name = "rule {0} vs path {1} -> {2}")
    @CsvSource(
        delimiter = '|',
        emptyValue = "",
        value = {
          "*         | /anything      | true",
          "*         |                | true",
          "*         | /              | true",
          "/api*     | /api           | true",
          "/api*     | /apis          | true",
          "/api*     | /api/v1        | true",
          "/api*     | /apiextensions | true",
          "/api*     | /ap            | false",
          "/api*     | /API           | false",
          "/api/*    | /api           | false",
          "/api/*    | /api/          | true",
          "/api/**   | /api/v1        | true",
          "/api/**   | /api           | false",
          "**        | /x             | true",
          "**        |                | true",
          "/*        | /              | true",
          "/*        |                | false",
          "/api/*/x  | /api/v1/x      | false",
          "/api/*/x  | /api/*/x       | true",
          "/*/v1/*   | /api/v1/pods   | false",
          "/*/v1/*   | /*/v1/pods     | true",
          "/healthz  | /healthz       | true",
          "/healthz  | /healthz/      | false",
          "/healthz  | /healthz/ping  | false",
          "/healthz/ | /healthz       | false",
          "          |                | true",
          "          | /              | false",
        })
    void urlMatching(String ruleUrl, String path, boolean expected) {
      PolicyRule rule = verbs("get").urls(ruleUrl == null ? "" : ruleUrl).rule();
      assertThat(RuleMatcher.nonResourceURLMatches(rule, path == null ? "" : path)).isEqualTo(expected);
    }

    @Test
    void aRuleWithoutUrlsMatchesNoPath() {
      assertThat(RuleMatcher.allows(urlRequest("get", "/healthz"), verbs("get").groups("*").resources("*").rule())).isFalse();
    }

    @Test
    void aUrlRuleDoesNotMatchResourceRequests() {
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), verbs("*").urls("*").rule())).isFalse();
    }

    @Test
    void aRuleWithBothResourcesAndUrlsServesBothKindsOfRequest() {
      PolicyRule both = verbs("get").groups("").resources("pods").urls("/healthz").rule();
      assertThat(RuleMatcher.allows(request("get", "", "pods", ""), both)).isTrue();
      assertThat(RuleMatcher.allows(urlRequest("get", "/healthz"), both)).isTrue();
    }
  }
}
