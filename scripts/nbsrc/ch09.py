"""Notebook 09-rbac-fundamentals.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "09-rbac-fundamentals.ipynb"

CELLS = [
    md(r'''
# 09 · RBAC fundamentals

Role-based access control answers one question: *may this user do this verb on this resource here?*
It knows four kinds of object:

* **Role** — rules (verbs × API groups × resources, optionally named objects) that apply in one namespace;
* **ClusterRole** — the same rules, usable cluster-wide or, through a RoleBinding, inside one namespace;
* **RoleBinding** — gives a Role or a ClusterRole to subjects *in its own namespace*;
* **ClusterRoleBinding** — gives a ClusterRole to subjects everywhere.

Subjects are users, groups and service accounts. Kubernetes keeps no user objects: a user or group name
exists only inside a credential, and RBAC matches the strings. RBAC only ever *adds* permissions: there
are no deny rules, and when nothing matches it has no opinion, which the API server turns into a 403.
'''),
    code(SETUP),
    md(r'''
## 1. Load a policy

`examples/policy` is what a platform team might keep in Git: a `developer` Role in `team-a` bound to the
group `dev`, the built-in `edit` ClusterRole bound to the CI service account in `team-a`, the `view`
ClusterRole bound to the group `sre` cluster-wide, and a binding whose role does not exist.
Every API server also creates default roles and bindings at start-up (`cluster-admin`, `view`, `edit`,
`admin`, `system:*`): `BootstrapPolicy` has the same ones.
'''),
    code(r'''
ManifestSet loaded = Manifests.load(kit("examples/policy"));
loaded.notes().forEach(note -> System.out.println("note: " + note));
var policy = RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(loaded.objects()).build();
System.out.println(String.format("examples/policy: %d objects; with the bootstrap policy: %d ClusterRoles, %d ClusterRoleBindings, %d Roles, %d RoleBindings",
    loaded.size(), policy.clusterRoles().size(), policy.clusterRoleBindings().size(), policy.roles().size(), policy.roleBindings().size()));'''),
    code(r'''
// The bindings from examples/policy: who gets which role, where.
String subjects(List<io.fabric8.kubernetes.api.model.rbac.Subject> list) {
  return list.stream().map(s -> s.getKind() + " " + (s.getNamespace() == null ? "" : s.getNamespace() + "/") + s.getName())
      .collect(Collectors.joining("\n"));
}
List<List<String>> rows = new ArrayList<>();
for (var object : loaded.objects()) {
  if (object instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding rb) {
    rows.add(List.of("RoleBinding", rb.getMetadata().getNamespace() + "/" + rb.getMetadata().getName(), subjects(rb.getSubjects()),
        rb.getRoleRef().getKind() + " " + rb.getRoleRef().getName()));
  } else if (object instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding crb) {
    rows.add(List.of("ClusterRoleBinding", crb.getMetadata().getName(), subjects(crb.getSubjects()),
        crb.getRoleRef().getKind() + " " + crb.getRoleRef().getName()));
  }
}
show(HtmlTable.of(List.of("kind", "binding", "subjects", "role"), rows).picture());'''),
    md(r'''
## 2. Ask RBAC, and ask why

`RbacAuthorizer` is the RBAC mode of the API server. Its decision carries an explanation: the binding,
role and rule that allowed the request, or the *near misses* — rules of bindings that name the user and
almost matched, with the field that did not.
'''),
    code(r'''
var rbac = new RbacAuthorizer(policy);
var jane = UserInfo.of("jane", "dev", "system:authenticated");

void ask(String label, Attributes attributes) {
  Decision decision = rbac.authorize(attributes);
  System.out.println((decision.isAllowed() ? "yes  " : "no   ") + label);
  decision.explanation().lines().forEach(line -> System.out.println("       " + line));
}

ask("jane: get pods in team-a", Attributes.resource(jane, "get", "pods").inNamespace("team-a"));
ask("jane: get pods/log in team-a", Attributes.resource(jane, "get", "pods").subresource("log").inNamespace("team-a"));
ask("jane: delete pods in team-a", Attributes.resource(jane, "delete", "pods").inNamespace("team-a"));
ask("jane: get pods in team-b", Attributes.resource(jane, "get", "pods").inNamespace("team-b"));'''),
    md(r'''
`resourceNames` narrows a rule to named objects: developers may patch the deployment `web`, and no other.
'''),
    code(r'''
var patchDeployment = Attributes.resource(jane, "patch", "deployments").inGroup("apps").inNamespace("team-a");
ask("jane: patch deployments/web in team-a", patchDeployment.named("web"));
ask("jane: patch deployments/api in team-a", patchDeployment.named("api"));'''),
    md(r'''
Service accounts are subjects too. The CI pipeline's account `ci` in `team-a` authenticates as
`system:serviceaccount:team-a:ci` with the groups `system:serviceaccounts` and
`system:serviceaccounts:team-a`; the RoleBinding `ci-edit` gives it the built-in `edit` ClusterRole, but
only in `team-a`.
'''),
    code(r'''
var ci = new UserInfo(ServiceAccountNames.username("team-a", "ci"), "", ServiceAccountNames.groups("team-a"), Map.of());
System.out.println("ci is " + ci.name() + " in " + ci.groups());
ask("ci: create deployments in team-a", Attributes.resource(ci, "create", "deployments").inGroup("apps").inNamespace("team-a"));
ask("ci: create deployments in kube-system", Attributes.resource(ci, "create", "deployments").inGroup("apps").inNamespace("kube-system"));'''),
    md(r'''
Aggregation: the ClusterRole `node-viewer` carries the label `rbac.authorization.k8s.io/aggregate-to-view`,
so its rules are folded into the built-in `view` role, and the group `sre` (bound to `view`) may read nodes.
The binding `legacy-auditors` points at a ClusterRole that does not exist; it grants nothing, and the
explanation says so.
'''),
    code(r'''
ask("sam (sre): list nodes", Attributes.resource(UserInfo.of("sam", "sre"), "list", "nodes"));
ask("ann (auditors): list nodes", Attributes.resource(UserInfo.of("ann", "auditors"), "list", "nodes"));'''),
    md(r'''
The same decision through the API server's chain, as a picture:
'''),
    code(DECISION_TABLE),
    code(r'''
var chain = AuthorizerChain.kubeApiServer(rbac);
showDecision("jane: delete pods in team-a", chain.authorize(Attributes.resource(jane, "delete", "pods").inNamespace("team-a")));
showDecision("jane: patch deployments/web in team-a", chain.authorize(patchDeployment.named("web")));'''),
    md(r'''
And as a graph: jane's groups, the bindings that name them, the roles those bindings point at, and the
roles' rules. The path that grants `patch deployments/web` is highlighted.
'''),
    code(r'''
show(RbacGraph.of(policy).highlighting(jane, patchDeployment.named("web")).picture());'''),
    md(r'''
## 3. Everything a user may do (`kubectl auth can-i --list`)
'''),
    code(RULES_TABLE + "\n\n" + r'''
var review = RulesReview.of(policy, jane, "team-a");
review.errors().forEach(e -> System.out.println("warning: " + e));
show(rulesTable("jane in team-a", review.rules()).picture());'''),
    md(r'''
## 4. Who can? (the question the other way round)

Auditors ask the reverse question: *who* may read the pods in `team-a`? `WhoCan` walks every binding.
Note the first answer: the group `system:masters` may do anything, and RBAC is never asked about it.
'''),
    code(r'''
void whoCan(Attributes attributes) {
  var result = new WhoCan(policy).find(attributes);
  new LinkedHashSet<>(result.errors()).forEach(e -> System.out.println("warning: " + e));
  for (var grant : result.grants()) {
    var s = grant.subject();
    String name = "ServiceAccount".equals(s.getKind()) ? s.getNamespace() + "/" + s.getName() : s.getName();
    System.out.println(String.format("  %-15s %-40s %s", s.getKind(), name, grant.via()));
  }
}
var nobody = UserInfo.of("");
System.out.println("who can get pods in team-a:");
whoCan(Attributes.resource(nobody, "get", "pods").inNamespace("team-a"));
System.out.println("who can patch deployments/web in team-a:");
whoCan(Attributes.resource(nobody, "patch", "deployments").inGroup("apps").inNamespace("team-a").named("web"));'''),
    md(r'''
## 5. A manifest mistake

`verbs` must be a list, even for one verb. The kit refuses such a manifest with the file and line, as
`kubectl apply` would refuse it. (This cell is meant to fail; it is tagged `raises-exception`.)
'''),
    code(r'''
Manifests.load(kit("examples/broken/role.yaml"));''', tags=["raises-exception"]),
    md(r'''
## 6. On a real API server

The manifests of `examples/policy` go into a real API server, and each question of section 2 goes to it
as a SubjectAccessReview (what `kubectl auth can-i --as` sends). The API server's RBAC follows new objects
within a moment, so the cell waits until it has seen them, then puts both answers side by side.
'''),
    code(r'''
// The cluster tier: a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start();'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  createAll(cp, loaded.objects());
  Map<String, Attributes> questions = new LinkedHashMap<>();
  questions.put("jane: get pods in team-a", Attributes.resource(jane, "get", "pods").inNamespace("team-a"));
  questions.put("jane: get pods/log in team-a", Attributes.resource(jane, "get", "pods").subresource("log").inNamespace("team-a"));
  questions.put("jane: delete pods in team-a", Attributes.resource(jane, "delete", "pods").inNamespace("team-a"));
  questions.put("jane: get pods in team-b", Attributes.resource(jane, "get", "pods").inNamespace("team-b"));
  questions.put("jane: patch deployments/web in team-a", patchDeployment.named("web"));
  questions.put("jane: patch deployments/api in team-a", patchDeployment.named("api"));
  questions.put("ci: create deployments in team-a", Attributes.resource(ci, "create", "deployments").inGroup("apps").inNamespace("team-a"));
  questions.put("ci: create deployments in kube-system", Attributes.resource(ci, "create", "deployments").inGroup("apps").inNamespace("kube-system"));
  questions.put("sam (sre): list nodes", Attributes.resource(UserInfo.of("sam", "sre"), "list", "nodes"));
  questions.put("ann (auditors): list nodes", Attributes.resource(UserInfo.of("ann", "auditors"), "list", "nodes"));
  showCompared(List.of("kubectl auth can-i …", "library", "kube-apiserver", ""), askBoth(cp, rbac, questions, "yes", "no"));
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 09 (RBAC fundamentals) asks you to write the Roles, ClusterRoles and bindings for four stated needs
(a developers group, a CI service account, auditors, an on-call group) in
`labs/src/main/resources/lab09/`, and checks they grant exactly what is asked and nothing more, with the
same decisions, `who-can` and the escalation check, then on a real API server. `./authlab grade 09`
grades it (add `--hint` for the next hint, `--tier cluster` for the API server).
Next notebook: 10, RBAC in depth (aggregation, subresources, non-resource URLs, escalate/bind/impersonate).
'''),
]
