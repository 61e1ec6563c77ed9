package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.clusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleBinding;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleRef;
import static dev.authlab.authz.rbac.Fixtures.group;
import static dev.authlab.authz.rbac.Fixtures.policy;
import static dev.authlab.authz.rbac.Fixtures.request;
import static dev.authlab.authz.rbac.Fixtures.role;
import static dev.authlab.authz.rbac.Fixtures.roleBinding;
import static dev.authlab.authz.rbac.Fixtures.roleRef;
import static dev.authlab.authz.rbac.Fixtures.serviceAccount;
import static dev.authlab.authz.rbac.Fixtures.splitRule;
import static dev.authlab.authz.rbac.Fixtures.subject;
import static dev.authlab.authz.rbac.Fixtures.urlRequest;
import static dev.authlab.authz.rbac.Fixtures.user;
import static dev.authlab.authz.rbac.Fixtures.userWithGroupList;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacExplanation.NearMiss;
import dev.authlab.authz.rbac.RuleMatcher.Field;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RbacAuthorizerTest {

  private static Decision authorize(RbacPolicy policy, Attributes attributes) {
    return new RbacAuthorizer(policy).authorize(attributes);
  }

  /** Upstream's defaultAttributes: user, comma-separated groups, verb, resource, subresource, namespace, core group, no name. */
  private static Attributes.Resource attrs(String user, String groups, String verb, String resource, String subresource, String namespace) {
    return request(userWithGroupList(user, groups), verb, "", resource, subresource, namespace, "");
  }

  private static void assertAllowed(RbacPolicy policy, Attributes... requests) {
    SoftAssertions softly = new SoftAssertions();
    for (Attributes request : requests) {
      softly.assertThat(authorize(policy, request)).as("should allow %s", request).isInstanceOf(Decision.Allow.class);
    }
    softly.assertAll();
  }

  /** RBAC never denies: a request no rule allows gets no opinion. */
  private static void assertNotAllowed(RbacPolicy policy, Attributes... requests) {
    SoftAssertions softly = new SoftAssertions();
    for (Attributes request : requests) {
      softly.assertThat(authorize(policy, request)).as("should not allow %s", request).isInstanceOf(Decision.NoOpinion.class);
    }
    softly.assertAll();
  }

  /** Upstream rbac_test.go TestAuthorizer, case by case. */
  @Nested
  class UpstreamAuthorizer {

    @Test
    void roleBindingToStarClusterRoleAllowsItsUsersAndGroupsOnlyInItsNamespace() {
      RbacPolicy policy =
          policy(
              clusterRole("admin", splitRule("*", "*", "*", "*")),
              roleBinding("ns1", "admins", clusterRoleRef("admin"), user("admin"), group("admins")));
      assertAllowed(
          policy,
          attrs("admin", "", "get", "Pods", "", "ns1"),
          attrs("admin", "", "watch", "Pods", "", "ns1"),
          attrs("admin", "group1", "watch", "Foobar", "", "ns1"),
          attrs("joe", "admins", "watch", "Foobar", "", "ns1"),
          attrs("joe", "group1,admins", "watch", "Foobar", "", "ns1"));
      assertNotAllowed(
          policy,
          attrs("admin", "", "GET", "Pods", "", "ns2"),
          attrs("admin", "", "GET", "Nodes", "", ""),
          attrs("admin", "admins", "GET", "Pods", "", "ns2"),
          attrs("admin", "admins", "GET", "Nodes", "", ""));
    }

    @Test
    void nonResourceUrlRulesMatchVerbAndPathOrPrefix() {
      RbacPolicy policy =
          policy(
              clusterRole("non-resource-url-getter", splitRule("get", "", "", "/apis")),
              clusterRole("non-resource-url", splitRule("*", "", "", "/apis")),
              clusterRole("non-resource-url-prefix", splitRule("get", "", "", "/apis/*")),
              clusterRoleBinding("getter", "non-resource-url-getter", user("foo"), group("bar")),
              clusterRoleBinding("any-verb", "non-resource-url", user("admin"), group("admin")),
              clusterRoleBinding("prefix", "non-resource-url-prefix", user("prefixed"), group("prefixed")));
      assertAllowed(
          policy,
          urlRequest(who("foo"), "get", "/apis"),
          urlRequest(who("", "bar"), "get", "/apis"),
          urlRequest(who("admin"), "get", "/apis"),
          urlRequest(who("", "admin"), "get", "/apis"),
          urlRequest(who("admin"), "watch", "/apis"),
          urlRequest(who("", "admin"), "watch", "/apis"),
          urlRequest(who("prefixed"), "get", "/apis/v1"),
          urlRequest(who("", "prefixed"), "get", "/apis/v1"),
          urlRequest(who("prefixed"), "get", "/apis/v1/foobar"),
          urlRequest(who("", "prefixed"), "get", "/apis/v1/foorbar"));
      assertNotAllowed(
          policy,
          // wrong verb
          urlRequest(who("foo"), "watch", "/apis"),
          urlRequest(who("", "bar"), "watch", "/apis"),
          // wrong path
          urlRequest(who("foo"), "get", "/api/v1"),
          urlRequest(who("", "bar"), "get", "/api/v1"),
          urlRequest(who("admin"), "get", "/api/v1"),
          urlRequest(who("", "admin"), "get", "/api/v1"),
          // outside the prefix
          urlRequest(who("prefixed"), "get", "/api/v1"),
          urlRequest(who("", "prefixed"), "get", "/api/v1"));
    }

    @Test
    void ruleForResourceDoesNotAllowItsSubresource() {
      RbacPolicy policy =
          policy(
              clusterRole("admin", splitRule("*", "*", "pods", "*")),
              roleBinding("ns1", "admins", clusterRoleRef("admin"), user("admin"), group("admins")));
      assertAllowed(policy, attrs("admin", "", "get", "pods", "", "ns1"));
      assertNotAllowed(policy, attrs("admin", "", "get", "pods", "status", "ns1"));
    }

    @Test
    void subresourceRulesAndStarSlashSubresourceDoNotAllowTheParentResource() {
      RbacPolicy policy =
          policy(
              clusterRole("admin", splitRule("*", "*", "pods/status", "*"), splitRule("*", "*", "*/scale", "*")),
              roleBinding("ns1", "admins", clusterRoleRef("admin"), user("admin"), group("admins")));
      assertAllowed(
          policy,
          attrs("admin", "", "get", "pods", "status", "ns1"),
          attrs("admin", "", "get", "pods", "scale", "ns1"),
          attrs("admin", "", "get", "deployments", "scale", "ns1"),
          attrs("admin", "", "get", "anything", "scale", "ns1"));
      assertNotAllowed(policy, attrs("admin", "", "get", "pods", "", "ns1"));
    }
  }

  @Nested
  class Scope {

    private final RbacPolicy viewInTeamA =
        policy(
            clusterRole("view", verbs("get", "list").groups("").resources("pods").rule()),
            roleBinding("team-a", "viewers", clusterRoleRef("view"), user("jane")));

    @Test
    void roleBindingToClusterRoleGrantsOnlyInItsNamespace() {
      assertAllowed(viewInTeamA, request(who("jane"), "get", "", "pods", "", "team-a", "web"));
      assertNotAllowed(
          viewInTeamA,
          request(who("jane"), "get", "", "pods", "", "team-b", "web"),
          request(who("jane"), "list", "", "pods", "", "", ""));
    }

    @Test
    void roleBindingNeverGrantsClusterScopedOrNonResourceRequests() {
      RbacPolicy policy =
          policy(
              clusterRole("everything", splitRule("*", "*", "*", "*")),
              roleBinding("team-a", "all", clusterRoleRef("everything"), user("jane")));
      assertNotAllowed(
          policy,
          request(who("jane"), "get", "", "nodes", "", "", "node-1"),
          urlRequest(who("jane"), "get", "/healthz"));
    }

    @Test
    void clusterRoleBindingGrantsInEveryNamespaceAndClusterWide() {
      RbacPolicy policy =
          policy(
              clusterRole("view", verbs("get", "list").groups("").resources("pods").rule()),
              clusterRoleBinding("viewers", "view", user("jane")));
      assertAllowed(
          policy,
          request(who("jane"), "list", "", "pods", "", "", ""),
          request(who("jane"), "list", "", "pods", "", "team-a", ""),
          request(who("jane"), "get", "", "pods", "", "anything", "web"));
    }

    @Test
    void roleBindingToRoleUsesTheRoleOfItsOwnNamespace() {
      RbacPolicy policy =
          policy(
              role("team-a", "reader", verbs("get").groups("").resources("pods").rule()),
              role("team-b", "reader", verbs("get").groups("").resources("secrets").rule()),
              roleBinding("team-a", "readers", roleRef("reader"), user("jane")));
      assertAllowed(policy, request(who("jane"), "get", "", "pods", "", "team-a", "x"));
      assertNotAllowed(policy, request(who("jane"), "get", "", "secrets", "", "team-a", "x"));
    }

    @Test
    void requestNamespaceStarIsJustANamespaceName() {
      assertNotAllowed(viewInTeamA, request(who("jane"), "get", "", "pods", "", "*", "web"));
    }
  }

  @Nested
  class Reasons {

    @Test
    void allowReasonNamesClusterRoleBindingRoleAndUser() {
      RbacPolicy policy =
          policy(clusterRole("r", splitRule("*", "*", "*", "*")), clusterRoleBinding("b", "r", user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: allowed by ClusterRoleBinding \"b\" of ClusterRole \"r\" to User \"u\"");
    }

    @Test
    void allowReasonNamesRoleBindingAsNameSlashNamespace() {
      RbacPolicy policy =
          policy(
              role("ns", "r", verbs("get").groups("").resources("pods").rule()),
              roleBinding("ns", "b", roleRef("r"), group("devs")));
      assertThat(authorize(policy, request(who("u", "devs"), "get", "", "pods", "", "ns", "p")).reason())
          .isEqualTo("RBAC: allowed by RoleBinding \"b/ns\" of Role \"r\" to Group \"devs\"");
    }

    @Test
    void allowReasonNamesServiceAccountAsNameSlashNamespace() {
      RbacPolicy policy =
          policy(
              clusterRole("r", verbs("get").groups("").resources("pods").rule()),
              roleBinding("ns", "b", clusterRoleRef("r"), serviceAccount("other", "sa")));
      assertThat(authorize(policy, request(who("system:serviceaccount:other:sa"), "get", "", "pods", "", "ns", "")).reason())
          .isEqualTo("RBAC: allowed by RoleBinding \"b/ns\" of ClusterRole \"r\" to ServiceAccount \"sa/other\"");
    }

    @Test
    void serviceAccountWithoutNamespaceIsDescribedWithTheBindingNamespace() {
      RbacPolicy policy =
          policy(
              clusterRole("r", verbs("get").groups("").resources("pods").rule()),
              roleBinding("ns", "b", clusterRoleRef("r"), serviceAccount("", "sa")));
      assertThat(authorize(policy, request(who("system:serviceaccount:ns:sa"), "get", "", "pods", "", "ns", "")).reason())
          .isEqualTo("RBAC: allowed by RoleBinding \"b/ns\" of ClusterRole \"r\" to ServiceAccount \"sa/ns\"");
    }

    @Test
    void allowReasonNamesTheFirstSubjectThatApplies() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("b", "r", user("someone-else"), group("devs"), user("jane")));
      assertThat(authorize(policy, request(who("jane", "devs"), "get", "", "pods", "", "", "")).reason())
          .endsWith("to Group \"devs\"");
    }

    @Test
    void allowReasonQuotesNamesLikeGo() {
      RbacPolicy policy =
          policy(clusterRole("r", splitRule("*", "*", "*", "*")), clusterRoleBinding("b", "r", user("jane \"j\" doe")));
      assertThat(authorize(policy, request(who("jane \"j\" doe"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: allowed by ClusterRoleBinding \"b\" of ClusterRole \"r\" to User \"jane \\\"j\\\" doe\"");
    }

    @Test
    void clusterRoleBindingsAreConsultedBeforeRoleBindings() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              roleBinding("ns", "local", clusterRoleRef("r"), user("u")),
              clusterRoleBinding("global", "r", user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "ns", "")).reason())
          .startsWith("RBAC: allowed by ClusterRoleBinding \"global\"");
    }

    @Test
    void noMatchingRuleGivesNoOpinionWithAnEmptyReason() {
      RbacPolicy policy =
          policy(clusterRole("r", verbs("get").groups("").resources("pods").rule()), clusterRoleBinding("b", "r", user("u")));
      Decision decision = authorize(policy, request(who("u"), "delete", "", "pods", "", "", ""));
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEmpty();
    }

    @Test
    void emptyPolicyGivesNoOpinion() {
      Decision decision = authorize(RbacPolicy.empty(), request(who("u"), "get", "", "pods", "", "ns", ""));
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEmpty();
    }

    @Test
    void bindingWithoutANameIsDescribedWithAnEmptyQuotedName() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              new ClusterRoleBindingBuilder().withNewMetadata().endMetadata().withRoleRef(clusterRoleRef("r")).withSubjects(user("u")).build(),
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withNamespace("ns")
                  .endMetadata()
                  .withRoleRef(clusterRoleRef("r"))
                  .withSubjects(user("v"))
                  .build());
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: allowed by ClusterRoleBinding \"\" of ClusterRole \"r\" to User \"u\"");
      assertThat(authorize(policy, request(who("v"), "get", "", "pods", "", "ns", "")).reason())
          .isEqualTo("RBAC: allowed by RoleBinding \"/ns\" of ClusterRole \"r\" to User \"v\"");
    }
  }

  @Nested
  class RoleResolutionErrors {

    @Test
    void missingClusterRoleGivesNoOpinionNamingIt() {
      RbacPolicy policy = policy(clusterRoleBinding("b", "x", user("u")));
      Decision decision = authorize(policy, request(who("u"), "get", "", "pods", "", "", ""));
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEqualTo("RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found");
    }

    @Test
    void missingRoleGivesNoOpinionNamingIt() {
      RbacPolicy policy = policy(roleBinding("ns", "b", roleRef("x"), user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "ns", "")).reason())
          .isEqualTo("RBAC: role.rbac.authorization.k8s.io \"x\" not found");
    }

    @Test
    void roleOfAnotherNamespaceIsNotFound() {
      RbacPolicy policy =
          policy(role("other", "x", splitRule("*", "*", "*", "*")), roleBinding("ns", "b", roleRef("x"), user("u")));
      Decision decision = authorize(policy, request(who("u"), "get", "", "pods", "", "ns", ""));
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"x\" not found");
    }

    @Test
    void clusterRoleBindingToRoleIsAnErrorAndGrantsNothing() {
      RbacPolicy policy =
          policy(
              role("ns", "r", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("b", roleRef("r"), user("u")));
      for (String namespace : List.of("", "ns")) {
        Decision decision = authorize(policy, request(who("u"), "get", "", "pods", "", namespace, ""));
        assertThat(decision).as("namespace %s", namespace).isInstanceOf(Decision.NoOpinion.class);
        assertThat(decision.reason()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"r\" not found");
      }
    }

    @Test
    void unknownRoleRefKindIsReported() {
      RbacPolicy policy =
          policy(clusterRoleBinding("b", new RoleRefBuilder().withApiGroup(Fixtures.RBAC_GROUP).withKind("Foo").withName("r").build(), user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: unsupported role reference kind: \"Foo\"");
    }

    @Test
    void roleRefKindIsCaseSensitiveAndMayBeEmpty() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("lower", new RoleRefBuilder().withApiGroup(Fixtures.RBAC_GROUP).withKind("clusterrole").withName("r").build(), user("u")),
              clusterRoleBinding("empty", new RoleRefBuilder().withApiGroup(Fixtures.RBAC_GROUP).withName("r").build(), user("v")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: unsupported role reference kind: \"clusterrole\"");
      assertThat(authorize(policy, request(who("v"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: unsupported role reference kind: \"\"");
    }

    @Test
    void roleRefApiGroupIsNotConsultedWhenResolving() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("b", new RoleRefBuilder().withApiGroup("example.com").withKind("ClusterRole").withName("r").build(), user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", ""))).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void severalErrorsAreJoinedInBracketsClusterBindingsFirst() {
      RbacPolicy policy =
          policy(
              roleBinding("ns", "rb", roleRef("missing-role"), user("u")),
              clusterRoleBinding("crb", "missing-cluster-role", user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "ns", "")).reason())
          .isEqualTo(
              "RBAC: [clusterrole.rbac.authorization.k8s.io \"missing-cluster-role\" not found, "
                  + "role.rbac.authorization.k8s.io \"missing-role\" not found]");
    }

    @Test
    void identicalErrorsAreReportedOnceWithoutBrackets() {
      RbacPolicy policy =
          policy(clusterRoleBinding("one", "x", user("u")), clusterRoleBinding("two", "x", group("g")));
      assertThat(authorize(policy, request(who("u", "g"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo("RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found");
    }

    @Test
    void threeErrorsWithOneRepeatListTheDistinctOnes() {
      RbacPolicy policy =
          policy(
              clusterRoleBinding("one", "x", user("u")),
              clusterRoleBinding("two", "y", user("u")),
              clusterRoleBinding("three", "x", user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason())
          .isEqualTo(
              "RBAC: [clusterrole.rbac.authorization.k8s.io \"x\" not found, clusterrole.rbac.authorization.k8s.io \"y\" not found]");
    }

    @Test
    void errorsOnlyFromBindingsThatNameTheUser() {
      RbacPolicy policy = policy(clusterRoleBinding("b", "x", user("someone-else")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason()).isEmpty();
    }

    @Test
    void roleBindingErrorsOfOtherNamespacesAreNotReported() {
      RbacPolicy policy = policy(roleBinding("ns", "b", roleRef("x"), user("u")));
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "elsewhere", "")).reason()).isEmpty();
      assertThat(authorize(policy, request(who("u"), "get", "", "pods", "", "", "")).reason()).isEmpty();
    }

    @Test
    void anAllowingRuleWinsOverResolutionErrors() {
      RbacPolicy policy =
          policy(
              clusterRole("r", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("broken", "x", user("u")),
              clusterRoleBinding("works", "r", user("u")));
      Decision decision = authorize(policy, request(who("u"), "get", "", "pods", "", "", ""));
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      assertThat(decision.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"works\" of ClusterRole \"r\" to User \"u\"");
    }
  }

  @Nested
  class SubjectMatching {

    private final RbacPolicy everything = policy(clusterRole("all", splitRule("*", "*", "*", "*")));

    private RbacPolicy with(io.fabric8.kubernetes.api.model.HasMetadata binding) {
      return RbacPolicy.builder().addAll(everything).add(binding).build();
    }

    @Test
    void serviceAccountWithoutNamespaceInRoleBindingDefaultsToTheBindingNamespace() {
      RbacPolicy policy = with(roleBinding("ns", "b", clusterRoleRef("all"), serviceAccount("", "builder")));
      assertAllowed(policy, request(who("system:serviceaccount:ns:builder"), "get", "", "pods", "", "ns", ""));
      assertNotAllowed(policy, request(who("system:serviceaccount:other:builder"), "get", "", "pods", "", "ns", ""));
    }

    @Test
    void serviceAccountWithoutNamespaceInClusterRoleBindingNeverMatches() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", serviceAccount("", "builder")));
      assertNotAllowed(
          policy,
          request(who("system:serviceaccount:default:builder"), "get", "", "pods", "", "default", ""),
          request(who("system:serviceaccount::builder"), "get", "", "pods", "", "", ""),
          request(who("builder"), "get", "", "pods", "", "", ""));
    }

    @Test
    void serviceAccountOfAnotherNamespaceCanBeBoundInARoleBinding() {
      RbacPolicy policy = with(roleBinding("ns", "b", clusterRoleRef("all"), serviceAccount("ci", "builder")));
      assertAllowed(policy, request(who("system:serviceaccount:ci:builder"), "get", "", "pods", "", "ns", ""));
      assertNotAllowed(policy, request(who("system:serviceaccount:ns:builder"), "get", "", "pods", "", "ns", ""));
    }

    @Test
    void serviceAccountSubjectMatchesOnlyTheExactUsername() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", serviceAccount("ci", "builder")));
      assertAllowed(policy, request(who("system:serviceaccount:ci:builder"), "get", "", "pods", "", "", ""));
      assertNotAllowed(
          policy,
          request(who("system:serviceaccount:ci:builder2"), "get", "", "pods", "", "", ""),
          request(who("system:serviceaccount:ci:build"), "get", "", "pods", "", "", ""),
          request(who("system:serviceaccount:ci2:builder"), "get", "", "pods", "", "", ""),
          request(who("builder", "system:serviceaccounts:ci"), "get", "", "pods", "", "", ""));
    }

    @Test
    void userSubjectWithEmptyNameMatchesAUserWithEmptyName() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", user("")));
      assertAllowed(policy, request(who(""), "get", "", "pods", "", "", ""));
      assertNotAllowed(policy, request(who("jane"), "get", "", "pods", "", "", ""));
    }

    @Test
    void groupSubjectWithEmptyNameMatchesAnEmptyGroup() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", group("")));
      assertAllowed(policy, request(userWithGroupList("jane", ""), "get", "", "pods", "", "", ""));
      assertNotAllowed(policy, request(who("jane"), "get", "", "pods", "", "", ""));
    }

    @Test
    void starUserSubjectDoesNotMatchEveryone() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", user("*")));
      assertNotAllowed(policy, request(who("jane"), "get", "", "pods", "", "", ""));
      assertAllowed(policy, request(who("*"), "get", "", "pods", "", "", ""));
    }

    @Test
    void subjectKindsAreCaseSensitive() {
      RbacPolicy policy =
          with(clusterRoleBinding("b", "all", subject("user", "jane"), subject("group", "devs"), subject("serviceaccount", "x")));
      assertNotAllowed(
          policy,
          request(who("jane"), "get", "", "pods", "", "", ""),
          request(who("x", "devs"), "get", "", "pods", "", "", ""));
    }

    @Test
    void subjectApiGroupIsNotConsulted() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", subject("User", "jane")));
      assertAllowed(policy, request(who("jane"), "get", "", "pods", "", "", ""));
    }

    @Test
    void userSubjectDoesNotMatchAGroupOfTheSameName() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", user("devs")));
      assertNotAllowed(policy, request(who("jane", "devs"), "get", "", "pods", "", "", ""));
    }

    @Test
    void wellKnownGroupsAreOrdinaryGroups() {
      RbacPolicy policy = with(clusterRoleBinding("b", "all", group(UserInfo.ALL_AUTHENTICATED)));
      assertAllowed(policy, request(who("jane", UserInfo.ALL_AUTHENTICATED), "get", "", "pods", "", "", ""));
      assertNotAllowed(policy, request(who(UserInfo.ANONYMOUS, UserInfo.ALL_UNAUTHENTICATED), "get", "", "pods", "", "", ""));
    }

    @Test
    void bindingWithoutSubjectsAppliesToNoOne() {
      RbacPolicy policy =
          with(new ClusterRoleBindingBuilder().withMetadata(new ObjectMetaBuilder().withName("b").build()).withRoleRef(clusterRoleRef("all")).build());
      assertNotAllowed(policy, request(who(""), "get", "", "pods", "", "", ""));
    }
  }

  /** Not upstream behaviour but the kit's own: why a request was not allowed, rule by rule. */
  @Nested
  class Explanation {

    private RbacExplanation.NotGranted explainDenial(RbacPolicy policy, Attributes request) {
      Decision decision = authorize(policy, request);
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.explanation()).isInstanceOf(RbacExplanation.NotGranted.class);
      return (RbacExplanation.NotGranted) decision.explanation();
    }

    private NearMiss.RuleMiss onlyRuleMiss(RbacPolicy policy, Attributes request) {
      RbacExplanation.NotGranted why = explainDenial(policy, request);
      assertThat(why.nearMisses()).hasSize(1);
      assertThat(why.nearMisses().get(0)).isInstanceOf(NearMiss.RuleMiss.class);
      return (NearMiss.RuleMiss) why.nearMisses().get(0);
    }

    private final RbacPolicy podReaderInTeamA =
        policy(
            role("team-a", "pod-reader", verbs("get", "list").groups("").resources("pods").rule()),
            roleBinding("team-a", "devs", roleRef("pod-reader"), user("jane")));

    @Test
    void allowExplanationNamesBindingRoleAndRule() {
      Decision decision = authorize(podReaderInTeamA, request(who("jane"), "get", "", "pods", "", "team-a", "web"));
      assertThat(decision.explanation()).isInstanceOf(RbacExplanation.Granted.class);
      RbacExplanation.Granted granted = (RbacExplanation.Granted) decision.explanation();
      assertThat(granted.binding().shortName()).isEqualTo("RoleBinding team-a/devs");
      assertThat(granted.binding().roleShortName()).isEqualTo("Role team-a/pod-reader");
      assertThat(granted.ruleIndex()).isZero();
    }

    @Test
    void wrongVerbIsAVerbMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "delete", "", "pods", "", "team-a", "web"));
      assertThat(miss.binding().shortName()).isEqualTo("RoleBinding team-a/devs");
      assertThat(miss.fields()).containsExactly(Field.VERB);
    }

    @Test
    void wrongGroupIsAnApiGroupMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "get", "metrics.k8s.io", "pods", "", "team-a", "web"));
      assertThat(miss.fields()).containsExactly(Field.API_GROUP);
    }

    @Test
    void wrongResourceIsAResourceMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "get", "", "services", "", "team-a", "web"));
      assertThat(miss.fields()).containsExactly(Field.RESOURCE);
    }

    @Test
    void subresourceOfAListedResourceIsASubresourceMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "get", "", "pods", "log", "team-a", "web"));
      assertThat(miss.fields()).containsExactly(Field.SUBRESOURCE);
    }

    @Test
    void unlistedNameIsAResourceNameMiss() {
      RbacPolicy policy =
          policy(
              role("team-a", "one-pod", verbs("get", "list").groups("").resources("pods").names("web").rule()),
              roleBinding("team-a", "devs", roleRef("one-pod"), user("jane")));
      assertThat(onlyRuleMiss(policy, request(who("jane"), "get", "", "pods", "", "team-a", "db")).fields())
          .containsExactly(Field.RESOURCE_NAME);
      assertThat(onlyRuleMiss(policy, request(who("jane"), "list", "", "pods", "", "team-a", "")).fields())
          .as("a list names no object")
          .containsExactly(Field.RESOURCE_NAME);
    }

    @Test
    void roleBindingInAnotherNamespaceIsANamespaceMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "get", "", "pods", "", "team-b", "web"));
      assertThat(miss.binding().shortName()).isEqualTo("RoleBinding team-a/devs");
      assertThat(miss.fields()).containsExactly(Field.NAMESPACE);
    }

    @Test
    void clusterWideRequestAgainstARoleBindingIsANamespaceMiss() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "list", "", "pods", "", "", ""));
      assertThat(miss.fields()).containsExactly(Field.NAMESPACE);
    }

    @Test
    void wrongPathIsANonResourceUrlMiss() {
      RbacPolicy policy =
          policy(clusterRole("health", verbs("get").urls("/healthz", "/livez/*").rule()), clusterRoleBinding("probes", "health", group("probers")));
      NearMiss.RuleMiss miss = onlyRuleMiss(policy, urlRequest(who("p", "probers"), "get", "/metrics"));
      assertThat(miss.binding().shortName()).isEqualTo("ClusterRoleBinding probes");
      assertThat(miss.fields()).containsExactly(Field.NON_RESOURCE_URL);
    }

    @Test
    void severalFieldsCanMissAtOnce() {
      NearMiss.RuleMiss miss = onlyRuleMiss(podReaderInTeamA, request(who("jane"), "delete", "apps", "deployments", "", "team-b", "web"));
      assertThat(miss.fields()).containsExactlyInAnyOrder(Field.NAMESPACE, Field.VERB, Field.API_GROUP, Field.RESOURCE);
    }

    @Test
    void missingRoleIsANearMissNamingTheBinding() {
      RbacPolicy policy = policy(clusterRoleBinding("b", "x", user("u")));
      RbacExplanation.NotGranted why = explainDenial(policy, request(who("u"), "get", "", "pods", "", "", ""));
      assertThat(why.nearMisses()).singleElement().isInstanceOf(NearMiss.RoleMissing.class);
      assertThat(why.nearMisses().get(0).binding().shortName()).isEqualTo("ClusterRoleBinding b");
      assertThat(why.errors()).containsExactly("clusterrole.rbac.authorization.k8s.io \"x\" not found");
    }

    @Test
    void nearMissesAreClosestFirst() {
      RbacPolicy policy =
          policy(
              clusterRole("far", verbs("delete").groups("apps").resources("deployments").rule()),
              clusterRole("near", verbs("list").groups("").resources("pods").rule()),
              clusterRoleBinding("far", "far", user("u")),
              clusterRoleBinding("near", "near", user("u")));
      RbacExplanation.NotGranted why = explainDenial(policy, request(who("u"), "get", "", "pods", "", "", ""));
      assertThat(why.nearMisses()).extracting(m -> m.binding().name()).containsExactly("near", "far");
      assertThat(why.nearMissCount()).isEqualTo(2);
    }

    @Test
    void bindingsNotNamingTheUserAreNotNearMisses() {
      RbacExplanation.NotGranted why = explainDenial(podReaderInTeamA, request(who("bob"), "get", "", "pods", "", "team-a", "web"));
      assertThat(why.nearMisses()).isEmpty();
      assertThat(why.lines()).anyMatch(line -> line.contains("no RoleBinding or ClusterRoleBinding names this user"));
    }

    @Test
    void renderedExplanationNamesBindingAndMissedField() {
      RbacExplanation.NotGranted why = explainDenial(podReaderInTeamA, request(who("jane"), "delete", "", "pods", "", "team-a", "web"));
      assertThat(why.render()).contains("RoleBinding team-a/devs").contains("missed verb");
    }
  }
}
