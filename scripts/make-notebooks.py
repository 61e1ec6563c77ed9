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

ALL = {
    "00-request-journey.ipynb": REQUEST_JOURNEY,
    "09-rbac-fundamentals.ipynb": RBAC_FUNDAMENTALS,
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
