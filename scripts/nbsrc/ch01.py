"""Notebook 01-authentication-workflow.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "01-authentication-workflow.ipynb"

CELLS = [
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
show(HtmlTable.of(List.of("#", "the post's list", "kube-apiserver's order (this configuration)"), rows).picture());'''),
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

A kube-apiserver started with the same settings (token file, client CA, front proxy, anonymous on) gets
the same credentials, each in its own request, and answers a SelfSubjectReview (`kubectl auth whoami`).
Its answers sit next to the library's; the cell fails if they differ. (A request can carry a certificate
*and* a token only from a client that sends both; the library's trace above shows what happens then.)
'''),
    code(r'''
// The cluster tier: a real kube-apiserver with the same settings (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  String janePem = Files.readString(kit("examples/authn/pki/jane.crt"));
  String janeKey = Files.readString(kit("examples/authn/pki/jane.key"));
  String proxyPem = Files.readString(kit("examples/authn/pki/front-proxy-client.crt"));
  String proxyKey = Files.readString(kit("examples/authn/pki/front-proxy-client.key"));
  Map<String, List<String>> danaHeaders = Map.of("X-Remote-User", List.of("dana"), "X-Remote-Group", List.of("sre"));
  record Case(String name, AuthenticationRequest library, Credential credential) {}
  List<Case> cases = List.of(
      new Case("jane's certificate", pods.withClientCertificates(List.of(janeCert)), new Credential.ClientCertificate(janePem, janeKey)),
      new Case("alice's token", pods.withHeader("Authorization", "Bearer " + aliceToken), new Credential.Token(aliceToken)),
      new Case("a token nobody knows", pods.withHeader("Authorization", "Bearer not-a-real-token"), new Credential.Token("not-a-real-token")),
      new Case("no credentials", pods, new Credential.Anonymous()),
      new Case("the proxy's certificate, no headers", pods.withClientCertificates(List.of(proxyCert)), new Credential.ClientCertificate(proxyPem, proxyKey)),
      new Case("through the front proxy", viaProxy.withClientCertificates(List.of(proxyCert)), new Credential.ProxyHeaders(proxyPem, proxyKey, danaHeaders)),
      new Case("dana's headers with jane's certificate", viaProxy.withClientCertificates(List.of(janeCert)), new Credential.ProxyHeaders(janePem, janeKey, danaHeaders)));
  List<List<String>> compared = new ArrayList<>();
  for (Case c : cases) {
    String library = who(apiServer.authenticate(c.library()));
    String real = who(cp.whoami(c.credential()));
    // anonymous may not ask whoami, so compare the name the refusal carries
    boolean same = library.equals(real) || (library.startsWith("system:anonymous ") && real.startsWith("system:anonymous "));
    compared.add(List.of(c.name(), library, real, same ? "same" : "DIFFERENT"));
  }
  showCompared(List.of("credential", "library", "kube-apiserver", ""), compared);
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 01 (the authentication workflow) asks you to write the API server's union of authenticators yourself
and to put the methods in kube-apiserver's order; a real API server then checks your prediction for
requests that carry a certificate and a token at once (`labs/src/main/java/dev/authlab/labs/lab01_authentication_workflow/`).
`./authlab grade 01` grades it (add `--hint` for the next hint, `--tier cluster` to check it against a real API server).

Next notebook: 02, the static token file.
'''),
]
