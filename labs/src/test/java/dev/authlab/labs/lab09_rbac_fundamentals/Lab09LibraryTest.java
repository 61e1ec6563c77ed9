package dev.authlab.labs.lab09_rbac_fundamentals;

import static dev.authlab.labs.support.Holdings.assertHolds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.BindingRef;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.Requests;
import dev.authlab.authz.rbac.RuleCoverage;
import dev.authlab.authz.rbac.WhoCan;
import dev.authlab.labs.support.PolicyFacts;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import dev.authlab.testkit.Subject;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 09, library tier: your manifests plus the roles every API server creates, asked the way the
 * API server's RBAC authorizer would answer. Each need is checked in both directions: what is asked
 * is granted, and nothing more is.
 */
@Tag("library")
class Lab09LibraryTest {

  static final String TEAM_A = "lab09-team-a";
  static final String TEAM_B = "lab09-team-b";
  static final Subject DEVELOPERS = Subject.group("lab09-developers");
  static final Subject CI = Subject.serviceAccount(TEAM_A, "ci");
  static final Subject AUDITORS = Subject.group("lab09-auditors");
  static final Subject ONCALL = Subject.group("lab09-oncall");

  static final List<PolicyRule> DEVELOPER_NEED = RuleSpec.parseAll(List.of(
      "get,list,watch pods", "get pods/log", "get,list,watch,create,update,patch,delete deployments"));
  // harmless variants: list/watch on pods/log mean nothing, and scaling is part of managing deployments
  static final List<PolicyRule> DEVELOPER_AT_MOST = with(DEVELOPER_NEED, RuleSpec.parseAll(List.of(
      "list,watch pods/log", "get,update,patch deployments/scale")));
  static final List<PolicyRule> CI_NEED = RuleSpec.parse("get,update,patch deployments");
  static final List<PolicyRule> CI_AT_MOST = with(CI_NEED, RuleSpec.parse("list,watch deployments"));
  static final List<PolicyRule> AUDITOR_EXTRAS = RuleSpec.parseAll(List.of(
      "get,list,watch nodes", "get,list,watch roles,rolebindings,clusterroles,clusterrolebindings"));

  @Test
  @DisplayName("developers read pods and their logs and manage deployments in lab09-team-a, and nothing more")
  void developersReadPodsAndManageDeploymentsInTeamA() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, DEVELOPERS, Request.of("get", "pods/log").in(TEAM_A)));
    assertPassed(Access.can(policy, DEVELOPERS, Request.of("create", "deployments").in(TEAM_A)));
    assertHolds(policy, DEVELOPERS, TEAM_A, DEVELOPER_NEED, DEVELOPER_AT_MOST);
    assertHoldsNothingOutside(policy, DEVELOPERS, TEAM_A);
  }

  @Test
  @DisplayName("the ci service account gets, updates and patches deployments in lab09-team-a, and nothing more")
  void ciServiceAccountUpdatesDeploymentsOnly() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, CI, Request.of("patch", "deployments").named("web").in(TEAM_A)));
    assertHolds(policy, CI, TEAM_A, CI_NEED, CI_AT_MOST);
    assertPassed(Access.cannot(policy, Subject.serviceAccount(TEAM_A, "default"), Request.of("patch", "deployments").in(TEAM_A)));
    assertHoldsNothingOutside(policy, CI, TEAM_A);
  }

  @Test
  @DisplayName("auditors read what view shows, nodes and RBAC objects everywhere, and never secrets")
  void auditorsReadEverythingButSecrets() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, AUDITORS, Request.of("list", "pods")));
    assertPassed(Access.can(policy, AUDITORS, Request.of("get", "nodes")));
    assertPassed(Access.can(policy, AUDITORS, Request.of("list", "clusterrolebindings")));
    assertPassed(Access.cannot(policy, AUDITORS, Request.of("get", "secrets").in(TEAM_A)));
    assertPassed(Access.cannot(policy, AUDITORS, Request.of("list", "secrets")));
    List<PolicyRule> need = with(viewRules(), AUDITOR_EXTRAS);
    // cluster-wide, and in each namespace: a RoleBinding there must not add to what they hold everywhere
    for (String scope : everyScope(policy)) {
      assertHolds(policy, AUDITORS, scope, need, need);
    }
  }

  @Test
  @DisplayName("on-call engineers hold the view role in lab09-team-b and nothing anywhere else")
  void oncallViewsTeamBOnly() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, ONCALL, Request.of("get", "pods").in(TEAM_B)));
    assertPassed(Access.cannot(policy, ONCALL, Request.of("get", "secrets").in(TEAM_B)));
    assertHolds(policy, ONCALL, TEAM_B, viewRules(), viewRules());
    assertHoldsNothingOutside(policy, ONCALL, TEAM_B);
  }

  @Test
  @DisplayName("the policy names only the four subjects, uses no wildcards, lets nobody read secrets or exec into pods, and nobody escalate")
  void grantsNothingToAnyoneElse() {
    ManifestSet manifests = TeamPolicy.manifests();
    RbacPolicy policy = withBootstrap(manifests);
    // an empty policy grants nothing to anyone else either: first the needs must be met
    for (Verdict need : List.of(
        Access.can(policy, DEVELOPERS, Request.of("get", "pods").in(TEAM_A)),
        Access.can(policy, CI, Request.of("patch", "deployments").in(TEAM_A)),
        Access.can(policy, AUDITORS, Request.of("get", "nodes")),
        Access.can(policy, ONCALL, Request.of("get", "pods").in(TEAM_B)))) {
      assertThat(need.passed()).withFailMessage("this check looks at the whole policy once every need is met; not yet:%n%s", need.render()).isTrue();
    }

    List<String> strangers = new ArrayList<>();
    Set<String> bootstrapNames = bootstrapKeys();
    List<String> readerBindings = new ArrayList<>();
    for (HasMetadata object : manifests.objects()) {
      if (bootstrapNames.contains(key(object))) {
        strangers.add(key(object) + " replaces a role or binding every API server creates: leave the built-in ones alone");
      }
      List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects = List.of();
      if (object instanceof RoleBinding rb) {
        subjects = rb.getSubjects() == null ? List.of() : rb.getSubjects();
        readerBindings.add(key(object));
      } else if (object instanceof ClusterRoleBinding crb) {
        subjects = crb.getSubjects() == null ? List.of() : crb.getSubjects();
        readerBindings.add(key(object));
      }
      for (var s : subjects) {
        if (!isExpected(s)) {
          strangers.add(key(object) + " names " + s.getKind() + " " + (s.getNamespace() == null ? "" : s.getNamespace() + "/") + s.getName()
              + ", which is none of Group lab09-developers, ServiceAccount lab09-team-a/ci, Group lab09-auditors, Group lab09-oncall");
        }
      }
      for (PolicyRule rule : rulesOf(object)) {
        if (hasWildcard(rule)) {
          strangers.add(key(object) + " has a rule with \"*\": " + String.join(" ", RuleCoverage.describe(List.of(rule)))
              + " (a wildcard also grants whatever is added to the cluster later)");
        }
      }
    }
    UserInfo nobody = UserInfo.of("");
    List<Attributes> secretReads = new ArrayList<>();
    for (String scope : everyScope(policy)) {
      for (String ask : List.of("get secrets", "list secrets", "create pods/exec")) {
        secretReads.add(Request.parse(ask).in(scope).attributesFor(nobody));
      }
    }
    for (Attributes read : secretReads) {
      for (WhoCan.Grant grant : new WhoCan(policy).find(read).grants()) {
        if (grant.binding().map(b -> readerBindings.contains(key(b))).orElse(false)) {
          strangers.add(grant.subject().getKind() + " " + grant.subject().getName() + " may " + Requests.describe(read)
              + " through " + grant.via());
        }
      }
    }
    assertThat(strangers).withFailMessage("the policy grants more than the four needs:%n  %s", String.join("\n  ", strangers)).isEmpty();
    for (Subject subject : List.of(DEVELOPERS, CI, AUDITORS, ONCALL)) {
      assertPassed(Access.cannotEscalate(policy, subject));
    }
  }

  // ---- support

  static RbacPolicy policy() {
    return withBootstrap(TeamPolicy.manifests());
  }

  static RbacPolicy withBootstrap(ManifestSet manifests) {
    return RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(manifests.objects()).build();
  }

  static List<PolicyRule> viewRules() {
    return BootstrapPolicy.policy().clusterRole("view").orElseThrow().getRules();
  }

  static List<PolicyRule> with(List<PolicyRule> a, List<PolicyRule> b) {
    List<PolicyRule> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static void assertPassed(Verdict verdict) {
    assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
  }

  static void assertHoldsNothing(RbacPolicy policy, Subject subject, String namespace) {
    assertHolds(policy, subject, namespace, List.of(), List.of());
  }

  /** Nothing cluster-wide and nothing in any namespace but {@code home}. */
  static void assertHoldsNothingOutside(RbacPolicy policy, Subject subject, String home) {
    for (String scope : everyScope(policy)) {
      if (!scope.equals(home)) {
        assertHoldsNothing(policy, subject, scope);
      }
    }
  }

  /**
   * Where a grant can live: cluster-wide (""), the lab's namespaces, the cluster's own ones, and every
   * namespace the policy has a Role or RoleBinding in (a grant needs one of those, so none is missed).
   */
  static Set<String> everyScope(RbacPolicy policy) {
    return PolicyFacts.everyNamespace(policy, TEAM_A, TEAM_B);
  }

  static boolean isExpected(io.fabric8.kubernetes.api.model.rbac.Subject s) {
    String kind = s.getKind();
    String name = s.getName();
    if ("ServiceAccount".equals(kind)) {
      return "ci".equals(name) && TEAM_A.equals(s.getNamespace());
    }
    return "Group".equals(kind) && Set.of("lab09-developers", "lab09-auditors", "lab09-oncall").contains(name);
  }

  static boolean hasWildcard(PolicyRule rule) {
    for (List<String> values : List.of(nz(rule.getVerbs()), nz(rule.getApiGroups()), nz(rule.getResources()), nz(rule.getNonResourceURLs()))) {
      for (String value : values) {
        if (value.contains("*")) {
          return true;
        }
      }
    }
    return false;
  }

  static List<PolicyRule> rulesOf(HasMetadata object) {
    if (object instanceof Role role) {
      return nz(role.getRules());
    }
    if (object instanceof ClusterRole role) {
      return nz(role.getRules());
    }
    return List.of();
  }

  static Set<String> bootstrapKeys() {
    Set<String> keys = new HashSet<>();
    for (HasMetadata object : BootstrapPolicy.objects()) {
      keys.add(key(object));
    }
    return keys;
  }

  static String key(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + object.getMetadata().getName();
  }

  static String key(BindingRef binding) {
    return binding.kind().name() + " " + (binding.namespace().isEmpty() ? "" : binding.namespace() + "/") + binding.name();
  }

  static <T> List<T> nz(List<T> list) {
    return list == null ? List.of() : list;
  }
}
