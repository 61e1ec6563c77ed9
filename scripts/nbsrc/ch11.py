"""Notebook 11-new-joiner.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "11-new-joiner.ipynb"

CELLS = [
    md(r'''
# 11 · A new joiner, with minimal access

The blog post ends with a promise: next time, a new joiner who needs minimal access to the cluster.
This notebook is that walk-through, every step run for real.

Noor joins the checkout team. Kubernetes keeps no user accounts, so "giving Noor access" is two
separate things: a **credential** the API server believes (here a client certificate with `CN=noor`
and `O=checkout-devs`), and **RBAC** that grants that name or group what the team needs, and nothing
else. In order:

1. Noor makes a key pair and a certificate signing request (CSR) on her own machine;
2. an admin wraps it in a `CertificateSigningRequest` object for the signer
   `kubernetes.io/kube-apiserver-client`, reads it, and approves it;
3. kube-controller-manager signs it with the cluster's client CA;
4. Noor puts certificate, key, server and CA into a kubeconfig;
5. the team's group gets a Role in the team's namespace, through a RoleBinding;
6. everyone checks: `kubectl auth can-i`, `who-can`, and a real request.

The library runs each step offline; the cluster tier repeats them on a real API server, where the
real controller signs the certificate.
'''),
    code(SETUP),
    md(r'''
## 1. On Noor's laptop: a key and a CSR

The private key is made where it will be used and never leaves. The CSR carries the public key and the
name Noor *asks* for, signed with the private key to prove she holds it (`openssl req -new -key
noor.key -subj "/CN=noor/O=checkout-devs"` does the same).
'''),
    code(r'''
var noorKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
var noorCsr = Csr.create(noorKeys, "noor", "checkout-devs");
System.out.println("subject " + noorCsr.subject() + ", proof of possession valid: " + noorCsr.isSignatureValid());
System.out.print(noorCsr.toPem());'''),
    md(r'''
Everything in the subject is Noor's own claim. `O=platform-admins` would be just as easy to type, and
the `kube-apiserver-client` signer copies the subject into the certificate as it is: it checks the
request's form, not the person. The API server refuses exactly one subject by itself: a request for
this signer with `O=system:masters` (the `CertificateSubjectRestriction` admission plugin; the cluster
tier shows it). Any other group, including one bound to `cluster-admin`, is signed once approved.
**The approval is the check**, which is why an approver reads the subject, and why the right to approve
for this signer is worth as much as the most powerful group in the cluster.

## 2. The CertificateSigningRequest object

The admin (or Noor, if she already has some access) submits the CSR to the API server as an object of
the `certificates.k8s.io/v1` API:

* `spec.request`: the PEM, base64-encoded;
* `spec.signerName`: `kubernetes.io/kube-apiserver-client`, the built-in signer for client
  certificates the API server accepts (kube-controller-manager signs them with a CA that the API
  server's `--client-ca-file` trusts: kubeadm sets it up that way, and so does the kit's control plane);
* `spec.usages`: `client auth` (this signer refuses anything beyond client auth, digital signature and
  key encipherment);
* `spec.expirationSeconds`: the lifetime asked for. A client certificate **cannot be revoked**; it is
  good until it expires, so ask for little (the minimum is 600 seconds; the signer also caps it at
  `--cluster-signing-duration`, a year by default).

`spec.username`, `spec.groups` and `spec.uid` are not written by the submitter: the API server fills
them with whoever created the object, so the approver knows who asked.
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import dev.authlab.manifest.ManifestWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
Duration lifetime = Duration.ofDays(7);

CertificateSigningRequest signingRequest(String name, Csr csr) {
  return new CertificateSigningRequestBuilder()
      .withNewMetadata().withName(name).endMetadata()
      .withNewSpec()
          .withRequest(Base64.getEncoder().encodeToString(csr.toPem().getBytes(StandardCharsets.US_ASCII)))
          .withSignerName(CLIENT_SIGNER)
          .withUsages("client auth")
          .withExpirationSeconds((int) lifetime.toSeconds())
      .endSpec()
      .build();
}
var noorRequest = signingRequest("noor", noorCsr);
System.out.print(ManifestWriter.toYaml(noorRequest).replaceAll("(?m)^(\\s*request): \\S+$", "$1: LS0tLS1CRUdJTi… (the CSR's PEM, base64)"));'''),
    md(r'''
What an approver should look at before `kubectl certificate approve`: the subject inside the request
(the object's name means nothing), the signer, the usages, the lifetime, and who submitted it. Here is
Noor's request next to one that arrived at the same time:
'''),
    code(r'''
/** The facts an approver checks, read out of the object itself, against what the ticket asked for. */
List<String> approverView(CertificateSigningRequest request, String expectedUser, List<String> expectedGroups) {
  var spec = request.getSpec();
  Csr inside = Csr.fromPem(new String(Base64.getDecoder().decode(spec.getRequest()), StandardCharsets.US_ASCII));
  List<String> worries = new ArrayList<>();
  if (!inside.commonName().equals(expectedUser)) {
    worries.add("user " + inside.commonName() + ", not " + expectedUser);
  }
  for (String group : inside.organizations()) {
    if (!expectedGroups.contains(group)) {
      worries.add("group " + group + " was not asked for");
    }
  }
  if (spec.getExpirationSeconds() == null || spec.getExpirationSeconds() > Duration.ofDays(30).toSeconds()) {
    worries.add("long-lived, and certificates cannot be revoked");
  }
  return List.of(request.getMetadata().getName(), "user " + inside.commonName() + "\ngroups " + inside.organizations(),
      spec.getSignerName() + "\n" + spec.getUsages(),
      spec.getExpirationSeconds() == null ? "(signer's maximum)" : Duration.ofSeconds(spec.getExpirationSeconds()).toString(),
      worries.isEmpty() ? "approve" : "deny: " + String.join("; ", worries));
}
var sneakyCsr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "noor", "checkout-devs", "platform-admins");
var sneakyRequest = new CertificateSigningRequestBuilder(signingRequest("noor-laptop-2", sneakyCsr))
    .editSpec().withExpirationSeconds(null).endSpec().build();
show(HtmlTable.of("object", "subject (what the certificate will say)", "signer, usages", "lifetime", "verdict")
    .row(approverView(noorRequest, "noor", List.of("checkout-devs"))).row(approverView(sneakyRequest, "noor", List.of("checkout-devs")))
    .titled("two CSRs, as an approver should read them (the ticket: noor, group checkout-devs)").picture());'''),
    md(r'''
## 3. Signing

Once a CSR carries the `Approved` condition, kube-controller-manager's signing controller issues the
certificate with the CA it was given (`--cluster-signing-cert-file`), for the requested lifetime, and
writes it to `status.certificate`. Offline, the kit's `CertificateAuthority` plays that CA.
'''),
    code(r'''
var clusterClientCa = CertificateAuthority.selfSigned("authlab-cluster-client-ca", KeyAlgorithm.ECDSA_P256);
var noorCert = clusterClientCa.sign(noorCsr, CertificateSpec.clientCertificate(noorCsr.commonName(), noorCsr.organizations()).validFor(lifetime));
System.out.print(CertificateInfo.of(noorCert).describe());'''),
    code(r'''
import dev.authlab.authn.x509.ClientCaConfig;

// The API server with that CA in --client-ca-file: who is this certificate?
var apiServer = AuthnSettings.builder().clientCa(ClientCaConfig.of(List.of(clusterClientCa.certificate()))).build()
    .authenticator(AuthnSettings.Environment.defaults());
show(AuthnTracePicture.of("noor's new certificate", apiServer.authenticate(
    AuthenticationRequest.get("/api/v1/namespaces/checkout/pods").withClientCertificates(List.of(noorCert)))));'''),
    md(r'''
## 4. The kubeconfig

Noor's kubeconfig joins four things: the server's URL, the CA that signed the *server's* certificate
(so she can trust the server), her certificate and her key. Its context starts in the team's
namespace, so `kubectl get pods` means the checkout pods. The `-data` fields are base64 PEM; the key
is a secret and is elided here.
'''),
    code(r'''
var servingCa = CertificateAuthority.selfSigned("authlab-serving-ca", KeyAlgorithm.ECDSA_P256);

String kubeconfigFor(String server, String servingCaPem, String certificatePem, String keyPem) {
  var config = Kubeconfigs.forClientCertificate("authlab", server, servingCaPem, "noor", certificatePem, keyPem);
  config.getContexts().get(0).getContext().setNamespace("checkout");
  return Kubeconfigs.toYaml(config);
}
String elided(String yaml) {
  return yaml.replaceAll("(?m)^(\\s*[a-z-]+-data): \\S+$", "$1: (elided)");
}
System.out.print(elided(kubeconfigFor("https://k8s.example.com:6443", servingCa.certificatePem(), Pem.encode(noorCert), Pem.encode(noorKeys.getPrivate()))));'''),
    md(r'''
## 5. Least privilege: a Role for the team, bound to the group

The checkout team's job in namespace `checkout`: look at pods and their logs, read deployments and
scale them, and edit the team's ConfigMaps. So:

* a **Role** (not a ClusterRole): the rights exist in `checkout` only;
* rules that name the verbs and resources, no `*`; `pods/log` and `deployments/scale` are
  subresources and need their own entries; Secrets are left out (`get` on a Secret is reading the
  password in it);
* a **RoleBinding to the group** `checkout-devs`, not to `noor`: the next joiner needs only a
  certificate with the same O, and whoever leaves simply stops getting certificates.
'''),
    code(r'''
var teamManifests = Manifests.parse("checkout-team.yaml", """
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: checkout-dev
      namespace: checkout
    rules:
    - apiGroups: [""]
      resources: ["pods", "pods/log"]
      verbs: ["get", "list", "watch"]
    - apiGroups: [""]
      resources: ["configmaps"]
      verbs: ["get", "list", "watch", "create", "update", "patch"]
    - apiGroups: ["apps"]
      resources: ["deployments"]
      verbs: ["get", "list", "watch"]
    - apiGroups: ["apps"]
      resources: ["deployments/scale"]
      verbs: ["get", "update", "patch"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: checkout-devs
      namespace: checkout
    subjects:
    - kind: Group
      name: checkout-devs
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: checkout-dev
    """);
var policy = RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(teamManifests.objects()).build();
var noor = UserInfo.of("noor", "checkout-devs", "system:authenticated");
var scale = new Attributes.Resource(noor, "update", "checkout", "apps", "v1", "deployments", "scale", "web");
show(RbacGraph.of(policy).highlighting(noor, scale).picture());'''),
    md(r'''
## 6. Verify: can-i, the list, and who-can

The checks a platform team runs before telling Noor she is set up: the things she must be able to do,
and the things she must not.
'''),
    code(r'''
record Check(String question, Attributes attributes, boolean expected) {}
List<Check> checks = List.of(
    new Check("list pods in checkout", Attributes.resource(noor, "list", "pods").inNamespace("checkout"), true),
    new Check("get pods/log in checkout", Attributes.resource(noor, "get", "pods").subresource("log").inNamespace("checkout").named("web-0"), true),
    new Check("update deployments/scale in checkout", scale, true),
    new Check("patch configmaps in checkout", Attributes.resource(noor, "patch", "configmaps").inNamespace("checkout").named("web-settings"), true),
    new Check("update deployments in checkout", new Attributes.Resource(noor, "update", "checkout", "apps", "v1", "deployments", "", "web"), false),
    new Check("create pods/exec in checkout", Attributes.resource(noor, "create", "pods").subresource("exec").inNamespace("checkout").named("web-0"), false),
    new Check("get secrets in checkout", Attributes.resource(noor, "get", "secrets").inNamespace("checkout").named("db-password"), false),
    new Check("list pods in default", Attributes.resource(noor, "list", "pods").inNamespace("default"), false),
    new Check("create rolebindings in checkout", new Attributes.Resource(noor, "create", "checkout", "rbac.authorization.k8s.io", "v1", "rolebindings", "", ""), false));
var authorizer = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
var canI = HtmlTable.of("kubectl auth can-i …", "expected", "library", "");
for (Check c : checks) {
  boolean allowed = authorizer.authorize(c.attributes()).isAllowed();
  canI = canI.row(c.question(), c.expected() ? "yes" : "no", allowed ? "yes" : "no", allowed == c.expected() ? "ok" : "WRONG");
}
show(canI.titled("noor (group checkout-devs)").picture());'''),
    code(r'''
// kubectl auth can-i --list -n checkout, for noor
var review = RulesReview.of(policy, noor, "checkout");
var list = HtmlTable.of("Resources", "Resource Names", "Verbs");
int urlRules = 0;
for (var rule : review.rules()) {
  if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
    urlRules++;
    continue;
  }
  list = list.row(RulesReview.resourcesColumn(rule),
      RulesReview.goList(rule.getResourceNames() == null ? List.of() : rule.getResourceNames()),
      RulesReview.goList(rule.getVerbs()));
}
show(list.titled("everything noor may do in checkout").withNote("(and " + urlRules + " rules for URLs such as /healthz and /version, which every authenticated user gets)").picture());'''),
    md(r'''
The `self…reviews` rows are what every authenticated user gets from the default roles (asking who
one is, and what one may do); the rest is the team's Role. Now the other direction: who may scale the
checkout deployments? The team's group, the cluster's administrators, and two of the control plane's
own controllers (the garbage collector and the horizontal pod autoscaler), whose rights come with every
cluster. Nobody else.
'''),
    code(r'''
var whoCan = new WhoCan(policy).find(scale);
var who = HtmlTable.of("kind", "subject", "through");
for (var grant : whoCan.grants()) {
  who = who.row(grant.subject().getKind(), grant.subject().getName(), grant.via());
}
show(who.titled("who can update deployments/scale in checkout").picture());'''),
    md(r'''
## 7. On a real API server

Now the whole flow on a real control plane. Its kube-controller-manager signs `kube-apiserver-client`
CSRs with the same CA that the API server's `--client-ca-file` trusts, so a certificate it issues is a
login. No authentication settings are needed beyond the defaults.
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(AuthnSettings.defaults()));'''),
    code(r'''
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

// The admin submits both CSRs, approves Noor's, denies the other; a third, for system:masters, never gets in.
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("checkout").endMetadata().build()).create();
  for (HasMetadata object : teamManifests.objects()) {
    admin.resource(object).create();
  }
  var csrs = admin.certificates().v1().certificateSigningRequests();
  var submitted = csrs.resource(noorRequest).create();
  csrs.resource(sneakyRequest).create();
  System.out.println("submitted by (filled in by the API server): " + submitted.getSpec().getUsername() + " " + submitted.getSpec().getGroups());
  csrs.withName("noor").approve(new CertificateSigningRequestConditionBuilder()
      .withType("Approved").withStatus("True").withReason("NewJoiner").withMessage("checkout team, ticket 4711").build());
  csrs.withName("noor-laptop-2").deny(new CertificateSigningRequestConditionBuilder()
      .withType("Denied").withStatus("True").withReason("NotRequested").withMessage("platform-admins was not asked for").build());
  var mastersCsr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "noor", "system:masters");
  try {
    csrs.resource(signingRequest("noor-masters", mastersCsr)).create();
    System.out.println("a CSR for system:masters was accepted (unexpected)");
  } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
    System.out.println("a CSR for system:masters: HTTP " + e.getCode() + ", " + e.getStatus().getMessage());
  }
}'''),
    code(r'''
String issuedPem = null;
if (cluster.isPresent()) {
  var csrs = cluster.get().adminClient().certificates().v1().certificateSigningRequests();
  // kube-controller-manager signs approved requests within a moment; wait for status.certificate.
  long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
  CertificateSigningRequest signed = csrs.withName("noor").get();
  while ((signed.getStatus() == null || signed.getStatus().getCertificate() == null) && System.nanoTime() < deadline) {
    Thread.sleep(200);
    signed = csrs.withName("noor").get();
  }
  issuedPem = new String(Base64.getDecoder().decode(signed.getStatus().getCertificate()), StandardCharsets.US_ASCII);
  var table = HtmlTable.of("CSR", "conditions", "certificate");
  for (String name : List.of("noor", "noor-laptop-2")) {
    var status = csrs.withName(name).get().getStatus();
    table = table.row(name,
        status.getConditions().stream().map(c -> c.getType() + " (" + c.getReason() + ": " + c.getMessage() + ")").collect(Collectors.joining("\n")),
        status.getCertificate() == null ? "(none)" : "issued");
  }
  show(table.titled("kubectl get csr").picture());
  System.out.print(CertificateInfo.of(Pem.parseCertificate(issuedPem)).describe());
}'''),
    md(r'''
The issuer is the control plane's client CA, and the validity is the 7 days asked for. Noor builds
her kubeconfig with the server's real address and CA; the requests below use the certificate and key
*read back out of that kubeconfig*, so they prove the file is right.
'''),
    code(r'''
Credential fromKubeconfig(String yaml) {
  var user = Kubeconfigs.parse(yaml).getUsers().get(0).getUser();
  return new Credential.ClientCertificate(
      new String(Base64.getDecoder().decode(user.getClientCertificateData()), StandardCharsets.US_ASCII),
      new String(Base64.getDecoder().decode(user.getClientKeyData()), StandardCharsets.US_ASCII));
}
Credential noorCredential = null;
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  String kubeconfig = kubeconfigFor(cp.apiServerUrl().toString(), cp.servingCaPem(), issuedPem, Pem.encode(noorKeys.getPrivate()));
  System.out.print(elided(kubeconfig));
  noorCredential = fromKubeconfig(kubeconfig);
  var who = cp.whoami(noorCredential);
  System.out.println("kubectl auth whoami: " + (who instanceof ControlPlane.WhoamiResult.Authenticated a ? a.user().name() + " " + a.user().groups() : who));
}'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var table = HtmlTable.of("kubectl auth can-i …", "expected", "library", "kube-apiserver");
  for (Check c : checks) {
    var status = cp.review(SubjectAccessReviewer.reviewOf(c.attributes()));
    table = table.row(c.question(), c.expected() ? "yes" : "no", authorizer.authorize(c.attributes()).isAllowed() ? "yes" : "no",
        Boolean.TRUE.equals(status.getAllowed()) ? "yes" : "no");
  }
  show(table.titled("noor, asked of the library and of the API server").picture());

  // And real requests, as Noor.
  try (var asNoor = cp.clientAs(noorCredential)) {
    System.out.println("kubectl get pods -n checkout: " + asNoor.pods().inNamespace("checkout").list().getItems().size() + " pods (allowed)");
    for (String ns : List.of("checkout", "default")) {
      try {
        asNoor.secrets().inNamespace(ns).list();
        System.out.println("kubectl get secrets -n " + ns + ": allowed (unexpected)");
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        System.out.println("kubectl get secrets -n " + ns + ": HTTP " + e.getCode() + ", " + e.getStatus().getMessage());
      }
    }
  }
}
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
When Noor leaves, RBAC can take her group's rights away from everyone at once, but nothing can take
her certificate back: it stays a valid login as `noor` in `checkout-devs` until it expires. Short
lifetimes (days, renewed through the same CSR flow) or an identity provider (notebook 05) keep that
window small.

## Your turn

Lab 11 (a new joiner) asks you to do this for Amara of the payments team: write her CSR, the
CertificateSigningRequest object, her kubeconfig, and the least-privilege Role and RoleBinding, then
check them: `./authlab grade 11`, with `./authlab grade 11 --hint` when you are stuck
(labs/…/lab11_new_joiner). Next notebook: 12, attacks and defences.
'''),
]
