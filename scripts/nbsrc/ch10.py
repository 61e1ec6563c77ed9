"""Notebook 10-rbac-in-depth.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "10-rbac-in-depth.ipynb"

CELLS = [
    md(r'''
# 10 · RBAC in depth

Notebook 09 covered the four RBAC objects and how a request is matched against a rule. This one is
about the parts of a rule that surprise people once they write their own policies, and about the
checks that keep RBAC from being used to hand out more than you have:

1. **aggregation**: how a small labelled ClusterRole ends up inside the built-in `view` role;
2. **resourceNames**: why a rule naming objects never allows `list` or `create`;
3. **subresources**: `pods` does not give `pods/log`, and `*/scale` is a wildcard for one subresource;
4. **non-resource URLs**: `/metrics`, `/logs/*`, and what the trailing `*` means;
5. **escalate, bind and impersonate**: three verbs that are about permissions themselves.

Each section builds a small policy on top of the bootstrap policy, asks the kit's `RbacAuthorizer`
(or `EscalationCheck`), and shows the answer together with the reason.
'''),
    code(SETUP),
    code(DECISION_TABLE + "\n\n" + RULES_TABLE),
    code(r'''
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

void showRules(String title, List<PolicyRule> rules) {
  show(rulesTable(title + " (" + rules.size() + " rules)", rules).picture());
}

// What this notebook creates and asks, kept so the cluster tier can create and ask the same on an API server.
List<io.fabric8.kubernetes.api.model.HasMetadata> created = new ArrayList<>();
Map<String, Attributes> asked = new LinkedHashMap<>();

/** Several requests against one RBAC authorizer: one row each, with RBAC's reason. */
void showAsks(String title, RbacAuthorizer rbac, Map<String, Attributes> requests) {
  var table = HtmlTable.of("request", "RBAC", "why").titled(title);
  for (var ask : requests.entrySet()) {
    asked.put(ask.getKey(), ask.getValue());
    Decision d = rbac.authorize(ask.getValue());
    table = table.row(ask.getKey(), d.isAllowed() ? "allowed" : "no (403)", String.join("\n", d.explanation().lines()));
  }
  show(table.picture());
}

/** The bootstrap policy plus a few objects, as a fresh API server with them applied would hold it. */
RbacPolicy withBootstrap(Collection<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
  created.addAll(objects);
  return RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(objects).build();
}'''),
    md(r'''
## 1. Aggregation

The built-in `view`, `edit` and `admin` roles are stored *empty*. Each carries an `aggregationRule`, a
label selector, and kube-controller-manager's clusterrole-aggregation controller keeps filling their
rules with the rules of every ClusterRole that matches the selector. Upstream ships the actual
permissions in `system:aggregate-to-view` (and `-edit`, `-admin`), labelled to match.
'''),
    code(r'''
ClusterRole storedView = BootstrapPolicy.objects().stream()
    .filter(o -> o instanceof ClusterRole c && c.getMetadata().getName().equals("view"))
    .map(o -> (ClusterRole) o).findFirst().orElseThrow();
System.out.println("view as the API server stores it: " + (storedView.getRules() == null ? 0 : storedView.getRules().size()) + " rules, aggregationRule selectors "
    + storedView.getAggregationRule().getClusterRoleSelectors().stream().map(s -> s.getMatchLabels()).toList());'''),
    md(r'''
`ClusterRoleAggregator` does what the controller does. Run over the bootstrap ClusterRoles, it gives
`view` its usual rules. (`RbacPolicy` runs it whenever a policy is built, so decisions always see the
aggregated roles.)
'''),
    code(r'''
List<ClusterRole> bootstrapRoles = BootstrapPolicy.objects().stream()
    .filter(o -> o instanceof ClusterRole).map(o -> (ClusterRole) o).toList();
ClusterRole viewBefore = ClusterRoleAggregator.aggregate(bootstrapRoles).stream()
    .filter(r -> r.getMetadata().getName().equals("view")).findFirst().orElseThrow();
showRules("view, aggregated from the bootstrap roles", viewBefore.getRules());'''),
    md(r'''
Now a platform team adds its own ClusterRole with the label `rbac.authorization.k8s.io/aggregate-to-view`
(the same `node-viewer` as in `examples/policy`, built here with fabric8's builder). Nobody edits `view`,
and yet everyone bound to `view` can now read nodes. This is how CRD operators make their resources
readable to viewers, and also how one ClusterRole with the wrong label quietly widens a role used everywhere.
'''),
    code(r'''
ClusterRole nodeViewer = new ClusterRoleBuilder()
    .withNewMetadata().withName("node-viewer").addToLabels("rbac.authorization.k8s.io/aggregate-to-view", "true").endMetadata()
    .addNewRule().withApiGroups("").withResources("nodes").withVerbs("get", "list", "watch").endRule()
    .build();
List<ClusterRole> withNodeViewer = new ArrayList<>(bootstrapRoles);
withNodeViewer.add(nodeViewer);
ClusterRole viewAfter = ClusterRoleAggregator.aggregate(withNodeViewer).stream()
    .filter(r -> r.getMetadata().getName().equals("view")).findFirst().orElseThrow();
showRules("view, aggregated with node-viewer", viewAfter.getRules());
var added = viewAfter.getRules().stream().filter(r -> !viewBefore.getRules().contains(r)).toList();
showRules("rules view gained", added);'''),
    code(r'''
// The same in decisions: the group sre is bound to view cluster-wide (examples/policy's sre-view).
var sreView = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
    .withNewMetadata().withName("sre-view").endMetadata()
    .addNewSubject().withKind("Group").withName("sre").withApiGroup("rbac.authorization.k8s.io").endSubject()
    .withNewRoleRef().withKind("ClusterRole").withName("view").withApiGroup("rbac.authorization.k8s.io").endRoleRef()
    .build();
var sam = UserInfo.of("sam", "sre", "system:authenticated");
var listNodes = Attributes.resource(sam, "list", "nodes");
showDecision("sam (sre), without node-viewer: list nodes", AuthorizerChain.kubeApiServer(new RbacAuthorizer(withBootstrap(List.of(sreView)))).authorize(listNodes));
showDecision("sam (sre), with node-viewer: list nodes", AuthorizerChain.kubeApiServer(new RbacAuthorizer(withBootstrap(List.of(sreView, nodeViewer)))).authorize(listNodes));'''),
    md(r'''
As a graph: sam's group is bound to `view`, and the rule that lets him list nodes sits in `view` only
because the aggregation controller copied it there from `node-viewer`.
'''),
    code(r'''
show(RbacGraph.of(withBootstrap(List.of(sreView, nodeViewer))).highlighting(sam, listNodes).picture());'''),
    md(r'''
## 2. resourceNames

`resourceNames` limits a rule to objects with those names. RBAC compares them with the *name in the
request*, and some requests have none: `list` and `watch` address the collection, and `create` is a POST
to the collection (the name is in the body, which the authorizer never reads). A rule with
`resourceNames` therefore never allows them, whatever verbs it lists. `deletecollection` is the same.
'''),
    code(r'''
var configPolicy = withBootstrap(Manifests.parse("config-reader.yaml", """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: app-config
      namespace: team-a
    rules:
    - apiGroups: [""]
      resources: ["configmaps"]
      resourceNames: ["app-config"]
      verbs: ["get", "update", "list", "watch", "create"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: rita-app-config
      namespace: team-a
    subjects:
    - kind: User
      name: rita
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      kind: Role
      name: app-config
      apiGroup: rbac.authorization.k8s.io
    """).objects());
var rita = UserInfo.of("rita", "system:authenticated");
var configmaps = Attributes.resource(rita, "get", "configmaps").inNamespace("team-a");
var asks = new LinkedHashMap<String, Attributes>();
asks.put("get configmaps/app-config", configmaps.named("app-config"));
asks.put("update configmaps/app-config", new Attributes.Resource(rita, "update", "team-a", "", "v1", "configmaps", "", "app-config"));
asks.put("get configmaps/db-config", configmaps.named("db-config"));
asks.put("list configmaps", new Attributes.Resource(rita, "list", "team-a", "", "v1", "configmaps", "", ""));
asks.put("create configmaps (name app-config in the body)", new Attributes.Resource(rita, "create", "team-a", "", "v1", "configmaps", "", ""));
showAsks("rita in team-a: a Role limited to configmaps/app-config", new RbacAuthorizer(configPolicy), asks);'''),
    md(r'''
`kubectl get configmap app-config` works; `kubectl get configmaps` does not. (A `watch` with
`fieldSelector=metadata.name=app-config` does carry the name, so a single object can still be watched.)
To let someone create an object, give `create` in a rule without `resourceNames`.
'''),
    md(r'''
## 3. Subresources

Some parts of an object have their own URL: `pods/log`, `pods/exec`, `deployments/scale`,
`*/status`. RBAC sees them as `resource/subresource`, and a rule for `pods` does **not** cover
`pods/log` or `pods/exec`: each has to be listed. The one wildcard is `*/sub`, which matches that
subresource of every resource (`*/scale` for anything an autoscaler can scale); `pods/*` has no
special meaning.
'''),
    code(r'''
var subresourcePolicy = withBootstrap(Manifests.parse("subresources.yaml", """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: pod-reader
      namespace: team-a
    rules:
    - apiGroups: [""]
      resources: ["pods"]
      verbs: ["get", "list", "watch"]
    - apiGroups: ["apps"]
      resources: ["*/scale"]
      verbs: ["get", "update", "patch"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: sid-pod-reader
      namespace: team-a
    subjects:
    - kind: User
      name: sid
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      kind: Role
      name: pod-reader
      apiGroup: rbac.authorization.k8s.io
    """).objects());
var sid = UserInfo.of("sid", "system:authenticated");
var pods = Attributes.resource(sid, "get", "pods").inNamespace("team-a").named("web-0");
var apps = new Attributes.Resource(sid, "update", "team-a", "apps", "v1", "deployments", "", "web");
var asks = new LinkedHashMap<String, Attributes>();
asks.put("get pods/web-0", pods);
asks.put("get pods/web-0/log", pods.subresource("log"));
asks.put("create pods/web-0/exec", new Attributes.Resource(sid, "create", "team-a", "", "v1", "pods", "exec", "web-0"));
asks.put("update deployments/web/scale", apps.subresource("scale"));
asks.put("update statefulsets/db/scale", new Attributes.Resource(sid, "update", "team-a", "apps", "v1", "statefulsets", "scale", "db"));
asks.put("update deployments/web", apps);
showAsks("sid in team-a: pods, and */scale in apps", new RbacAuthorizer(subresourcePolicy), asks);'''),
    md(r'''
The `why` column for `pods/log` names the mistake: the rule lists `pods`, and a resource does not
grant its subresources. That is also why `edit` lists `pods/exec` and `pods/attach` explicitly: read
access to pods must not mean a shell in them.
'''),
    md(r'''
## 4. Non-resource URLs

Requests outside `/api` and `/apis` (`/healthz`, `/version`, `/metrics`, `/logs/…`) have no resource,
group or namespace: only a path and a verb, which is the lower-case HTTP method (`get`, `post`, …).
A rule for them lists `nonResourceURLs`. Each entry is an exact path, `*`, or a prefix ending in `*`:
`/logs/*` matches everything that *starts with* `/logs/`, but not `/logs` itself. A `*` in the
middle is an ordinary character.

Because these paths have no namespace, non-resource rules only count through a **ClusterRoleBinding**:
the same ClusterRole bound by a RoleBinding gives nothing for them.
'''),
    code(r'''
var urlPolicy = withBootstrap(Manifests.parse("metrics.yaml", """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: scraper
    rules:
    - nonResourceURLs: ["/metrics", "/logs/*"]
      verbs: ["get"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: mona-scraper
    subjects:
    - kind: User
      name: mona
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      kind: ClusterRole
      name: scraper
      apiGroup: rbac.authorization.k8s.io
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: nina-scraper
      namespace: team-a
    subjects:
    - kind: User
      name: nina
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      kind: ClusterRole
      name: scraper
      apiGroup: rbac.authorization.k8s.io
    """).objects());
var mona = UserInfo.of("mona", "system:authenticated");
var asks = new LinkedHashMap<String, Attributes>();
asks.put("mona: get /metrics", Attributes.nonResource(mona, "get", "/metrics"));
asks.put("mona: get /metrics/cadvisor", Attributes.nonResource(mona, "get", "/metrics/cadvisor"));
asks.put("mona: get /logs/kube-apiserver.log", Attributes.nonResource(mona, "get", "/logs/kube-apiserver.log"));
asks.put("mona: get /logs", Attributes.nonResource(mona, "get", "/logs"));
asks.put("mona: post /metrics", Attributes.nonResource(mona, "post", "/metrics"));
asks.put("nina (RoleBinding in team-a): get /metrics", Attributes.nonResource(UserInfo.of("nina", "system:authenticated"), "get", "/metrics"));
asks.put("anyone authenticated: get /version (built-in discovery roles)", Attributes.nonResource(UserInfo.of("someone", "system:authenticated"), "get", "/version"));
showAsks("non-resource URLs", new RbacAuthorizer(urlPolicy), asks);'''),
    md(r'''
## 5. escalate, bind and impersonate

If `create` on `rolebindings` were all it took, anyone allowed to write bindings could bind
`cluster-admin` to themselves. The API server therefore checks every Role, ClusterRole, RoleBinding
and ClusterRoleBinding that is written (upstream's *escalation prevention*): you may only grant
permissions you already hold, in that namespace. Two verbs relax that on purpose:

* **bind** on a role (`roles` or `clusterroles`, usually with `resourceNames`) lets you create bindings
  to that role without holding its rules;
* **escalate** on `roles` or `clusterroles` lets you write rules you do not hold.

`EscalationCheck` is that check. In `examples/policy` the on-call lead olivia holds `developer-granter`:
`create` on rolebindings and `bind` on roles named `developer`, nothing else. She may hand out the
developer Role in team-a, which she does not hold herself, but not the built-in `edit` ClusterRole.
'''),
    code(r'''
var policy = withBootstrap(Manifests.load(kit("examples/policy")).objects());
var olivia = UserInfo.of("olivia", "system:authenticated");
io.fabric8.kubernetes.api.model.rbac.RoleBinding bindingTo(String kind, String role) {
  return new RoleBindingBuilder()
      .withNewMetadata().withName("new-dev-" + role).withNamespace("team-a").endMetadata()
      .addNewSubject().withKind("User").withName("newcomer").withApiGroup("rbac.authorization.k8s.io").endSubject()
      .withNewRoleRef().withKind(kind).withName(role).withApiGroup("rbac.authorization.k8s.io").endRoleRef()
      .build();
}
var check = new EscalationCheck(policy);
List<List<String>> rows = new ArrayList<>();
for (var binding : List.of(bindingTo("Role", "developer"), bindingTo("ClusterRole", "edit"))) {
  EscalationResult result = check.checkCreate(olivia, binding);
  rows.add(List.of("RoleBinding team-a/" + binding.getMetadata().getName() + " → " + binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName(),
      result.getClass().getSimpleName(), result.message()));
}
show(HtmlTable.of(List.of("object", "result", "message"), rows).titled("olivia creates a RoleBinding").picture());'''),
    md(r'''
The refusal is the API server's own message: it lists the rules of `edit` that olivia does not hold.
Her `bind` grant is limited by `resourceNames` to `developer`, and a binding's role reference *does*
carry a name, so the grant is checked against it. RBAC itself confirms she cannot use the role she
hands out:
'''),
    code(r'''
var chain = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
showDecision("olivia: bind roles/developer in team-a", chain.authorize(
    new Attributes.Resource(olivia, "bind", "team-a", "rbac.authorization.k8s.io", "*", "roles", "", "developer")));
showDecision("olivia: get pods in team-a", chain.authorize(Attributes.resource(olivia, "get", "pods").inNamespace("team-a")));'''),
    md(r'''
`impersonate` is the third such verb: it lets a user send requests as someone else (`kubectl --as`,
the `Impersonate-User` header), and the API server then authorizes the request as that other user.
The built-in `edit` role (through `system:aggregate-to-edit`) includes `impersonate` on `serviceaccounts`.
So the CI account `ci`, bound to `edit` in team-a, may act as *any* service account in team-a, with
whatever that account may do, including accounts with more than `edit`. Outside team-a it may not.
'''),
    code(r'''
var ci = new UserInfo(ServiceAccountNames.username("team-a", "ci"), "", ServiceAccountNames.groups("team-a"), Map.of());
showRules("edit: the impersonate rule", BootstrapPolicy.policy().clusterRole("edit").orElseThrow().getRules().stream()
    .filter(r -> r.getVerbs().contains("impersonate")).toList());
showDecision("ci: impersonate serviceaccounts/deployer in team-a", chain.authorize(
    Attributes.resource(ci, "impersonate", "serviceaccounts").inNamespace("team-a").named("deployer")));
showDecision("ci: impersonate serviceaccounts/admin in kube-system", chain.authorize(
    Attributes.resource(ci, "impersonate", "serviceaccounts").inNamespace("kube-system").named("admin")));'''),
    md(r'''
Anyone who can edit a namespace can therefore become every service account in it. When a namespace
holds an account with wide rights (a controller, a CI deployer with a ClusterRoleBinding), `edit` in
that namespace is worth as much as that account.
'''),
    md(r'''
## 6. On a real API server

Every object this notebook made goes into one real API server, and every question it asked goes to the
API server as a SubjectAccessReview. The library answers on the same objects, so the two columns must
agree. Two things happen on the server that the library did for itself above: kube-controller-manager's
aggregation controller fills `view` with `node-viewer`'s rules, and the API server's escalation check
judges olivia's two RoleBindings.
'''),
    code(r'''
// The cluster tier: a real kube-apiserver and kube-controller-manager (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start();'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  // one copy of each object (sections reuse some), created as the admin
  Map<String, io.fabric8.kubernetes.api.model.HasMetadata> unique = new LinkedHashMap<>();
  created.forEach(o -> unique.putIfAbsent(o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), o));
  createAll(cp, List.copyOf(unique.values()));
  var everything = new RbacAuthorizer(withBootstrap(unique.values()));
  Map<String, Attributes> questions = new LinkedHashMap<>(asked);
  questions.put("sam (sre, bound to view): list nodes", listNodes);
  questions.put("olivia: bind roles/developer in team-a", new Attributes.Resource(olivia, "bind", "team-a", "rbac.authorization.k8s.io", "*", "roles", "", "developer"));
  questions.put("ci: impersonate serviceaccounts/deployer in team-a", Attributes.resource(ci, "impersonate", "serviceaccounts").inNamespace("team-a").named("deployer"));
  questions.put("ci: impersonate serviceaccounts/admin in kube-system", Attributes.resource(ci, "impersonate", "serviceaccounts").inNamespace("kube-system").named("admin"));
  showCompared(List.of("request", "library", "kube-apiserver", ""), askBoth(cp, everything, questions, "allowed", "denied"));
}'''),
    md(r'''
And the escalation check, for real: olivia (through impersonation by the admin, as `kubectl --as olivia`
would do it) creates the two RoleBindings from section 5.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var asOlivia = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
      new io.fabric8.kubernetes.client.ConfigBuilder(cp.adminClient().getConfiguration())
          .withImpersonateUsername("olivia").withImpersonateGroups("system:authenticated").build()).build();
  List<List<String>> compared = new ArrayList<>();
  for (var binding : List.of(bindingTo("Role", "developer"), bindingTo("ClusterRole", "edit"))) {
    boolean library = check.checkCreate(olivia, binding).permitted();
    String apiServer;
    try {
      asOlivia.resource(binding).create();
      apiServer = "created";
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      apiServer = e.getCode() + ": " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
    compared.add(List.of(binding.getRoleRef().getKind() + " " + binding.getRoleRef().getName(), library ? "permitted" : "forbidden",
        apiServer.length() > 160 ? apiServer.substring(0, 160) + "…" : apiServer, library == apiServer.equals("created") ? "same" : "DIFFERENT"));
  }
  asOlivia.close();
  showCompared(List.of("olivia binds newcomer to", "library", "kube-apiserver", ""), compared);
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 10 (RBAC in depth) asks you to fix a handful of roles that grant too much or too little (a
`resourceNames` rule someone expected to allow `list`, a missing subresource, a binding that hands out
more than it should) in `labs/src/main/resources/lab10/`, and checks them with these decisions and on a
real API server: `./authlab grade 10` (add `--hint` for the next hint, `--tier cluster` for the API server).
'''),
]
