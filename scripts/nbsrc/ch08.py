"""Notebook 08-user-vs-pod.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "08-user-vs-pod.ipynb"

CELLS = [
    md(r'''
# 08 · Users and pods

The blog post splits callers in two. **People** (and the tools they run by hand) sign in with a client
certificate, an OIDC token or a static token; **workloads** (pods) run as a **service account**, get a
token mounted into them, and are scoped to a namespace. That split is real, and it shows in where each
identity lives:

| | a person | a pod |
|---|---|---|
| defined by | a credential made outside the cluster (certificate, IdP account) | a `ServiceAccount` object in a namespace |
| object in the API? | no: there is no User kind | yes: `kubectl get serviceaccounts -n team-a` |
| credential issued by | a CA or an identity provider | the API server itself (TokenRequest), delivered by the kubelet |
| user name | whatever the credential says (`maria`) | always `system:serviceaccount:NAMESPACE:NAME` |
| groups | whatever the credential says (`dev`) | always `system:serviceaccounts` and `system:serviceaccounts:NAMESPACE` |
| ends when | the certificate or ID token expires | the token expires, or its pod or service account is deleted |

Past the authentication step the difference disappears: RBAC sees a name and some groups, and binds
roles to a service account like to any user. This notebook puts both callers through one API
server, looks at what a pod is given, and grants a workload exactly what it needs.
'''),
    code(SETUP),
    md(r'''
## 1. One API server, two kinds of caller

The API server trusts a client CA for people (`--client-ca-file`) and a key pair for service-account
tokens (`--service-account-key-file` to verify, `--service-account-signing-key-file` to sign,
`--service-account-issuer` to name itself in the tokens). The same `AuthnSettings` will start the real
API server in the cluster tier below.
'''),
    code(r'''
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Clock;

var clientCa = CertificateAuthority.selfSigned("authlab-people-ca", KeyAlgorithm.ECDSA_P256);
var serviceAccountKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
String issuer = "https://kubernetes.default.svc.cluster.local";
var serviceAccounts = ServiceAccountConfig.of(issuer, Pem.encode(serviceAccountKeys.getPublic()), Pem.encode(serviceAccountKeys.getPrivate()));
var settings = AuthnSettings.builder()
    .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
    .serviceAccounts(serviceAccounts)
    .build();
System.out.println("people: certificates signed by " + clientCa.info().subject());
System.out.println("pods:   tokens signed by the service-account key, issuer " + issuer + ", API audiences " + settings.effectiveApiAudiences());'''),
    md(r'''
Maria is a person: her certificate says `CN=maria, O=dev`. The `reporter` app is a workload: a
ServiceAccount in `team-a` and a pod that runs as it. A pod-bound token names both objects by uid, so
the API server looks them up on every request; here they live in memory, the way its informers hold them.
'''),
    code(r'''
var maria = clientCa.issue(CertificateSpec.clientCertificate("maria", "dev"));

ServiceAccount reporter = new ServiceAccountBuilder()
    .withNewMetadata().withName("reporter").withNamespace("team-a").withUid("4f0c2a8e-3b1d-4e59-9a07-6d2c8b1e5f30").endMetadata()
    .build();
Pod reporterPod = new PodBuilder()
    .withNewMetadata().withName("reporter-5c8d7").withNamespace("team-a").withUid("b7e1d9c4-0a2f-4c6e-8d3b-1f9a7e5c2b40").endMetadata()
    .withNewSpec().withServiceAccountName("reporter").withNodeName("worker-1")
        .addNewContainer().withName("app").withImage("registry.example.com/reporter:1.4").endContainer()
    .endSpec()
    .build();
var objects = InMemoryServiceAccountObjects.of(reporter, reporterPod);

/** What the kubelet asks for on a pod's behalf: a token for its service account, bound to the pod, for 3607 seconds. */
TokenRequest kubeletRequest(Pod pod) {
  return new TokenRequestBuilder()
      .withNewSpec().withExpirationSeconds(3607L)
          .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
              .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
      .endSpec()
      .build();
}
TokenRequest asked = kubeletRequest(reporterPod);
var issued = (TokenRequestResult.Issued) serviceAccounts.issuer(objects, Clock.systemUTC()).request("team-a", "reporter", asked);
String podToken = issued.token();
System.out.println("token for the pod: " + podToken.substring(0, 24) + "… (" + podToken.length() + " characters, a JWT)");'''),
    md(r'''
Both go through the API server's chain. The certificate is recognised by the x509 authenticator; the
token by the service-account authenticator, which checks the signature, the issuer, the audience, the
expiry, and that the ServiceAccount and the pod still exist with the uids in the token.
'''),
    code(r'''
var apiServer = settings.authenticator(AuthnSettings.Environment.defaults().withObjects(objects));
String path = "/api/v1/namespaces/team-a/configmaps";
AuthnResult asMaria = apiServer.authenticate(AuthenticationRequest.get(path).withClientCertificates(List.of(maria.certificate())));
AuthnResult asPod = apiServer.authenticate(AuthenticationRequest.get(path).withHeader("Authorization", "Bearer " + podToken));
show(AuthnTracePicture.of("maria's client certificate", asMaria));
show(AuthnTracePicture.of("the reporter pod's token", asPod));'''),
    code(r'''
// The two users side by side: after authentication, this is all the API server keeps.
UserInfo mariaUser = ((AuthnResult.Authenticated) asMaria).user();
UserInfo podUser = ((AuthnResult.Authenticated) asPod).user();
String extras(UserInfo u) {
  return u.extra().isEmpty() ? "(none)" : u.extra().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n"));
}
show(HtmlTable.of("", "maria (certificate)", "reporter pod (token)")
    .row("name", mariaUser.name(), podUser.name())
    .row("uid", mariaUser.uid().isEmpty() ? "(none)" : mariaUser.uid(), podUser.uid())
    .row("groups", String.join("\n", mariaUser.groups()), String.join("\n", podUser.groups()))
    .row("extra", extras(mariaUser), extras(podUser))
    .titled("who the API server thinks is calling")
    .picture());'''),
    md(r'''
The pod's name and groups are *derived*: `ServiceAccountNames` builds them the same way the API server
does, from the namespace and the account name. The uid is the ServiceAccount's; the extras record which
pod (and node) the token was bound to, and a `credential-id` from the token's `jti` that audit logs keep.

## 2. What is in the token

A service-account token is a signed JWT; its middle part is base64url-encoded JSON. Decoding it needs
no key (checking it does):
'''),
    code(r'''
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

JsonNode claims(String jwt) {
  return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
}
String when(JsonNode seconds) {
  return seconds == null || seconds.isMissingNode() ? "" : java.time.Instant.ofEpochSecond(seconds.asLong()) + " (" + seconds.asLong() + ")";
}
void showClaims(String title, String jwt) {
  JsonNode c = claims(jwt);
  JsonNode k = c.path("kubernetes.io");
  HtmlTable t = HtmlTable.of("claim", "value", "what the API server does with it")
      .row("iss", c.path("iss").asString(), "must be one of --service-account-issuer")
      .row("sub", c.path("sub").asString(), "becomes the user name")
      .row("aud", c.path("aud").toString(), "must share one audience with the API server's --api-audiences")
      .row("iat / nbf", when(c.path("iat")), "issued at / not before")
      .row("exp", when(c.path("exp")), "expiry (checked with a minute of leeway)")
      .row("kubernetes.io.namespace", k.path("namespace").asString(), "the second part of the user name")
      .row("kubernetes.io.serviceaccount", k.path("serviceaccount").toString(), "must still exist, with this uid")
      .row("kubernetes.io.pod", k.path("pod").isMissingNode() ? "(not bound to a pod)" : k.path("pod").toString(), "must still exist, with this uid")
      .row("kubernetes.io.node", k.path("node").isMissingNode() ? "" : k.path("node").toString(), "reported in extra, not checked")
      .row("kubernetes.io.warnafter", when(k.path("warnafter")), "after this, the API server logs and counts the use of a stale token");
  show(t.titled(title).picture());
}
showClaims("the reporter pod's token", podToken);'''),
    md(r'''
Look at `exp`: about a **year** away, although the kubelet asked for 3607 seconds. That odd number is a
signal. With `--service-account-extend-token-expiration` (on by default) the API server extends such
pod-bound tokens, so that old client libraries that read the token once and never again keep working,
and sets `warnafter` to the hour the kubelet asked for. The kubelet replaces the file long before that
hour is up; a token used after `warnafter` shows up in the API server's metrics and audit annotations
as stale. Any other request gets the lifetime it asked for (at least 10 minutes).

## 3. What the kubelet mounts into the pod

Nobody copies tokens into pods by hand. When a pod is created, the API server's `ServiceAccount`
admission plugin fills in `spec.serviceAccountName` (`default` when empty) and adds a **projected
volume**, `kube-api-access-…`, mounted read-only in every container at
`/var/run/secrets/kubernetes.io/serviceaccount`. The kubelet fills it with three files:

| file | from | used for |
|---|---|---|
| `token` | a `serviceAccountToken` source: TokenRequest, 3607 s, bound to the pod; refreshed by the kubelet | the bearer token |
| `ca.crt` | the ConfigMap `kube-root-ca.crt`, which kube-controller-manager publishes in every namespace | trusting the API server's certificate |
| `namespace` | the downward API (`metadata.namespace`) | the namespace to work in by default |

plus two environment variables, `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`: the address
of the `kubernetes` Service in the `default` namespace. A pod that must not talk to the API server sets
`automountServiceAccountToken: false` (on the pod or on its ServiceAccount) and gets no volume (the two
variables are set anyway: they are only an address).

**In-cluster configuration** is nothing more than these five values read back. Client libraries
(client-go's `rest.InClusterConfig`, fabric8's auto-configuration) build from them exactly what a
kubeconfig would have said: here the same thing as a kubeconfig, from a directory laid out as the
kubelet lays it out. (Lab 08 asks you to build the client configuration itself.)
'''),
    code(r'''
// A stand-in for the pod's volume, as the kubelet writes it.
Path volume = Files.createTempDirectory("serviceaccount-");
Files.writeString(volume.resolve("token"), podToken);
Files.writeString(volume.resolve("ca.crt"), CertificateAuthority.selfSigned("kubernetes", KeyAlgorithm.ECDSA_P256).certificatePem());
Files.writeString(volume.resolve("namespace"), "team-a");
Map<String, String> environment = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");

/** What a pod's client knows: the kubernetes Service's address, and the three files. */
String inClusterKubeconfig(Path dir, Map<String, String> env) throws java.io.IOException {
  String server = "https://" + env.get("KUBERNETES_SERVICE_HOST") + ":" + env.get("KUBERNETES_SERVICE_PORT");
  String namespace = Files.readString(dir.resolve("namespace")).strip();
  var config = Kubeconfigs.forToken("in-cluster", server, Files.readString(dir.resolve("ca.crt")),
      "serviceaccount", Files.readString(dir.resolve("token")).strip());
  config.getContexts().get(0).getContext().setNamespace(namespace);
  return Kubeconfigs.toYaml(config);
}
System.out.print(inClusterKubeconfig(volume, environment).replaceAll("(?m)^(\\s*(certificate-authority-data|token)): \\S+$", "$1: (elided)"));'''),
    md(r'''
One difference matters: a person's kubeconfig is written once, while the token file in a pod changes
(the kubelet swaps in a fresh token once 80% of its lifetime has passed, or after 24 hours). A client
that read the token once at start-up and cached it forever would break an hour later, were it not for
the year-long extension above. Current client libraries re-read the file.

## 4. A pod's identity belongs to its namespace

A ServiceAccount is a namespaced object, so its user name carries the namespace. Two apps both called
`reporter`, in `team-a` and `team-b`, are two different users with different groups; nothing granted
to one reaches the other. And the identity ends with its objects: delete the pod (or the ServiceAccount,
even to re-create it under the same name) and every token bound to it stops working, although it has
not expired.
'''),
    code(r'''
var rows = HtmlTable.of("service account", "user name", "groups");
for (String ns : List.of("team-a", "team-b")) {
  rows = rows.row(ns + "/reporter", ServiceAccountNames.username(ns, "reporter"), String.join("\n", ServiceAccountNames.groups(ns)));
}
show(rows.titled("one name, two namespaces, two users").picture());'''),
    code(r'''
AuthnResult withObjects(InMemoryServiceAccountObjects present) {
  // a fresh chain for each set of objects, so no token cache carries an earlier answer over
  return settings.authenticator(AuthnSettings.Environment.defaults().withObjects(present))
      .authenticate(AuthenticationRequest.get(path).withHeader("Authorization", "Bearer " + podToken));
}
var podDeleted = objects.without("Pod", "team-a", "reporter-5c8d7");
var accountRecreated = objects.with(new ServiceAccountBuilder(reporter).editMetadata().withUid("0d3e6f9a-7c2b-4a18-b5e4-93c1f0a2d876").endMetadata().build());
show(AuthnTracePicture.of("the same token after its pod was deleted", withObjects(podDeleted)));
show(AuthnTracePicture.of("the same token after reporter was deleted and created again", withObjects(accountRecreated)));'''),
    md(r'''
## 5. RBAC for a workload

RBAC subjects have a kind for this: `kind: ServiceAccount` with a `name` and a `namespace` (and no
`apiGroup`). It means exactly the user `system:serviceaccount:NS:NAME`; binding that string as a `User`
would grant the same. The groups make wider grants possible: `system:serviceaccounts:team-a` is every
workload in `team-a`, `system:serviceaccounts` every workload in the cluster. Those are rarely what
you want, because every pod without its own account runs as `default` and is in them too.

The policy below gives `reporter` read access to ConfigMaps in `team-a`, and (a common shortcut) lets
every service account in `team-a` read the pods there.
'''),
    code(r'''
var workloadManifests = Manifests.parse("reporter-rbac.yaml", """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: config-reader
      namespace: team-a
    rules:
    - apiGroups: [""]
      resources: ["configmaps"]
      verbs: ["get", "list", "watch"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: reporter-reads-config
      namespace: team-a
    subjects:
    - kind: ServiceAccount
      name: reporter
      namespace: team-a
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: config-reader
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: pod-reader
      namespace: team-a
    rules:
    - apiGroups: [""]
      resources: ["pods"]
      verbs: ["get", "list"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: workloads-read-pods
      namespace: team-a
    subjects:
    - kind: Group
      name: system:serviceaccounts:team-a
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: pod-reader
    """);
var workloadPolicy = RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(workloadManifests.objects()).build();

UserInfo serviceAccountUser(String ns, String name) {
  return new UserInfo(ServiceAccountNames.username(ns, name), "", Stream.concat(ServiceAccountNames.groups(ns).stream(),
      Stream.of(UserInfo.ALL_AUTHENTICATED)).toList(), Map.of());
}
var reporterA = serviceAccountUser("team-a", "reporter");
var listConfigMaps = Attributes.resource(reporterA, "list", "configmaps").inNamespace("team-a");
show(RbacGraph.of(workloadPolicy).highlighting(reporterA, listConfigMaps).picture());'''),
    code(r'''
var workloadRbac = new RbacAuthorizer(workloadPolicy);
record Ask(String label, Attributes attributes) {}
List<Ask> workloadAsks = List.of(
    new Ask("team-a/reporter: list configmaps in team-a", listConfigMaps),
    new Ask("team-a/reporter: list pods in team-a", Attributes.resource(reporterA, "list", "pods").inNamespace("team-a")),
    new Ask("team-a/reporter: list secrets in team-a", Attributes.resource(reporterA, "list", "secrets").inNamespace("team-a")),
    new Ask("team-a/reporter: list configmaps in team-b", Attributes.resource(reporterA, "list", "configmaps").inNamespace("team-b")),
    new Ask("team-b/reporter: list configmaps in team-a", Attributes.resource(serviceAccountUser("team-b", "reporter"), "list", "configmaps").inNamespace("team-a")),
    new Ask("team-a/default: list pods in team-a", Attributes.resource(serviceAccountUser("team-a", "default"), "list", "pods").inNamespace("team-a")),
    new Ask("maria: list configmaps in team-a", Attributes.resource(mariaUser, "list", "configmaps").inNamespace("team-a")));
var decisions = HtmlTable.of("request", "RBAC", "why");
for (Ask ask : workloadAsks) {
  Decision d = workloadRbac.authorize(ask.attributes());
  // the first lines say it all: the granting binding, or the refusal and the nearest miss
  decisions = decisions.row(ask.label(), d.isAllowed() ? "allowed" : "no (403)",
      d.explanation().lines().stream().limit(d.isAllowed() ? 2 : 4).collect(Collectors.joining("\n")));
}
show(decisions.titled("what the policy gives whom").picture());'''),
    md(r'''
`team-b/reporter` gets nothing in `team-a`: same account name, different user. `team-a/default`, the
account every pod in `team-a` runs as unless it names another, may list the pods there, through the
group binding; whoever can start a pod in `team-a` gets that too. Maria gets nothing from a policy
written for workloads, and the graph for the `default` account shows why it may list pods:
'''),
    code(r'''
var defaultA = serviceAccountUser("team-a", "default");
show(RbacGraph.of(workloadPolicy).highlighting(defaultA, Attributes.resource(defaultA, "list", "pods").inNamespace("team-a")).picture());'''),
    md(r'''
## 6. On a real API server

The same settings start a real kube-apiserver, with kube-controller-manager running the service-account
controllers. There, the objects are real: a namespace, a ServiceAccount, a pod (nothing schedules or
runs it on this machine, but the object exists, and tokens can be bound to it), the Roles and bindings
above. Then the API server's own answers, next to the library's.
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    code(r'''
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Volume;

Pod clusterPod = null;
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  for (String ns : List.of("team-a", "team-b")) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName("reporter").endMetadata().build()).create();
  }
  for (HasMetadata object : workloadManifests.objects()) {
    admin.resource(object).create();
  }
  // The pod as a person would write it: no volumes, only the service account's name.
  clusterPod = admin.pods().inNamespace("team-a").resource(new PodBuilder()
      .withNewMetadata().withName("reporter-5c8d7").endMetadata()
      .withNewSpec().withServiceAccountName("reporter")
          .addNewContainer().withName("app").withImage("registry.example.com/reporter:1.4").endContainer()
      .endSpec().build()).create();
  // What the ServiceAccount admission plugin made of it:
  Volume added = clusterPod.getSpec().getVolumes().get(0);
  System.out.println("volume added by admission: " + added.getName());
  System.out.print(dev.authlab.manifest.ManifestWriter.toYaml(added.getProjected()));
  var mount = clusterPod.getSpec().getContainers().get(0).getVolumeMounts().get(0);
  System.out.println("mounted at " + mount.getMountPath() + (Boolean.TRUE.equals(mount.getReadOnly()) ? " (read-only)" : ""));
}'''),
    md(r'''
The admission plugin wrote the three sources of section 3 into the stored pod. Now the kubelet's
request, on the real API server: a token for `reporter`, bound to this pod, for 3607 seconds.
'''),
    code(r'''
String clusterToken = null;
String spareToken = null;
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  TokenRequest kubeletAsks = kubeletRequest(clusterPod);
  clusterToken = admin.serviceAccounts().inNamespace("team-a").withName("reporter").tokenRequest(kubeletAsks).getStatus().getToken();
  spareToken = admin.serviceAccounts().inNamespace("team-a").withName("reporter").tokenRequest(kubeletAsks).getStatus().getToken();
  showClaims("a token minted by the real API server", clusterToken);
}'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  // The library judges the cluster's token with the same key, against the cluster's objects.
  var live = InMemoryServiceAccountObjects.of(admin.serviceAccounts().inNamespace("team-a").withName("reporter").get(), clusterPod);
  var library = cp.authn().authenticator(AuthnSettings.Environment.defaults().withObjects(live));
  AuthnResult libraryAnswer = library.authenticate(AuthenticationRequest.get(path).withHeader("Authorization", "Bearer " + clusterToken));
  String libraryUser = libraryAnswer instanceof AuthnResult.Authenticated a ? a.user().name() + "\n" + String.join("\n", a.user().groups()) : "401";
  String clusterUser = cp.whoami(new Credential.Token(clusterToken)) instanceof ControlPlane.WhoamiResult.Authenticated a
      ? a.user().name() + "\n" + String.join("\n", a.user().groups()) : "401";
  String clusterMaria = cp.whoami(new Credential.ClientCertificate(maria.certificatePem(), maria.privateKeyPem())) instanceof ControlPlane.WhoamiResult.Authenticated a
      ? a.user().name() + "\n" + String.join("\n", a.user().groups()) : "401";
  show(HtmlTable.of("credential", "library", "kube-apiserver (kubectl auth whoami)")
      .row("the pod's token", libraryUser, clusterUser)
      .row("maria's certificate", mariaUser.name() + "\n" + String.join("\n", mariaUser.groups()), clusterMaria)
      .titled("who is calling").picture());
}'''),
    md(r'''
Authorization, asked both ways: the library's RBAC decision next to the API server's answer to the same
SubjectAccessReview (what `kubectl auth can-i --as` sends); then real requests sent *as the pod*, with
its token.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var table = HtmlTable.of("request", "library", "kube-apiserver (SubjectAccessReview)");
  for (Ask ask : workloadAsks) {
    var status = cp.review(SubjectAccessReviewer.reviewOf(ask.attributes()));
    table = table.row(ask.label(), workloadRbac.authorize(ask.attributes()).isAllowed() ? "allowed" : "no",
        Boolean.TRUE.equals(status.getAllowed()) ? "allowed" : "no");
  }
  show(table.titled("can-i, asked of both").picture());

  try (var asPodClient = cp.clientAs(new Credential.Token(clusterToken))) {
    System.out.println("as the pod: configmaps in team-a: " + asPodClient.configMaps().inNamespace("team-a").list().getItems().stream()
        .map(c -> c.getMetadata().getName()).toList());
    try {
      asPodClient.configMaps().inNamespace("team-b").list();
      System.out.println("as the pod: configmaps in team-b: listed (unexpected)");
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      System.out.println("as the pod: configmaps in team-b: HTTP " + e.getCode() + " " + e.getStatus().getMessage());
    }
  }
}'''),
    md(r'''
Finally the end of a pod's identity. The pod is deleted; `spareToken`, minted for it earlier and never
used, is refused at once. (A token that *was* used in the last 10 seconds would still pass for the rest
of those seconds: the API server caches successful token checks that long.)
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  cp.adminClient().pods().inNamespace("team-a").withName("reporter-5c8d7").withGracePeriod(0).delete();
  long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
  while (cp.adminClient().pods().inNamespace("team-a").withName("reporter-5c8d7").get() != null && System.nanoTime() < deadline) {
    Thread.sleep(100);
  }
  var after = cp.whoami(new Credential.Token(spareToken));
  System.out.println("a token bound to the deleted pod: " + (after instanceof ControlPlane.WhoamiResult.Unauthorized u ? "401 " + u.message() : after));
}
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 08 (users and pods) asks you to do what a pod's client library does: turn the mounted volume and
the two variables into a client configuration, name the user a service-account token stands for, and
write the Role and RoleBinding for a `report-builder` app that may do its job and nothing more:
`./authlab grade 08`, with `./authlab grade 08 --hint` when you are stuck (labs/…/lab08_user_vs_pod).
Next notebook: 09, RBAC fundamentals.
'''),
]
