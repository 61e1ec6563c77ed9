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
import static dev.authlab.authz.rbac.Fixtures.urlRequest;
import static dev.authlab.authz.rbac.Fixtures.user;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.Attributes;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Who may make a request: upstream's SubjectAccessEvaluator.AllowedSubjects. */
class WhoCanTest {

  private static final String MASTERS = "Group/rbac.authorization.k8s.io/system:masters";

  private static String key(Subject s) {
    String ns = s.getNamespace() == null || s.getNamespace().isEmpty() ? "" : "/" + s.getNamespace();
    return s.getKind() + "/" + (s.getApiGroup() == null ? "" : s.getApiGroup()) + "/" + s.getName() + ns;
  }

  private static String u(String name) {
    return "User/rbac.authorization.k8s.io/" + name;
  }

  private static String g(String name) {
    return "Group/rbac.authorization.k8s.io/" + name;
  }

  /** Every subject found, in order, duplicates kept: what upstream's AllowedSubjects returns. */
  private static List<String> allowed(RbacPolicy policy, Attributes request) {
    return new WhoCan(policy).find(request).grants().stream().map(grant -> key(grant.subject())).toList();
  }

  /** The request as upstream's test writes it: no user, a verb, a resource in the core group, a namespace. */
  private static Attributes asked(String verb, String resource, String namespace) {
    return request(who(""), verb, "", resource, "", namespace, "");
  }

  /** Upstream subject_locator_test.go TestSubjectLocator. */
  @Nested
  class UpstreamSubjectLocator {

    @Test
    void starRoleBoundClusterWideAndInANamespace() {
      RbacPolicy policy =
          policy(
              clusterRole("admin", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("super", "admin", user("super-admin"), group("super-admins")),
              roleBinding("ns1", "local", clusterRoleRef("admin"), user("admin"), group("admins")));

      assertThat(allowed(policy, asked("get", "Pods", "ns1")))
          .containsExactly(MASTERS, u("super-admin"), g("super-admins"), u("admin"), g("admins"));
      // a star namespace is just a name: only cluster-wide bindings apply
      assertThat(allowed(policy, asked("*", "Pods", "*"))).containsExactly(MASTERS, u("super-admin"), g("super-admins"));
      // no namespace: only cluster-wide bindings apply
      assertThat(allowed(policy, asked("*", "Pods", ""))).containsExactly(MASTERS, u("super-admin"), g("super-admins"));
    }

    /** Upstream's second case also configures a super-user name; kube-apiserver no longer has one, so it is left out here. */
    @Test
    void localRoleCountsOnlyInItsNamespaceAndOnlyForItsVerbs() {
      RbacPolicy policy =
          policy(
              clusterRole("admin", splitRule("*", "*", "*", "*")),
              clusterRoleBinding("super", "admin", user("super-admin"), group("super-admins")),
              role("ns1", "admin", splitRule("get", "*", "Pods", "*")),
              roleBinding("ns1", "local", roleRef("admin"), user("admin"), group("admins")));

      assertThat(allowed(policy, asked("get", "Pods", "ns1")))
          .containsExactly(MASTERS, u("super-admin"), g("super-admins"), u("admin"), g("admins"));
      assertThat(allowed(policy, asked("create", "Pods", "ns1"))).containsExactly(MASTERS, u("super-admin"), g("super-admins"));
      assertThat(allowed(policy, asked("get", "Pods", "ns2"))).containsExactly(MASTERS, u("super-admin"), g("super-admins"));
    }
  }

  @Test
  void systemMastersIsAlwaysListedFirstEvenWithNoPolicy() {
    WhoCan.Result result = new WhoCan(RbacPolicy.empty()).find(asked("delete", "nodes", ""));
    assertThat(result.grants()).singleElement().satisfies(grant -> assertThat(grant.binding()).isEmpty());
    assertThat(key(result.subjects().get(0))).isEqualTo(MASTERS);
  }

  @Test
  void userOfTheRequestIsIgnored() {
    RbacPolicy policy = policy(clusterRole("r", splitRule("*", "*", "*", "*")), clusterRoleBinding("b", "r", user("jane")));
    Attributes asBob = request(who("bob"), "get", "", "pods", "", "", "");
    assertThat(allowed(policy, asBob)).containsExactly(MASTERS, u("jane"));
  }

  @Test
  void subjectsAreListedAsTheBindingWritesThemIncludingServiceAccountsWithoutNamespace() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("get").groups("").resources("pods").rule()),
            roleBinding("ns", "b", clusterRoleRef("r"), serviceAccount("", "builder")));
    assertThat(allowed(policy, asked("get", "pods", "ns"))).containsExactly(MASTERS, "ServiceAccount//builder");
  }

  @Test
  void aSubjectGrantedTwiceIsListedTwiceAsUpstreamReturnsItButOnceInSubjects() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("get").groups("").resources("pods").rule()),
            clusterRoleBinding("one", "r", user("jane")),
            clusterRoleBinding("two", "r", user("jane")));
    WhoCan.Result result = new WhoCan(policy).find(asked("get", "pods", ""));
    assertThat(allowed(policy, asked("get", "pods", ""))).containsExactly(MASTERS, u("jane"), u("jane"));
    assertThat(result.subjects()).extracting(WhoCanTest::key).containsExactly(MASTERS, u("jane"));
  }

  @Test
  void nonResourceRequestsLookOnlyAtClusterRoleBindings() {
    RbacPolicy policy =
        policy(
            clusterRole("health", verbs("get").urls("/healthz").rule()),
            clusterRoleBinding("probes", "health", group("probers")),
            roleBinding("ns", "local", clusterRoleRef("health"), user("jane")));
    assertThat(allowed(policy, urlRequest(who(""), "get", "/healthz"))).containsExactly(MASTERS, g("probers"));
  }

  @Test
  void missingRolesAreReportedAndTheRestStillListed() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("get").groups("").resources("pods").rule()),
            clusterRoleBinding("broken", "gone", user("ghost")),
            clusterRoleBinding("ok", "r", user("jane")),
            roleBinding("ns", "broken-too", roleRef("also-gone"), user("ghost2")));
    WhoCan.Result result = new WhoCan(policy).find(asked("get", "pods", "ns"));
    assertThat(result.grants()).extracting(grant -> key(grant.subject())).containsExactly(MASTERS, u("jane"));
    assertThat(result.errors())
        .containsExactly(
            "clusterrole.rbac.authorization.k8s.io \"gone\" not found", "role.rbac.authorization.k8s.io \"also-gone\" not found");
  }

  @Test
  void grantsNameTheBindingAndTheRuleThatAllows() {
    RbacPolicy policy =
        policy(
            clusterRole("r", verbs("list").groups("").resources("pods").rule(), verbs("get").groups("").resources("pods").rule()),
            roleBinding("ns", "b", clusterRoleRef("r"), user("jane")));
    WhoCan.Grant grant = new WhoCan(policy).find(asked("get", "pods", "ns")).grants().get(1);
    assertThat(grant.via()).isEqualTo("RoleBinding ns/b -> ClusterRole r");
    assertThat(grant.ruleIndex()).isEqualTo(1);
  }
}
