package dev.authlab.labs.lab12_attacks_and_defences;

/**
 * The ways to more power that the audit looks for. Each is a question the RBAC authorizer can answer
 * for the policy alone ({@code kubectl auth can-i} against these objects, no built-in roles). Given.
 *
 * <p>"Anywhere" means cluster-wide (a ClusterRoleBinding) or in any namespace of the policy (a
 * RoleBinding there, or a ClusterRoleBinding).
 */
public enum EscalationPath {

  /**
   * {@code impersonate} on {@code users}, {@code groups} or {@code uids} (group
   * {@code authentication.k8s.io}) cluster-wide, or on {@code serviceaccounts} anywhere: the subject
   * can send requests as someone else ({@code kubectl --as}), and so gets whatever they have.
   */
  IMPERSONATE,

  /**
   * {@code escalate} on {@code roles} or {@code clusterroles} (group
   * {@code rbac.authorization.k8s.io}) anywhere: RBAC then lets the subject write rules it does not
   * hold itself, into a role bound to it.
   */
  ESCALATE,

  /**
   * {@code bind} on {@code roles} or {@code clusterroles} (group {@code rbac.authorization.k8s.io})
   * anywhere: RBAC then lets the subject bind itself to roles holding more than it holds.
   */
  BIND,

  /**
   * {@code get} or {@code list} on {@code secrets} cluster-wide: every service-account token stored
   * in a Secret, every password, every TLS key of the cluster.
   */
  READ_SECRETS,

  /**
   * {@code create} on {@code pods} (or on a workload that makes pods: {@code deployments},
   * {@code replicasets}, {@code statefulsets}, {@code daemonsets} in {@code apps}; {@code jobs},
   * {@code cronjobs} in {@code batch}) in a namespace that holds a ServiceAccount subject with one of
   * the other four paths. A pod can run as any service account of its namespace, and its token is
   * mounted in it, so whoever can make pods there has the service account's power. (Updating a
   * workload's pod template is just as good; the audit leaves that out to stay small.)
   */
  POD_AS_POWERFUL_SERVICE_ACCOUNT
}
