#!/usr/bin/env python3
"""Writes notebooks/*.ipynb from the cells below, without outputs, so they are committed clean.

    scripts/make-notebooks.py          (re)write every notebook
    scripts/make-notebooks.py --check  exit 1 if a committed notebook differs from what this writes

Needs only the Python standard library. Edit the cells here, not in JupyterLab (or copy changes back:
this file is the source of truth for the notebooks it lists).
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

METADATA = {
    "kernelspec": {"name": "authlab-java", "display_name": "Java (kube-authlab)", "language": "java"},
    "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"},
}

# The first code cell of every notebook: checks the kit is loaded and adds the HTML helper.
SETUP = r'''// The kernel "Java (kube-authlab)" starts with the kit's jar on its class path and the kit's packages
// imported (scripts/jshell-startup.jsh). This cell checks that, and adds a helper that shows HTML.
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Shows an HTML picture in the notebook; plainText is what terminals and plain viewers get. */
void showHtml(String html, String plainText) {
  DisplayData data = new DisplayData(plainText);
  data.putHTML(html);
  kernel().display(data);
}

String esc(String s) {
  return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
}

/** An HTML table: a header row, then the rows. */
String table(List<String> header, List<List<String>> rows) {
  StringBuilder html = new StringBuilder("<table><thead><tr>");
  header.forEach(h -> html.append("<th style='text-align:left'>").append(esc(h)).append("</th>"));
  html.append("</tr></thead><tbody>");
  for (List<String> row : rows) {
    html.append("<tr>");
    row.forEach(cell -> html.append("<td style='text-align:left'><pre style='margin:0'>").append(esc(cell)).append("</pre></td>"));
    html.append("</tr>");
  }
  return html.append("</tbody></table>").toString();
}

System.out.println("kit loaded: " + Path.of(RequestInfoResolver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName()
    + ", bootstrap policy of Kubernetes " + BootstrapPolicy.kubernetesVersion());'''

# A decision as an HTML table: one row per authorizer consulted, the deciding one last.
DECISION_TABLE = r'''/** A decision of AuthorizerChain as a picture: each authorizer asked, what it said and why. */
void showDecision(String title, Decision decision) {
  List<List<String>> rows = new ArrayList<>();
  if (decision.explanation() instanceof AuthorizerChain.ChainExplanation chain) {
    for (AuthorizerChain.Step step : chain.steps()) {
      Decision d = step.decision();
      String verdict = d instanceof Decision.Allow ? "allow" : d instanceof Decision.Deny ? "deny" : "no opinion";
      rows.add(List.of(step.authorizer(), verdict, String.join("\n", d.explanation().lines())));
    }
  } else {
    rows.add(List.of("?", decision.isAllowed() ? "allow" : "not allowed", decision.explanation().render()));
  }
  String outcome = decision.isAllowed() ? "allowed" : "forbidden (403)";
  showHtml("<p><b>" + esc(title) + "</b>: " + outcome + "</p>" + table(List.of("authorizer", "verdict", "why"), rows),
      title + ": " + outcome + "\n" + decision.explanation().render());
}'''

CLUSTER_SKIPPED = r'''// The cluster tier: the same experiment against a real kube-apiserver.
System.out.println("cluster tier: skipped in this slice (the cluster cells arrive with the control-plane work; see docs/notebooks.md)");'''


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")}


def code(text, tags=()):
    meta = {"tags": list(tags)} if tags else {}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": text.strip("\n")}


def notebook(cells):
    numbered = []
    for i, cell in enumerate(cells):
        cell = dict(cell)
        cell["id"] = "cell-%02d" % i
        cell["source"] = split_lines(cell["source"])
        numbered.append(cell)
    return {"cells": numbered, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


def split_lines(text):
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


# ------------------------------------------------------------------------------------------------
REQUEST_JOURNEY = [
    md(r'''
# 00 · The request's journey

Whatever sends it — `kubectl`, a CI pipeline, a controller inside a pod — every request to Kubernetes ends
up at the API server, and the API server handles each one in the same order:

1. **Work out what is asked.** From the HTTP method and the URL it derives a *RequestInfo*: the verb
   (`get`, `list`, `watch`, `create`, …), the API group, the resource, the namespace, the object name.
2. **Authentication: who is asking?** A chain of authenticators looks at the credentials (client
   certificate, bearer token, proxy headers). The result is a user: a name, a uid, groups.
   No identity and anonymous access switched off, or a credential that is wrong: **401 Unauthorized**.
3. **Authorization: may they?** A chain of authorizers (RBAC, usually) looks at *user + RequestInfo*.
   Nobody allows it: **403 Forbidden**.
4. Admission control and storage come after; this notebook stops at the door.

This notebook runs each step with the kit's library, which follows the API server's own code.
'''),
    code(SETUP),
    md(r'''
## 1. What is asked: RequestInfo

The API server never reads the request body to decide *what* a request is: method and path are enough.
`GET` on a collection is `list`, or `watch` with `?watch=true`; `DELETE` on a collection is
`deletecollection`; a path segment after the object name is a subresource (`pods/log`). Paths outside
`/api` and `/apis`, such as `/healthz`, are *non-resource* requests.
'''),
    code(r'''
var resolver = new RequestInfoResolver();
List<List<String>> rows = new ArrayList<>();
for (String line : List.of(
    "GET /api/v1/namespaces/team-a/pods",
    "GET /api/v1/namespaces/team-a/pods?watch=true",
    "GET /api/v1/namespaces/team-a/pods/web/log",
    "DELETE /api/v1/namespaces/team-a/pods",
    "PATCH /apis/apps/v1/namespaces/team-a/deployments/web",
    "GET /api/v1/nodes",
    "GET /healthz")) {
  String[] parts = line.split(" ", 2);
  RequestInfo info = resolver.resolve(parts[0], parts[1]);
  rows.add(List.of(line, info.verb(), info.isResourceRequest() ? "resource" : "non-resource",
      info.apiGroup().isEmpty() ? (info.isResourceRequest() ? "(core)" : "") : info.apiGroup(),
      info.resource() + (info.subresource().isEmpty() ? "" : "/" + info.subresource()), info.namespace(), info.name()));
}
var header = List.of("request", "verb", "kind", "group", "resource", "namespace", "name");
showHtml(table(header, rows), rows.stream().map(r -> String.join(" | ", r)).collect(Collectors.joining("\n")));'''),
    code(r'''
// The whole record, as JSON with the field names of upstream's RequestInfo struct:
System.out.println(resolver.resolve("GET", "/api/v1/namespaces/team-a/pods/web/log").toJson());'''),
    md(r'''
## 2. Who is asking: authentication

The kit builds the API server's authentication chain from the same inputs as `kube-apiserver`'s flags.
Here: a static token file (`--token-auth-file=examples/authn/tokens.csv`, with users `alice` in groups
`admins` and `dev`, and `bob` in no group) and anonymous access left on, as it is by default
(`--anonymous-auth=true`).

Three kinds of outcome matter:
* a credential an authenticator recognises: **authenticated** (the group `system:authenticated` is added);
* no credential at all: nobody has an opinion, so the request is **anonymous** (`system:anonymous`) when
  anonymous access is on, and 401 when it is off;
* a credential that is wrong: **401**, *not* anonymous. A bad token never downgrades to anonymous.
'''),
    code(r'''
var settings = AuthnSettings.builder()
    .tokenFile(AuthnSettings.TokenFile.read(kit("examples/authn/tokens.csv")))
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
var authenticator = settings.authenticator(AuthnSettings.Environment.defaults());
String aliceToken = "31ada4fd-adec-460c-809a-9e56ceb75269";
String bobToken = "0b7e1e6c-6c2f-4a0e-9c8d-5d2b1f3a7e90";

AuthenticationRequest request(String method, String url, String token) {
  var req = new AuthenticationRequest(method, url, Map.of(), List.of(), List.of());
  return token == null ? req : req.withHeader("Authorization", "Bearer " + token);
}

for (String token : Arrays.asList(aliceToken, "not-a-real-token", null)) {
  AuthnResult result = authenticator.authenticate(request("GET", "/api/v1/namespaces/team-a/pods", token));
  String who = result instanceof AuthnResult.Authenticated a ? a.user().name() + " " + a.user().groups() : "401 Unauthorized";
  System.out.println("token " + (token == null ? "(none)" : token.substring(0, 8) + "…") + " -> " + who);
  result.trace().lines().forEach(line -> System.out.println("    " + line));
}'''),
    md(r'''
## 3. May they: authorization

The authorizer chain here is what `--authorization-mode=RBAC` builds: first the built-in check that lets
the group `system:masters` do anything, then RBAC. The policy is the default roles every API server
creates (`BootstrapPolicy`) plus the manifests in `examples/policy` (team-a's developers may read pods).
'''),
    code(r'''
var policy = RbacPolicy.builder()
    .addAll(BootstrapPolicy.objects())
    .addAll(Manifests.load(kit("examples/policy")).objects())
    .build();
var authorizer = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
System.out.println("authorizers, in order: " + authorizer.authorizers().stream().map(Authorizer::name).toList());'''),
    code(DECISION_TABLE),
    md(r'''
## 4. The whole pipeline: 200, 401 or 403

`serve` plays the API server: RequestInfo, then authentication, then authorization. Watch the difference
between **401** ("I don't know who you are") and **403** ("I know who you are, and you may not").
'''),
    code(r'''
record Outcome(int status, String line, Decision decision) {}

String target(RequestInfo info) {
  return info.isResourceRequest() ? info.resource() + (info.subresource().isEmpty() ? "" : "/" + info.subresource()) : info.path();
}

Outcome serve(String method, String url, String token) {
  RequestInfo info = resolver.resolve(method, url);
  AuthnResult authn = authenticator.authenticate(request(method, url, token));
  if (!(authn instanceof AuthnResult.Authenticated authenticated)) {
    String why = authn instanceof AuthnResult.Failed f ? f.reason() : "no credentials and anonymous access is off";
    return new Outcome(401, "401 Unauthorized (" + why + ")", null);
  }
  UserInfo user = authenticated.user();
  Decision decision = authorizer.authorize(Attributes.of(user, info));
  if (decision.isAllowed()) {
    return new Outcome(200, "200 OK: " + user.name() + " may " + info.verb() + " " + target(info), decision);
  }
  return new Outcome(403, "403 Forbidden: " + user.name() + " cannot " + info.verb() + " " + target(info)
      + (info.namespace().isEmpty() ? "" : " in namespace " + info.namespace()), decision);
}

for (String[] c : new String[][] {
    {"alice", aliceToken, "GET", "/api/v1/namespaces/team-a/pods"},
    {"alice", aliceToken, "DELETE", "/api/v1/namespaces/team-a/pods/web"},
    {"bob", bobToken, "GET", "/api/v1/namespaces/team-a/pods"},
    {"a bad token", "not-a-real-token", "GET", "/api/v1/namespaces/team-a/pods"},
    {"no token", null, "GET", "/api/v1/namespaces/team-a/pods"},
    {"no token", null, "GET", "/healthz"}}) {
  System.out.println(String.format("%-12s %-6s %-40s => %s", c[0], c[2], c[3], serve(c[2], c[3], c[1]).line()));
}'''),
    md(r'''
Bob is authenticated (his token is in the file) but no binding gives him anything in `team-a`: 403.
The bad token is rejected outright: 401, even though anonymous access is on. With no token at all the
request is anonymous, and anonymous users may read `/healthz` (the default role `system:public-info-viewer`)
but not pods.

Here is why Bob got a 403, as the chain saw it:
'''),
    code(r'''
showDecision("bob: GET /api/v1/namespaces/team-a/pods", serve("GET", "/api/v1/namespaces/team-a/pods", bobToken).decision());'''),
    code(r'''
showDecision("alice: GET /api/v1/namespaces/team-a/pods", serve("GET", "/api/v1/namespaces/team-a/pods", aliceToken).decision());'''),
    md(r'''
## 5. On a real API server
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 00 (the request's journey) asks you to write parts of this pipeline yourself:
`./authlab grade 00` once the labs are in (`labs/`, issue 6). Next notebook: 01, the authentication workflow.
'''),
]

RBAC_FUNDAMENTALS = [
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
showHtml(table(List.of("kind", "binding", "subjects", "role"), rows),
    rows.stream().map(r -> String.join(" | ", r).replace("\n", ", ")).collect(Collectors.joining("\n")));'''),
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
## 3. Everything a user may do (`kubectl auth can-i --list`)
'''),
    code(r'''
var review = RulesReview.of(policy, jane, "team-a");
review.errors().forEach(e -> System.out.println("warning: " + e));
List<List<String>> ruleRows = new ArrayList<>();
for (var rule : review.rules()) {
  ruleRows.add(List.of(RulesReview.resourcesColumn(rule),
      RulesReview.goList(rule.getNonResourceURLs() == null ? List.of() : rule.getNonResourceURLs()),
      RulesReview.goList(rule.getResourceNames() == null ? List.of() : rule.getResourceNames()),
      RulesReview.goList(rule.getVerbs())));
}
showHtml("<p><b>jane in team-a</b></p>" + table(List.of("Resources", "Non-Resource URLs", "Resource Names", "Verbs"), ruleRows),
    ruleRows.stream().map(r -> String.join("  ", r)).collect(Collectors.joining("\n")));'''),
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
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 09 (RBAC fundamentals) asks you to write Roles and bindings that give exactly the access asked for,
and checks them with the same decisions: `./authlab grade 09` once the labs are in (`labs/`, issue 6).
Next notebook: 10, RBAC in depth (aggregation, subresources, non-resource URLs, escalate/bind/impersonate).
'''),
]

RBAC_IN_DEPTH = [
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
    code(DECISION_TABLE),
    code(r'''
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

/** Rules as a table, in the columns of `kubectl describe clusterrole`. */
List<List<String>> ruleRows(List<PolicyRule> rules) {
  List<List<String>> rows = new ArrayList<>();
  for (PolicyRule rule : rules) {
    rows.add(List.of(RulesReview.resourcesColumn(rule),
        RulesReview.goList(rule.getNonResourceURLs() == null ? List.of() : rule.getNonResourceURLs()),
        RulesReview.goList(rule.getResourceNames() == null ? List.of() : rule.getResourceNames()),
        RulesReview.goList(rule.getVerbs())));
  }
  return rows;
}

void showRules(String title, List<PolicyRule> rules) {
  var rows = ruleRows(rules);
  showHtml("<p><b>" + esc(title) + "</b> (" + rows.size() + " rules)</p>" + table(List.of("Resources", "Non-Resource URLs", "Resource Names", "Verbs"), rows),
      title + "\n" + rows.stream().map(r -> String.join("  ", r)).collect(Collectors.joining("\n")));
}

/** Several requests against one RBAC authorizer: one row each, with RBAC's reason. */
void showAsks(String title, RbacAuthorizer rbac, Map<String, Attributes> requests) {
  List<List<String>> rows = new ArrayList<>();
  requests.forEach((label, attributes) -> {
    Decision d = rbac.authorize(attributes);
    rows.add(List.of(label, d.isAllowed() ? "allowed" : "no (403)", String.join("\n", d.explanation().lines())));
  });
  showHtml("<p><b>" + esc(title) + "</b></p>" + table(List.of("request", "RBAC", "why"), rows),
      title + "\n" + rows.stream().map(r -> String.join(" | ", r)).collect(Collectors.joining("\n")));
}

/** The bootstrap policy plus a few objects, as a fresh API server with them applied would hold it. */
RbacPolicy withBootstrap(Collection<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
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
showHtml("<p><b>olivia creates a RoleBinding</b></p>" + table(List.of("object", "result", "message"), rows),
    rows.stream().map(r -> String.join(" | ", r)).collect(Collectors.joining("\n")));'''),
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
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 10 (RBAC in depth) asks you to fix a handful of roles that grant too much or too little (a
`resourceNames` rule someone expected to allow `list`, a missing subresource, a binding that hands out
more than it should) and checks them with these decisions: `./authlab grade 10` once the labs are in
(`labs/`, issue 6).
'''),
]

# An authentication result as an HTML table: one row per step of the trace.
AUTHN_TRACE = r'''/** An authentication result as a picture: each authenticator the request met, its verdict and its reason. */
String outcome(AuthnResult result) {
  if (result instanceof AuthnResult.Authenticated a) {
    return "authenticated as " + a.user().name() + " " + a.user().groups();
  }
  return result instanceof AuthnResult.Failed f ? "401 Unauthorized (" + f.reason() + ")" : "401 Unauthorized (nobody recognised a credential)";
}

void showTrace(String title, AuthnResult result) {
  List<List<String>> rows = new ArrayList<>();
  for (Trace.Step step : result.trace().steps()) {
    rows.add(List.of(step.authenticator(), step.verdict().label(), step.reason()));
  }
  showHtml("<p><b>" + esc(title) + "</b>: " + esc(outcome(result)) + "</p>" + table(List.of("authenticator", "verdict", "reason"), rows),
      title + ": " + outcome(result) + "\n" + result.trace().lines().stream().map(l -> "    " + l).collect(Collectors.joining("\n")));
}'''


AUTHN_WORKFLOW = [
    md(r'''
# 01 · The authentication workflow

Notebook 00 showed that authentication is the second thing the API server does with a request. This one
opens that step up. You hold a kubeconfig, and that file carries *one* kind of credential: a client
certificate, a bearer token, or a command that fetches a token. The API server does not know in advance
which kind you send, so it keeps a list of authenticators and shows the request to them one after the other.

The blog post gives that list as: static token file, client certificate, webhook token, OIDC, HTTP proxy.
That is a fair inventory of *what* exists, but it is not the order the API server uses, and the order
matters when a request carries more than one credential, or a credential that is wrong. This notebook
builds the chain the way `kube-apiserver` builds it from its flags and looks at four things:

* the real order of the authenticators;
* the first one that recognises the caller ends the search;
* "this credential is wrong" (an **error**) is not the same as "this is not my kind of credential"
  (**no opinion**), and a wrong token is never turned into an anonymous request;
* everyone who authenticates gets the group `system:authenticated` on top of their own groups.
'''),
    code(SETUP),
    code(AUTHN_TRACE),
    md(r'''
## 1. The chain, as the API server builds it

The kit's examples (`examples/authn`) hold what a small cluster's flags would point at:
`tokens.csv` for `--token-auth-file` (alice and bob), `pki/ca.crt` for `--client-ca-file` (it signed
jane's certificate), and `pki/front-proxy-ca.crt` for the authenticating proxy
(`--requestheader-client-ca-file`, with kubeadm's header names `X-Remote-User` and `X-Remote-Group`).
Anonymous access is on, as it is by default. `AuthnSettings` turns these into an `ApiServerAuthenticator`,
and `order()` lists what it will consult.
'''),
    code(r'''
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.authn.requestheader.RequestHeaderConfig;

var settings = AuthnSettings.builder()
    .tokenFile(AuthnSettings.TokenFile.read(kit("examples/authn/tokens.csv")))
    .clientCa(ClientCaConfig.fromFile(kit("examples/authn/pki/ca.crt")))
    .requestHeader(RequestHeaderConfig.kubeadmDefaults(Pem.readCertificates(kit("examples/authn/pki/front-proxy-ca.crt"))))
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
ApiServerAuthenticator apiServer = settings.authenticator(AuthnSettings.Environment.defaults());

List<String> postOrder = List.of("static token file", "client certificate", "webhook token", "OIDC", "HTTP proxy");
List<String> realOrder = apiServer.order();
List<List<String>> rows = new ArrayList<>();
for (int i = 0; i < Math.max(postOrder.size(), realOrder.size()); i++) {
  rows.add(List.of(String.valueOf(i + 1), i < postOrder.size() ? postOrder.get(i) : "", i < realOrder.size() ? realOrder.get(i) : ""));
}
showHtml(table(List.of("#", "the post's list", "kube-apiserver's order (this configuration)"), rows),
    rows.stream().map(r -> String.join(" | ", r)).collect(Collectors.joining("\n")));'''),
    md(r'''
Reading the right-hand column from the top:

* a **loopback** token check comes first: the API server's own internal clients use a random token made
  at start-up, so for your token this step always fails with "invalid bearer token" (and the chain goes on);
* the **authenticating proxy** (`requestheader`) is consulted before anything else you configured, then
  **client certificates**;
* all **bearer-token** methods sit together in one union, in a fixed order: token file, service-account
  tokens (legacy, then bound), bootstrap tokens, OIDC/JWT issuers, the webhook. Methods that are not
  configured (here: everything but the token file) are simply absent;
* the **group adder** is not an authenticator: it adds `system:authenticated` to whoever got through;
* **anonymous** is last, and only present because anonymous access is on.
'''),
    md(r'''
## 2. The first success wins

jane's certificate and alice's token are both valid. A request carrying both is decided by whichever
authenticator comes first: client certificates, before any bearer token. The token file is never consulted.

Look also at the `requestheader` row for jane: it *failed* (her certificate is not from the front-proxy CA),
and yet x509 was asked next. The configured authenticators form a union that notes an error and moves on;
the error only matters if nobody after it succeeds.
'''),
    code(r'''
var janeCert = Pem.readCertificate(kit("examples/authn/pki/jane.crt"));
String aliceToken = "31ada4fd-adec-460c-809a-9e56ceb75269";
var pods = AuthenticationRequest.get("/api/v1/namespaces/team-a/pods");

showTrace("jane's certificate", apiServer.authenticate(pods.withClientCertificates(List.of(janeCert))));
showTrace("alice's token", apiServer.authenticate(pods.withHeader("Authorization", "Bearer " + aliceToken)));
showTrace("jane's certificate and alice's token", apiServer.authenticate(
    pods.withClientCertificates(List.of(janeCert)).withHeader("Authorization", "Bearer " + aliceToken)));'''),
    md(r'''
## 3. An error is not "no opinion", and a bad token is not anonymous

Each authenticator answers one of three things: *authenticated*, *no opinion* (no credential of my kind
here, ask the next one), or *failed* (a credential of my kind, and it is wrong). With no credential at
all, every authenticator has no opinion and the request falls through to anonymous. With a token nobody
knows, the bearer-token step *fails* ("invalid bearer token"), and the API server wraps the chain so that
a failure stops it before anonymous is reached (upstream calls this `FailOnError`): the answer is 401.
If a wrong token became anonymous, a typo would quietly give you the anonymous user's permissions, and an
attacker could probe tokens without ever seeing an error.
'''),
    code(r'''
showTrace("no credentials", apiServer.authenticate(pods));
showTrace("a token nobody knows", apiServer.authenticate(pods.withHeader("Authorization", "Bearer not-a-real-token")));'''),
    md(r'''
The same goes for a certificate the client CA did not sign: the x509 step fails, and the request is
rejected rather than treated as anonymous. The front-proxy client certificate is signed by a different
CA (the front-proxy CA), so presenting it *without* proxy headers is exactly that case.
'''),
    code(r'''
var proxyCert = Pem.readCertificate(kit("examples/authn/pki/front-proxy-client.crt"));
showTrace("the proxy's certificate, no X-Remote-User", apiServer.authenticate(pods.withClientCertificates(List.of(proxyCert))));'''),
    md(r'''
## 4. The authenticating proxy, and `system:authenticated`

With the proxy's certificate *and* the headers, the first configured authenticator, `requestheader`,
takes the user name and groups from the headers. Note the groups of every authenticated user in this
notebook: the group adder put `system:authenticated` after the groups the credential carried. RBAC
bindings to `system:authenticated` therefore apply to every user, whichever way they logged in.
The same headers sent by a client without the proxy's certificate are not trusted.
'''),
    code(r'''
var viaProxy = pods.withHeader("X-Remote-User", "dana").withHeader("X-Remote-Group", "sre");
showTrace("through the front proxy", apiServer.authenticate(viaProxy.withClientCertificates(List.of(proxyCert))));
showTrace("the same headers, sent directly", apiServer.authenticate(viaProxy));'''),
    md(r'''
## 5. On a real API server
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 01 (the authentication workflow) asks you to predict, for a handful of requests, which authenticator
decides and what the user will be, and checks your answers against this chain: `./authlab grade 01` once
the labs are in (`labs/`, issue 6). Next notebook: 02, the static token file.
'''),
]

STATIC_TOKEN_FILE = [
    md(r'''
# 02 · The static token file

The simplest authenticator to set up: a CSV file on the control-plane host, named by the API server flag
`--token-auth-file`. Each line maps a bearer token to a user. If you have ever been handed a kubeconfig
with a `token:` field on a test cluster, it may have come from such a file.

It is worth understanding, and worth not using in production. This notebook shows the format, the places
where the API server's parser surprises people (it is stricter and more literal than you would guess),
why the file is a liability, and how to ask "who is this token?" through a TokenReview.
'''),
    code(SETUP),
    code(AUTHN_TRACE),
    md(r'''
## 1. The format

One record per line: `token,user,uid`, then optionally a fourth column with the groups, separated by
commas, which is why that column is usually quoted. `StaticToken` describes one line and refuses values
nobody could use; `TokenFileConfig` writes the file exactly as a real API server would read it.
'''),
    code(r'''
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.authn.tokenfile.TokenFileException;

var config = TokenFileConfig.of(
    new StaticToken("c1d2e3f4a5b6c7d8", "carol", "2001", List.of("dev", "ops")),
    new StaticToken("e5f6a7b8c9d0e1f2", "dave", "2002", List.of()),
    StaticToken.of("a9b8c7d6e5f4a3b2", "ci-bot", "ci"));
System.out.print(config.toCsv());
System.out.println("printed as objects, only fingerprints show: " + config.tokens().get(0));'''),
    code(r'''
var fromFile = config.authenticator();
List<List<String>> rows = new ArrayList<>();
for (String token : List.of("c1d2e3f4a5b6c7d8", "e5f6a7b8c9d0e1f2", "a9b8c7d6e5f4a3b2", "0000000000000000")) {
  AuthnResult r = fromFile.authenticateToken(token, List.of());
  String user = r instanceof AuthnResult.Authenticated a ? a.user().name() + " (uid " + (a.user().uid().isEmpty() ? "none" : a.user().uid()) + ")" : "";
  String groups = r instanceof AuthnResult.Authenticated a ? a.user().groups().toString() : "";
  rows.add(List.of(token.substring(0, 4) + "…", r.trace().steps().get(0).verdict().label(), user, groups));
}
showHtml(table(List.of("token", "verdict", "user", "groups"), rows), rows.stream().map(r -> String.join(" | ", r)).collect(Collectors.joining("\n")));'''),
    md(r'''
## 2. What the parser really does

The file is read with Go's CSV reader and taken literally. Three consequences catch people out:

* **no comments**: a line starting with `#` is an ordinary record, so `# token,user,uid` defines a user;
* **no trimming**: in `"dev, ops"` the second group is `" ops"`, with a leading space, and an RBAC binding
  to the group `ops` will not match it;
* **duplicate tokens**: the later line wins, and the only sign is a warning in the API server's log
  (a line with an empty token is skipped, also with just a warning).
'''),
    code(r'''
String quirky = String.join("\n",
    "# token,user,uid,groups",
    "c1d2e3f4a5b6c7d8,carol,2001,\"dev, ops\"",
    "e5f6a7b8c9d0e1f2,dave,2002",
    ",nobody,2099",
    "e5f6a7b8c9d0e1f2,mallory,2003,system:masters",
    "");
var parsed = TokenFileAuthenticator.fromCsv("quirky.csv", quirky);
System.out.println(parsed.size() + " distinct tokens; the API server would log:");
parsed.warnings().forEach(w -> System.out.println("  warning: " + w));
for (String token : List.of("# token", "c1d2e3f4a5b6c7d8", "e5f6a7b8c9d0e1f2")) {
  if (parsed.authenticateToken(token, List.of()) instanceof AuthnResult.Authenticated a) {
    System.out.println("token '" + token + "' -> user '" + a.user().name() + "', groups "
        + a.user().groups().stream().map(g -> "'" + g + "'").toList());
  }
}'''),
    md(r'''
dave's token now belongs to mallory, in `system:masters`: whoever can append a line to this file owns
the cluster. A line with fewer than three columns is not skipped: the API server refuses to start.
'''),
    code(r'''
try {
  TokenFileAuthenticator.fromCsv("short.csv", "c1d2e3f4a5b6c7d8,carol\n");
} catch (TokenFileException e) {
  System.out.println("kube-apiserver would not start: " + e.getMessage());
}'''),
    md(r'''
## 3. Why not in production

* **The tokens are the passwords, in plain text** on every control-plane node (and in every backup of
  it). The kit keeps only SHA-256 digests in memory, but the API server's file has to hold the tokens.
* **They never expire.** There is no expiry column; a token is valid until someone edits the file.
* **Changing the file means restarting the API server**: it is read once at start-up. Revoking a leaked
  token is an outage on a single-node control plane and a rolling restart on the others.
* **No self-service, no audit trail** of who was given which token.

Service-account tokens (notebooks 07–08), client certificates (03) and OIDC (05) cover the same needs
with expiry, rotation or an identity provider.
'''),
    md(r'''
## 4. Asking the API server: TokenReview

A TokenReview (`POST /apis/authentication.k8s.io/v1/tokenreviews`) sends a token and gets back whether
it authenticates and as whom; webhooks and proxies use it. `TokenReviewer` runs the API server's whole
chain for it. With the token file from section 1:
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import dev.authlab.manifest.ManifestWriter;

var apiServer = AuthnSettings.builder().tokenFile(config).build().authenticator(AuthnSettings.Environment.defaults());
var reviewer = new TokenReviewer(apiServer, List.of());

for (String token : List.of("c1d2e3f4a5b6c7d8", "not-in-the-file")) {
  var review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
  if (reviewer.review(review) instanceof TokenReviewer.Outcome.Reviewed reviewed) {
    var shown = new TokenReviewBuilder(reviewed.review()).editSpec().withToken("(elided)").endSpec().build();
    System.out.println(ManifestWriter.toYaml(shown));
    showTrace("TokenReview for " + token.substring(0, 4) + "…", reviewed.result());
  }
}'''),
    md(r'''
## 5. On a real API server
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 02 (the static token file) asks you to write a token file for a small team, with the groups right,
and to spot what is wrong in a broken one: `./authlab grade 02` once the labs are in (`labs/`, issue 6).
Next notebook: 03, client certificates.
'''),
]

CLIENT_CERTIFICATES = [
    md(r'''
# 03 · Client certificates

The kubeconfig that `kubeadm` gives an administrator does not contain a password or a token: it holds a
private key and a certificate. The API server trusts a certificate authority (`--client-ca-file`), and
any client certificate that CA signed is a login: the certificate's **common name (CN) is the user name**
and each **organization (O) is a group**. Kubernetes keeps no user objects; the certificate is the user.

This notebook goes through the whole life of such a certificate with the kit's `dev.authlab.pki`
library: a CA, a key and a signing request made by the user, the CA's signature, what the API server
reads out of the result, two certificates it rejects, and the kubeconfig that carries it all.
'''),
    code(SETUP),
    code(AUTHN_TRACE),
    md(r'''
## 1. A CA, a key, a signing request

The user makes a key pair and a certificate signing request (CSR) naming themselves (CN) and their groups
(O). The private key never leaves them; the CSR carries only the public key, signed with the private key
as proof of possession. The administrator's CA checks that proof and signs.
'''),
    code(r'''
var ca = CertificateAuthority.selfSigned("notebook-client-ca", KeyAlgorithm.ECDSA_P256);
var mariaKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
var csr = Csr.create(mariaKeys, "maria", "dev", "ops");
System.out.println("CSR: " + csr + ", signature valid: " + csr.isSignatureValid());
var mariaCert = ca.sign(csr);
System.out.print(CertificateInfo.of(mariaCert).describe());'''),
    md(r'''
## 2. What the API server makes of it

`ClientCaConfig` is `--client-ca-file`. The API server verifies the chain up to a CA in that bundle,
checks the certificate is valid now and allowed for client authentication, and then reads the subject.
'''),
    code(r'''
import dev.authlab.authn.x509.ClientCaConfig;

var apiServer = AuthnSettings.builder()
    .clientCa(ClientCaConfig.of(List.of(ca.certificate())))
    .build()
    .authenticator(AuthnSettings.Environment.defaults());
AuthnResult present(java.security.cert.X509Certificate cert) {
  return apiServer.authenticate(AuthenticationRequest.get("/api/v1/namespaces/team-a/pods").withClientCertificates(List.of(cert)));
}
showTrace("maria's certificate", present(mariaCert));'''),
    md(r'''
## 3. A certificate from another CA

Anyone can make a CA and write `O=system:masters` into a certificate. What matters is who signed it: a
certificate the API server's CA did not sign fails verification, and the request is a 401 (not anonymous).
'''),
    code(r'''
var otherCa = CertificateAuthority.selfSigned("someone-elses-ca", KeyAlgorithm.ECDSA_P256);
var forged = otherCa.issue(CertificateSpec.clientCertificate("maria", "system:masters")).certificate();
showTrace("a certificate from another CA", present(forged));'''),
    md(r'''
## 4. An expired certificate

There is no way to revoke a client certificate in Kubernetes: the API server checks no revocation list.
Expiry is the only end a certificate has, which is why short lifetimes matter. Here the same CA signs
maria's key, but for a window that ended years ago.
'''),
    code(r'''
import java.time.Instant;

var expired = ca.sign(csr, CertificateSpec.clientCertificate("maria", "dev", "ops")
    .validBetween(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")));
System.out.println("valid now? " + CertificateInfo.of(expired).isValidAt(Instant.now()) + " (" + CertificateInfo.of(expired).validityAt(Instant.now()) + ")");
showTrace("an expired certificate", present(expired));'''),
    md(r'''
## 5. The kubeconfig

Everything maria needs goes into one file: the server's address and CA, her certificate, and her private
key. `Kubeconfigs.toYaml` writes it as `kubectl config view --raw` would. The `*-data` fields are base64
PEM; the private key in particular must never be printed or committed, so the listing below elides them.
'''),
    code(r'''
var kubeconfig = Kubeconfigs.forClientCertificate("authlab", "https://127.0.0.1:6443", ca.certificatePem(),
    "maria", Pem.encode(mariaCert), Pem.encode(mariaKeys.getPrivate()));
String yaml = Kubeconfigs.toYaml(kubeconfig);
System.out.print(yaml.replaceAll("(?m)^(\\s*[a-z-]+-data): \\S+$", "$1: (elided)"));'''),
    md(r'''
## 6. On a real API server
'''),
    code(CLUSTER_SKIPPED),
    md(r'''
## Your turn

Lab 03 (client certificates) asks you to issue a certificate that logs a new team member in with the
right groups, and to explain why two others are refused: `./authlab grade 03` once the labs are in
(`labs/`, issue 6). Next notebook: 04, webhook token authentication.
'''),
]

ALL = {
    "00-request-journey.ipynb": REQUEST_JOURNEY,
    "01-authentication-workflow.ipynb": AUTHN_WORKFLOW,
    "02-static-token-file.ipynb": STATIC_TOKEN_FILE,
    "03-client-certificates.ipynb": CLIENT_CERTIFICATES,
    "09-rbac-fundamentals.ipynb": RBAC_FUNDAMENTALS,
    "10-rbac-in-depth.ipynb": RBAC_IN_DEPTH,
}


def render(cells):
    return json.dumps(notebook(cells), indent=1, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    NOTEBOOKS.mkdir(exist_ok=True)
    for name, cells in ALL.items():
        path = NOTEBOOKS / name
        text = render(cells)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print("wrote notebooks/" + name)
    if stale:
        print("make-notebooks: out of date (run scripts/make-notebooks.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
