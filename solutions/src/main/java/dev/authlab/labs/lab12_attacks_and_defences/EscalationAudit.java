package dev.authlab.labs.lab12_attacks_and_defences;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.WhoCan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lab 12, part 1: an audit that lists who can get more power than they were given, and how.
 *
 * <p>Look at the policy the way an attacker with one of its credentials would: not "what was this
 * binding meant for" but "what does it let me ask for". The library answers "who can do X?" the way
 * {@code kubectl who-can} does: {@code new WhoCan(policy).find(attributes)} lists every subject of
 * every binding whose role allows the request, with the binding ({@code Grant.binding()}); the
 * built-in {@code system:masters} entry has no binding and is not a finding.
 */
public final class EscalationAudit {

  private static final String RBAC = "rbac.authorization.k8s.io";

  /** Resources whose creation makes pods: group, resource. */
  private static final List<String[]> POD_MAKERS = List.of(
      new String[] {"", "pods"},
      new String[] {"apps", "deployments"},
      new String[] {"apps", "replicasets"},
      new String[] {"apps", "statefulsets"},
      new String[] {"apps", "daemonsets"},
      new String[] {"batch", "jobs"},
      new String[] {"batch", "cronjobs"});

  private EscalationAudit() {}

  /**
   * Every (subject, path) pair of the policy, for the paths {@link EscalationPath} defines. The
   * subject is the binding's subject as written ({@link SubjectRef#of}): a group's power is the
   * group's finding, not each member's. A subject with no path is not in the result; each pair is
   * there once.
   */
  public static Set<Finding> audit(RbacPolicy policy) {
    WhoCan whoCan = new WhoCan(policy);
    Set<Finding> findings = new LinkedHashSet<>();
    // "" first: a ClusterRoleBinding grants in every namespace; then each namespace's RoleBindings
    List<String> scopes = new ArrayList<>();
    scopes.add("");
    scopes.addAll(policy.namespaces());
    for (String ns : scopes) {
      for (String resource : List.of("roles", "clusterroles")) {
        add(findings, whoCan, ask("escalate", ns, RBAC, resource), EscalationPath.ESCALATE);
        add(findings, whoCan, ask("bind", ns, RBAC, resource), EscalationPath.BIND);
      }
      add(findings, whoCan, ask("impersonate", ns, "", "serviceaccounts"), EscalationPath.IMPERSONATE);
    }
    add(findings, whoCan, ask("impersonate", "", "", "users"), EscalationPath.IMPERSONATE);
    add(findings, whoCan, ask("impersonate", "", "", "groups"), EscalationPath.IMPERSONATE);
    add(findings, whoCan, ask("impersonate", "", "authentication.k8s.io", "uids"), EscalationPath.IMPERSONATE);
    add(findings, whoCan, ask("get", "", "", "secrets"), EscalationPath.READ_SECRETS);
    add(findings, whoCan, ask("list", "", "", "secrets"), EscalationPath.READ_SECRETS);

    // a pod may run as any service account of its namespace: making pods next to a powerful one is its power
    Set<String> powerfulNamespaces = new LinkedHashSet<>();
    for (Finding finding : findings) {
      if (finding.subject().isServiceAccount()) {
        powerfulNamespaces.add(finding.subject().namespace());
      }
    }
    for (String ns : powerfulNamespaces) {
      for (String[] maker : POD_MAKERS) {
        add(findings, whoCan, ask("create", ns, maker[0], maker[1]), EscalationPath.POD_AS_POWERFUL_SERVICE_ACCOUNT);
      }
    }
    return findings;
  }

  private static Attributes ask(String verb, String namespace, String group, String resource) {
    // who-can ignores the user; any user will do
    return new Attributes.Resource(UserInfo.of(""), verb, namespace, group, "*", resource, "", "");
  }

  private static void add(Set<Finding> findings, WhoCan whoCan, Attributes attributes, EscalationPath path) {
    for (WhoCan.Grant grant : whoCan.find(attributes).grants()) {
      if (grant.binding().isPresent()) {
        findings.add(new Finding(SubjectRef.of(grant.subject()), path));
      }
    }
  }
}
