"""Notebook 00-request-journey.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "00-request-journey.ipynb"

CELLS = [
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
show(HtmlTable.of(header, rows).picture());'''),
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

String[][] cases = {
    {"alice", aliceToken, "GET", "/api/v1/namespaces/team-a/pods"},
    {"alice", aliceToken, "DELETE", "/api/v1/namespaces/team-a/pods/web"},
    {"bob", bobToken, "GET", "/api/v1/namespaces/team-a/pods"},
    {"a bad token", "not-a-real-token", "GET", "/api/v1/namespaces/team-a/pods"},
    {"no token", null, "GET", "/api/v1/namespaces/team-a/pods"},
    {"no token", null, "GET", "/healthz"}};
for (String[] c : cases) {
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

Now the same six requests go over HTTP to a real kube-apiserver, started with the same token file and
anonymous access on, with the manifests of `examples/policy` created in it (the default roles are there
already: every API server creates them at start-up). The library's status code and the API server's sit
side by side; the cell fails if they ever differ.
'''),
    code(r'''
// The cluster tier: a real kube-apiserver with the same settings (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  createAll(cp, Manifests.load(kit("examples/policy")).objects());
  // RBAC in the API server follows new bindings within a moment: wait until alice's shows
  eventually(() -> cp.send(new Credential.Token(aliceToken), "GET", "/api/v1/namespaces/team-a/pods").status() == 200);
  List<List<String>> compared = new ArrayList<>();
  for (String[] c : cases) {
    Credential credential = c[1] == null ? new Credential.Anonymous() : new Credential.Token(c[1]);
    int library = serve(c[2], c[3], c[1]).status();
    int apiServer = cp.send(credential, c[2], c[3]).status();
    compared.add(List.of(c[0], c[2] + " " + c[3], String.valueOf(library), String.valueOf(apiServer), library == apiServer ? "same" : "DIFFERENT"));
  }
  showCompared(List.of("who", "request", "library", "kube-apiserver", ""), compared);
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 00 (the request's journey) asks you to read method and URL the way the API server does (verb, group,
resource, namespace, subresource, name) and to predict 200, 401 or 403; a real API server then answers the
same requests. The starter code is in `labs/src/main/java/dev/authlab/labs/lab00_request_journey/`;
`./authlab grade 00` grades it (add `--hint` for the next hint, `--tier cluster` to check it against a real API server).

Next notebook: 01, the authentication workflow.
'''),
]
