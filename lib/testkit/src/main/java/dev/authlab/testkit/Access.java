package dev.authlab.testkit;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.Explanation;
import dev.authlab.authz.rbac.BindingRef;
import dev.authlab.authz.rbac.EscalationCheck;
import dev.authlab.authz.rbac.EscalationResult;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.Requests;
import dev.authlab.authz.rbac.RuleCoverage;
import dev.authlab.authz.rbac.RuleResolver;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Offline access checks against an {@link RbacPolicy}, answered the way kube-apiserver with
 * {@code --authorization-mode=RBAC} would answer them (system:masters first, then RBAC). The AssertJ
 * assertions and {@code authlab check} both call these, so they always agree.
 *
 * <p>Each check returns a {@link Verdict}; a {@link Verdict.Fail} carries what to change: the near
 * misses when access was expected, the granting binding and rule when it was not, the extra or
 * missing rules for {@link #canOnly}.
 */
public final class Access {

  /** The ClusterRoles every authenticated (or every) user is bound to by the bootstrap policy. */
  public static final Set<String> EVERYONE_ROLES = Set.of("system:basic-user", "system:discovery", "system:public-info-viewer");

  /** Name of the probe role the escalation checks try to grant: every verb on every resource. */
  public static final String PROBE_ROLE = "authlab-testkit-escalation-probe";

  /** How many uncovered pieces of one held rule a canOnly failure lists. */
  static final int PIECE_LIMIT = 5;

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  static final String AUTHN_GROUP = "authentication.k8s.io";

  private Access() {}

  /** Would the API server allow the request? */
  public static Verdict can(RbacPolicy policy, dev.authlab.testkit.Subject subject, Request request) {
    Decision decision = authorize(policy, request.attributesFor(subject.userInfo()));
    String what = request.describe();
    if (decision.isAllowed()) {
      return new Verdict.Pass(subject + " can " + what, decidingLines(decision));
    }
    return new Verdict.Fail("expected " + subject + " to be allowed to " + what + ", but it is not", decidingLines(decision));
  }

  /** Would the API server refuse the request? A failure names the binding and rule that grant it. */
  public static Verdict cannot(RbacPolicy policy, dev.authlab.testkit.Subject subject, Request request) {
    Decision decision = authorize(policy, request.attributesFor(subject.userInfo()));
    String what = request.describe();
    if (!decision.isAllowed()) {
      return new Verdict.Pass(subject + " cannot " + what);
    }
    return new Verdict.Fail("expected " + subject + " not to be allowed to " + what + ", but it is", decidingLines(decision));
  }

  /** {@link #canOnly(RbacPolicy, dev.authlab.testkit.Subject, String, List, boolean)} ignoring the everyone-roles. */
  public static Verdict canOnly(RbacPolicy policy, dev.authlab.testkit.Subject subject, String namespace, List<PolicyRule> allowed) {
    return canOnly(policy, subject, namespace, allowed, false);
  }

  /**
   * The subject holds exactly {@code allowed} in the namespace ("" for cluster-wide only): every rule
   * it holds is covered by the allowed set, and the allowed set is covered by what it holds (upstream's
   * rule coverage, in both directions). The bootstrap roles everyone is bound to through
   * system:authenticated / system:unauthenticated ({@link #EVERYONE_ROLES}) are left out unless
   * {@code includeEveryoneRoles}.
   */
  public static Verdict canOnly(
      RbacPolicy policy, dev.authlab.testkit.Subject subject, String namespace, List<PolicyRule> allowed, boolean includeEveryoneRoles) {
    UserInfo user = subject.userInfo();
    RuleResolver.ResolvedRules resolved = new RuleResolver(policy).rulesFor(user, namespace);
    List<PolicyRule> held = new ArrayList<>();
    List<String> extraLines = new ArrayList<>();
    for (RuleResolver.Visit.RuleFrom from : resolved.sources()) {
      if (!includeEveryoneRoles && isEveryoneBinding(from.binding())) {
        continue;
      }
      held.add(from.rule());
      RuleCoverage.Coverage beyond = RuleCoverage.covers(allowed, List.of(from.rule()));
      if (!beyond.covered()) {
        extraLines.add("- " + from.binding().shortName() + " -> " + from.binding().roleShortName() + ", rule " + from.ruleIndex() + ": "
            + String.join(" ", RuleCoverage.describe(List.of(from.rule()))));
        List<String> pieces = RuleCoverage.describe(beyond.uncovered());
        for (String piece : pieces.subList(0, Math.min(PIECE_LIMIT, pieces.size()))) {
          extraLines.add("    not allowed: " + piece);
        }
        if (pieces.size() > PIECE_LIMIT) {
          extraLines.add("    … and " + (pieces.size() - PIECE_LIMIT) + " more");
        }
      }
    }
    RuleCoverage.Coverage missing = RuleCoverage.covers(held, allowed);
    String where = namespace.isEmpty() ? "cluster-wide" : "in namespace " + GoStrings.quote(namespace);
    if (extraLines.isEmpty() && missing.covered()) {
      return new Verdict.Pass(subject + " holds exactly the allowed rules " + where);
    }
    List<String> lines = new ArrayList<>();
    if (!extraLines.isEmpty()) {
      lines.add("holds rules beyond the allowed set (remove them or allow them):");
      lines.addAll(extraLines);
    }
    if (!missing.covered()) {
      lines.add("lacks allowed rules (no binding grants them):");
      for (String piece : RuleCoverage.describe(missing.uncovered())) {
        lines.add("- " + piece);
      }
    }
    for (String error : resolved.errors()) {
      lines.add("error: " + error);
    }
    String problem = !extraLines.isEmpty() && !missing.covered() ? "more and less than" : !extraLines.isEmpty() ? "more than" : "less than";
    return new Verdict.Fail("expected " + subject + " to hold exactly the allowed rules " + where + ", but it holds " + problem + " that", lines);
  }

  /**
   * The subject cannot escalate anywhere the policy has objects: cluster-wide and in each namespace
   * of {@link RbacPolicy#namespaces()}.
   */
  public static Verdict cannotEscalate(RbacPolicy policy, dev.authlab.testkit.Subject subject) {
    return escalationVerdict(subject, "", escalationFindings(policy, subject, everyNamespace(policy)));
  }

  /**
   * The subject cannot grant itself (or anyone) more than it holds, cluster-wide or in the namespace
   * ("" for cluster-wide only). It must hold none of: escalate or bind on roles/clusterroles;
   * create/update/patch on roles/clusterroles, or create on rolebindings/clusterrolebindings, that
   * RBAC's escalation check would let through for a probe role granting "*" on "*"; impersonate on
   * users, groups, uids or serviceaccounts.
   */
  public static Verdict cannotEscalate(RbacPolicy policy, dev.authlab.testkit.Subject subject, String namespace) {
    return escalationVerdict(subject, namespace, escalationFindings(policy, subject, scopes(namespace)));
  }

  /** The subject cannot impersonate anyone, cluster-wide or in any namespace of the policy. */
  public static Verdict cannotImpersonate(RbacPolicy policy, dev.authlab.testkit.Subject subject) {
    return impersonationVerdict(subject, "", impersonationFindings(policy, subject, everyNamespace(policy)));
  }

  /**
   * The subject holds the impersonate verb on none of users, groups, uids (cluster-wide) and
   * serviceaccounts (in the namespace; "" for cluster-wide only).
   */
  public static Verdict cannotImpersonate(RbacPolicy policy, dev.authlab.testkit.Subject subject, String namespace) {
    return impersonationVerdict(subject, namespace, impersonationFindings(policy, subject, scopes(namespace)));
  }

  // --- escalation and impersonation -------------------------------------------------------------

  private static List<String> scopes(String namespace) {
    return namespace.isEmpty() ? List.of("") : List.of("", namespace);
  }

  private static List<String> everyNamespace(RbacPolicy policy) {
    List<String> scopes = new ArrayList<>();
    scopes.add("");
    scopes.addAll(policy.namespaces());
    return scopes;
  }

  private static Verdict escalationVerdict(dev.authlab.testkit.Subject subject, String namespace, List<String> findings) {
    String where = namespace.isEmpty() ? "" : " in namespace " + GoStrings.quote(namespace);
    if (findings.isEmpty()) {
      return new Verdict.Pass(subject + " cannot escalate its privileges" + where);
    }
    return new Verdict.Fail("expected " + subject + " not to be able to escalate its privileges" + where + ", but it can:", findings);
  }

  private static Verdict impersonationVerdict(dev.authlab.testkit.Subject subject, String namespace, List<String> findings) {
    String where = namespace.isEmpty() ? "" : " in namespace " + GoStrings.quote(namespace);
    if (findings.isEmpty()) {
      return new Verdict.Pass(subject + " cannot impersonate anyone" + where);
    }
    return new Verdict.Fail("expected " + subject + " not to be able to impersonate" + where + ", but it can:", findings);
  }

  private static List<String> escalationFindings(RbacPolicy policy, dev.authlab.testkit.Subject subject, List<String> scopes) {
    UserInfo user = subject.userInfo();
    RbacPolicy probed = RbacPolicy.builder().addAll(policy).add(probeClusterRole()).build();
    AuthorizerChain authorizer = authorizer(probed);
    EscalationCheck check = new EscalationCheck(probed);
    List<String> findings = new ArrayList<>();
    for (String ns : scopes) {
      // escalate and bind: writing or binding any role regardless of what one holds
      for (String verb : List.of("escalate", "bind")) {
        for (String resource : List.of("roles", "clusterroles")) {
          if (ns.isEmpty() && resource.equals("roles")) {
            continue;
          }
          addIfAllowed(findings, authorizer, new Attributes.Resource(user, verb, ns, RBAC_GROUP, "*", resource, "", ""), "");
        }
      }
      // writes of roles and bindings that the escalation check lets through for a grant-everything probe
      List<HasMetadata> probes = new ArrayList<>();
      if (ns.isEmpty()) {
        probes.add(probeClusterRole());
        probes.add(probeClusterRoleBinding());
      } else {
        probes.add(probeRole(ns));
        probes.add(probeRoleBinding(ns));
      }
      for (HasMetadata probe : probes) {
        String resource = resourceOf(probe);
        boolean isRole = probe instanceof Role || probe instanceof ClusterRole;
        // a binding's roleRef cannot change on update, so only creating one can grant a new role
        List<String> verbs = isRole ? List.of("create", "update", "patch") : List.of("create");
        for (String verb : verbs) {
          String name = verb.equals("create") ? "" : probe.getMetadata().getName();
          Attributes attributes = new Attributes.Resource(user, verb, ns, RBAC_GROUP, "*", resource, "", name);
          Decision decision = authorizer.authorize(attributes);
          if (!decision.isAllowed()) {
            continue;
          }
          EscalationResult result =
              verb.equals("create") ? check.checkCreate(user, probe) : check.checkUpdate(user, probe, emptied(probe));
          if (result instanceof EscalationResult.Permitted) {
            findings.add("- " + verb + " " + probe.getKind() + " granting \"*\" on \"*\"" + where(ns) + " (escalation check: " + result.message() + ")");
            for (String line : decidingLines(decision)) {
              findings.add("    " + line);
            }
          }
        }
      }
    }
    findings.addAll(impersonationFindings(probed, subject, scopes));
    return findings;
  }

  private static List<String> impersonationFindings(RbacPolicy policy, dev.authlab.testkit.Subject subject, List<String> scopes) {
    UserInfo user = subject.userInfo();
    AuthorizerChain authorizer = authorizer(policy);
    List<String> findings = new ArrayList<>();
    for (String ns : scopes) {
      if (ns.isEmpty()) {
        addIfAllowed(findings, authorizer, new Attributes.Resource(user, "impersonate", "", "", "*", "users", "", ""), "");
        addIfAllowed(findings, authorizer, new Attributes.Resource(user, "impersonate", "", "", "*", "groups", "", ""), "");
        addIfAllowed(findings, authorizer, new Attributes.Resource(user, "impersonate", "", AUTHN_GROUP, "*", "uids", "", ""), "");
      }
      addIfAllowed(findings, authorizer, new Attributes.Resource(user, "impersonate", ns, "", "*", "serviceaccounts", "", ""), "");
    }
    return findings;
  }

  private static void addIfAllowed(List<String> findings, AuthorizerChain authorizer, Attributes attributes, String note) {
    Decision decision = authorizer.authorize(attributes);
    if (decision.isAllowed()) {
      findings.add("- " + Requests.describe(attributes) + note);
      for (String line : decidingLines(decision)) {
        findings.add("    " + line);
      }
    }
  }

  private static String where(String ns) {
    return ns.isEmpty() ? " cluster-wide" : " in namespace " + GoStrings.quote(ns);
  }

  private static String resourceOf(HasMetadata probe) {
    if (probe instanceof Role) {
      return "roles";
    }
    if (probe instanceof ClusterRole) {
      return "clusterroles";
    }
    return probe instanceof RoleBinding ? "rolebindings" : "clusterrolebindings";
  }

  private static List<PolicyRule> everything() {
    return List.of(RuleSpec.rule(List.of("*"), List.of("*"), List.of(), List.of(), List.of("*")));
  }

  private static ClusterRole probeClusterRole() {
    ClusterRole role = new ClusterRole();
    role.setMetadata(new ObjectMetaBuilder().withName(PROBE_ROLE).build());
    role.setRules(everything());
    return role;
  }

  private static Role probeRole(String ns) {
    Role role = new Role();
    role.setMetadata(new ObjectMetaBuilder().withName(PROBE_ROLE).withNamespace(ns).build());
    role.setRules(everything());
    return role;
  }

  private static RoleRef probeRef() {
    RoleRef ref = new RoleRef();
    ref.setApiGroup(RBAC_GROUP);
    ref.setKind("ClusterRole");
    ref.setName(PROBE_ROLE);
    return ref;
  }

  private static Subject probeSubject() {
    Subject s = new Subject();
    s.setKind("User");
    s.setApiGroup(RBAC_GROUP);
    s.setName("authlab-testkit-probe-user");
    return s;
  }

  private static ClusterRoleBinding probeClusterRoleBinding() {
    ClusterRoleBinding binding = new ClusterRoleBinding();
    binding.setMetadata(new ObjectMetaBuilder().withName(PROBE_ROLE).build());
    binding.setRoleRef(probeRef());
    binding.setSubjects(List.of(probeSubject()));
    return binding;
  }

  private static RoleBinding probeRoleBinding(String ns) {
    RoleBinding binding = new RoleBinding();
    binding.setMetadata(new ObjectMetaBuilder().withName(PROBE_ROLE).withNamespace(ns).build());
    binding.setRoleRef(probeRef());
    binding.setSubjects(List.of(probeSubject()));
    return binding;
  }

  /** The object before an update: same name, no rules. */
  private static HasMetadata emptied(HasMetadata probe) {
    if (probe instanceof Role r) {
      Role old = new Role();
      old.setMetadata(r.getMetadata());
      old.setRules(List.of());
      return old;
    }
    ClusterRole old = new ClusterRole();
    old.setMetadata(probe.getMetadata());
    old.setRules(List.of());
    return old;
  }

  // --- shared ---------------------------------------------------------------------------------

  static AuthorizerChain authorizer(RbacPolicy policy) {
    return AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
  }

  static Decision authorize(RbacPolicy policy, Attributes attributes) {
    return authorizer(policy).authorize(attributes);
  }

  private static boolean isEveryoneBinding(BindingRef binding) {
    Subject matched = binding.subject();
    boolean viaEveryoneGroup =
        matched != null
            && "Group".equals(matched.getKind())
            && (UserInfo.ALL_AUTHENTICATED.equals(matched.getName()) || UserInfo.ALL_UNAUTHENTICATED.equals(matched.getName()));
    return viaEveryoneGroup && "ClusterRole".equals(binding.roleKind()) && EVERYONE_ROLES.contains(binding.roleName());
  }

  /**
   * The explanation of the authorizer that decided (for an allow: the granting binding and rule; for
   * a refusal: RBAC's near misses), without the chain's bookkeeping.
   */
  public static List<String> decidingLines(Decision decision) {
    Explanation explanation = decision.explanation();
    if (explanation instanceof AuthorizerChain.ChainExplanation chain && !chain.steps().isEmpty()) {
      AuthorizerChain.Step last = chain.steps().get(chain.steps().size() - 1);
      return last.decision().explanation().lines();
    }
    return explanation.lines();
  }
}
