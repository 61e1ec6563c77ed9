"""Notebook 06-authenticating-proxy.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "06-authenticating-proxy.ipynb"

CELLS = [
    md(r'''
# 06 · The authenticating proxy

The last method in the blog post's list is "HTTP proxy authentication". Picture a gateway in front of
the API server that logs people in its own way (corporate SSO, a bastion, an access platform) and then
forwards their requests, saying in HTTP headers who they are:

```
X-Remote-User:  dana
X-Remote-Group: sre
X-Remote-Group: oncall
```

Headers are the easiest thing in the world to forge, so the API server must be sure it is talking to
*the proxy* before it reads them. It is: it believes these headers only on a connection that presents a
client certificate signed by a dedicated CA (`--requestheader-client-ca-file`) and, if configured, with
a common name from an allow-list (`--requestheader-allowed-names`). Everyone else can send the headers
all day long; they are ignored. kubeadm sets this up on every cluster, because the API server itself
uses it to pass users on to extension API servers (the "front proxy").

The upstream name for all of this is **requestheader**, and it is the **first** of the configured
authenticators the API server consults, before client certificates and bearer tokens.
'''),
    code(SETUP),
    md(r'''
## 1. The flags

Two CAs, kept apart on purpose: the **front-proxy CA** signs only the proxy's certificate; the
**client CA** (`--client-ca-file`, notebook 03) signs users' certificates. If they were the same CA,
any user with a certificate could act as the proxy. `RequestHeaderConfig.kubeadmDefaults` is what
kubeadm configures; we add the optional uid header (`--requestheader-uid-headers`, new in recent releases).
'''),
    code(r'''
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.x509.ClientCaConfig;

var frontProxyCa = CertificateAuthority.selfSigned("front-proxy-ca", KeyAlgorithm.ECDSA_P256);
var clientCa = CertificateAuthority.selfSigned("kubernetes-client-ca", KeyAlgorithm.ECDSA_P256);
var proxyConfig = RequestHeaderConfig.kubeadmDefaults(List.of(frontProxyCa.certificate())).withUidHeaders(List.of("X-Remote-Uid"));
proxyConfig.writeApiServerConfig(Files.createTempDirectory("requestheader")).forEach(flag -> System.out.println("kube-apiserver " + flag));

var settings = AuthnSettings.builder()
    .requestHeader(proxyConfig)
    .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
ApiServerAuthenticator apiServer = settings.authenticator(AuthnSettings.Environment.defaults());
System.out.println("\norder: " + apiServer.order());'''),
    md(r'''
## 2. A request through the proxy

The proxy holds a certificate from the front-proxy CA with the allowed name `front-proxy-client`. It
puts the user's name in `X-Remote-User`, each group in its own `X-Remote-Group`, the uid in
`X-Remote-Uid`, and extra attributes in `X-Remote-Extra-<key>` headers. A key that is not a valid header
name (`example.com/tenant`) is percent-encoded, and the API server decodes it (and lower-cases it).
'''),
    code(r'''
var proxyCert = frontProxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));

Map<String, List<String>> danaHeaders = new LinkedHashMap<>();
danaHeaders.put("X-Remote-User", List.of("dana"));
danaHeaders.put("X-Remote-Uid", List.of("u-4411"));
danaHeaders.put("X-Remote-Group", List.of("sre", "oncall"));
danaHeaders.put("X-Remote-Extra-Scopes", List.of("view", "edit"));
danaHeaders.put("X-Remote-Extra-Example.com%2fTenant", List.of("acme"));

/** A request for the pods of team-a with these headers and this client certificate chain (none: empty list). */
AuthenticationRequest request(Map<String, List<String>> headers, List<java.security.cert.X509Certificate> certificates) {
  AuthenticationRequest r = AuthenticationRequest.get("/api/v1/namespaces/team-a/pods").withClientCertificates(certificates);
  for (var header : headers.entrySet()) {
    for (String value : header.getValue()) {
      r = r.withHeader(header.getKey(), value);
    }
  }
  return r;
}

var viaProxy = apiServer.authenticate(request(danaHeaders, List.of(proxyCert.certificate())));
show(AuthnTracePicture.of("dana, through the proxy", viaProxy));
if (viaProxy instanceof AuthnResult.Authenticated a) {
  System.out.println("uid " + a.user().uid() + ", extra " + a.user().extra());
}'''),
    md(r'''
Once a request has authenticated this way, the API server deletes these headers from it, so nothing
further down (admission, an aggregated API server it forwards to) can read a stale or second identity
from them. When it forwards to an extension API server, it sets them afresh, with its own front-proxy
certificate.
'''),
    code(r'''
var seenLater = proxyConfig.authenticator(java.time.Clock.systemUTC()).clearAuthenticationHeaders(request(danaHeaders, List.of(proxyCert.certificate())));
System.out.println("headers after authentication: " + seenLater.headers());'''),
    md(r'''
## 3. The header-spoofing attack

mallory has no proxy certificate and wants to be in `system:masters`. She tries the same headers with
what she has:

1. **no certificate at all**: the requestheader authenticator has no opinion (no client certificate,
   nothing to check), nor does anyone else, and she is `system:anonymous`; her headers were never read;
2. **her own user certificate** from the client CA: requestheader *fails* (wrong CA for a proxy), x509
   then accepts the certificate, and she is `mallory`, with the groups in her certificate, not those in
   her headers;
3. **a certificate from the front-proxy CA with another name** (say, one issued to a different
   component): the CA is right but the name is not in `--requestheader-allowed-names`: an error, 401;
4. **a certificate she made herself** with the right name, `front-proxy-client`: the signature does not
   check out against the front-proxy CA, nor against the client CA: 401.

Only a certificate that is both from the front-proxy CA and allowed by name makes the headers count.
'''),
    code(r'''
Map<String, List<String>> forged = new LinkedHashMap<>();
forged.put("X-Remote-User", List.of("admin"));
forged.put("X-Remote-Group", List.of("system:masters"));

var malloryCert = clientCa.issue(CertificateSpec.clientCertificate("mallory", "interns"));
var otherComponent = frontProxyCa.issue(CertificateSpec.clientCertificate("metrics-adapter"));
var selfMade = CertificateAuthority.selfSigned("mallorys-own-ca", KeyAlgorithm.ECDSA_P256).issue(CertificateSpec.clientCertificate("front-proxy-client"));

Map<String, List<java.security.cert.X509Certificate>> attempts = new LinkedHashMap<>();
attempts.put("1. no certificate", List.of());
attempts.put("2. mallory's own user certificate", List.of(malloryCert.certificate()));
attempts.put("3. front-proxy CA, name not allowed", List.of(otherComponent.certificate()));
attempts.put("4. self-made 'front-proxy-client'", List.of(selfMade.certificate()));
attempts.forEach((what, chain) -> show(AuthnTracePicture.of(what + " + forged headers", apiServer.authenticate(request(forged, chain)))));'''),
    md(r'''
Notice attempt 1: a request with forged headers and no credential is simply anonymous. That is
harmless only as long as `system:anonymous` (and `system:unauthenticated`) can do nothing interesting,
which is the default RBAC policy; a binding that grants them something makes every forger that much
stronger. And in attempt 2, a valid user certificate still wins over the headers: the proxy headers
are not "also" read for ordinary clients.

The proxy has a duty of its own: it must remove any `X-Remote-*` headers the *client* sent before it
adds its own. A proxy that passes them through lets every client pick an identity, with the proxy's
certificate vouching for it; the API server takes the first user name and *every* group it finds.

The other real risk with this method is the proxy's key. Whoever holds a certificate from the front-proxy CA
with an allowed name can be anyone, including `system:masters`. Keep that key on the proxy alone, keep
`--requestheader-allowed-names` set (empty means *any* certificate from that CA), and never reuse the
front-proxy CA for anything else.

## 4. On a real API server

The cluster tier starts kube-apiserver with the same three settings. `Credential.ProxyHeaders` sends a
client certificate and headers; for the forged headers without any certificate, the cell below sends a
plain HTTPS request, as `curl -H 'X-Remote-User: admin'` would.
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    code(r'''
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** POSTs an empty SelfSubjectReview with these headers and no client certificate; returns the HTTP status and message. */
String curlWhoami(ControlPlane cp, Map<String, List<String>> headers) throws Exception {
  KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
  trusted.load(null, null);
  trusted.setCertificateEntry("serving-ca", Pem.parseCertificates(cp.servingCaPem()).get(0));
  TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
  tmf.init(trusted);
  SSLContext tls = SSLContext.getInstance("TLS");
  tls.init(null, tmf.getTrustManagers(), null);
  HttpRequest.Builder post = HttpRequest.newBuilder(cp.apiServerUrl().resolve("/apis/authentication.k8s.io/v1/selfsubjectreviews"))
      .header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));
  headers.forEach((name, values) -> values.forEach(value -> post.header(name, value)));
  HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build().send(post.build(), HttpResponse.BodyHandlers.ofString());
  return response.statusCode() + " " + tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).path("message").asString();
}

String said(ControlPlane.WhoamiResult r) {
  if (r instanceof ControlPlane.WhoamiResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return r instanceof ControlPlane.WhoamiResult.Unauthorized ? "401 Unauthorized" : "403 Forbidden: " + ((ControlPlane.WhoamiResult.Forbidden) r).message();
}
String said(AuthnResult r) {
  if (r instanceof AuthnResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return "401 Unauthorized";
}
Credential.ProxyHeaders through(IssuedCertificate certificate, Map<String, List<String>> headers) {
  return new Credential.ProxyHeaders(certificate.certificatePem(), certificate.privateKeyPem(), headers);
}

if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  ApiServerAuthenticator library = cp.authn().authenticator(AuthnSettings.Environment.defaults());
  List<String> audiences = cp.authn().effectiveApiAudiences();
  List<List<String>> rows = new ArrayList<>();
  rows.add(List.of("dana, through the proxy", said(cp.whoami(through(proxyCert, danaHeaders))),
      said(library.authenticate(request(danaHeaders, List.of(proxyCert.certificate())).withAudiences(audiences)))));
  rows.add(List.of("1. forged headers, no certificate", curlWhoami(cp, forged),
      said(library.authenticate(request(forged, List.of()).withAudiences(audiences)))));
  rows.add(List.of("2. forged headers, mallory's certificate", said(cp.whoami(through(malloryCert, forged))),
      said(library.authenticate(request(forged, List.of(malloryCert.certificate())).withAudiences(audiences)))));
  rows.add(List.of("3. forged headers, front-proxy CA, name not allowed", said(cp.whoami(through(otherComponent, forged))),
      said(library.authenticate(request(forged, List.of(otherComponent.certificate())).withAudiences(audiences)))));
  show(HtmlTable.of(List.of("request", "kube-apiserver", "the library"), rows).picture());
}
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
The library says "system:anonymous" where the API server says 403: anonymous *is* authenticated, and
then RBAC refuses it the SelfSubjectReview, naming the user it saw. Attempt 4 is left out on the
cluster: Java's TLS client will not even send a certificate whose issuer the server did not list as
acceptable, so the API server would see case 1 again (Go clients such as `kubectl` do send it, and get
the 401 the library shows).

## Your turn

Lab 06 (the authenticating proxy) puts you on the other side: `AuthenticatingProxy` in
`labs/src/main/java/dev/authlab/labs/lab06_authenticating_proxy/` forwards a client's request with the
proxy's certificate and the user in `X-Remote-*` headers, strips whatever `X-Remote-*` headers the
client sent itself, and reports such spoofing attempts. Check it with `./authlab grade 06`;
`./authlab grade 06 --hint` when stuck.
Next notebook: 07, service-account tokens.
'''),
]
