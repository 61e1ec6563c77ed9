"""Notebook 12-attacks-and-defences.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "12-attacks-and-defences.ipynb"

CELLS = [
    md(r'''
# 12 · Attacks and defences

RBAC grants exactly what its rules say. The trouble is that some grants are worth much more than
they read: a right to *create pods*, to *read Secrets* or to *impersonate* is, in the wrong place, a
right to become someone else, and that someone may be an administrator. This notebook walks the usual
paths from a little access to all of it, and the defences the API server has against each:

1. **`system:masters`**: the group RBAC never sees, and cannot take away;
2. **stolen tokens**: what a leaked legacy token is worth, next to a bound one;
3. **escalation paths**: creating pods with a powerful service account, reading Secrets,
   impersonation, `bind` and `escalate`;
4. **the escalation check**: why `create roles` does not let you write any role you like;
5. **a who-can audit**: finding the dangerous grants before someone else does.

Everything runs against one deliberately careless policy for a namespace `orders`; the cluster tier
then attacks a real API server with it.
'''),
    code(SETUP),
    md(r'''
## The policy under attack

Each binding below was added for a reason that sounded fine at the time.
'''),
    code(r'''
var orders = Manifests.parse("orders-rbac.yaml", """
    # The CI deployer "needs to install CRDs", so its service account got cluster-admin.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: orders-deployer-admin
    subjects:
    - kind: ServiceAccount
      name: deployer
      namespace: orders
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: cluster-admin
    ---
    # olga leads operations.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: ops-lead-admin
    subjects:
    - kind: User
      name: olga
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: cluster-admin
    ---
    # eve debugs with throwaway pods in orders.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: pod-runner
      namespace: orders
    rules:
    - apiGroups: [""]
      resources: ["pods"]
      verbs: ["create", "get", "list", "delete"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: eve-runs-pods
      namespace: orders
    subjects:
    - kind: User
      name: eve
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: pod-runner
    ---
    # Support "checks the configuration", which lives in Secrets.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: secret-reader
      namespace: orders
    rules:
    - apiGroups: [""]
      resources: ["secrets"]
      verbs: ["get", "list"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: support-reads-secrets
      namespace: orders
    subjects:
    - kind: Group
      name: support
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: secret-reader
    ---
    # The helpdesk bot "sees what the user sees".
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: helpdesk-impersonator
    rules:
    - apiGroups: [""]
      resources: ["users"]
      verbs: ["impersonate"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata:
      name: helpdesk
    subjects:
    - kind: User
      name: hal
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: helpdesk-impersonator
    ---
    # rita maintains the team's roles and bindings, and reads pods.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: role-admin
      namespace: orders
    rules:
    - apiGroups: ["rbac.authorization.k8s.io"]
      resources: ["roles", "rolebindings"]
      verbs: ["create", "update", "get", "list"]
    - apiGroups: [""]
      resources: ["pods"]
      verbs: ["get", "list"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: rita-role-admin
      namespace: orders
    subjects:
    - kind: User
      name: rita
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: role-admin
    ---
    # bob onboards people: he may hand out any ClusterRole, in orders.
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: role-binder
    rules:
    - apiGroups: ["rbac.authorization.k8s.io"]
      resources: ["clusterroles"]
      verbs: ["bind"]
    - apiGroups: ["rbac.authorization.k8s.io"]
      resources: ["rolebindings"]
      verbs: ["create"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: bob-binds
      namespace: orders
    subjects:
    - kind: User
      name: bob
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: ClusterRole
      name: role-binder
    ---
    # mallory tunes the team's roles, "without having to ask for every new rule".
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: role-tuner
      namespace: orders
    rules:
    - apiGroups: ["rbac.authorization.k8s.io"]
      resources: ["roles"]
      verbs: ["get", "update", "escalate"]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata:
      name: mallory-tunes-roles
      namespace: orders
    subjects:
    - kind: User
      name: mallory
      apiGroup: rbac.authorization.k8s.io
    roleRef:
      apiGroup: rbac.authorization.k8s.io
      kind: Role
      name: role-tuner
    """);
var policy = RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(orders.objects()).build();
var chain = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
UserInfo person(String name, String... groups) {
  return new UserInfo(name, "", Stream.concat(Stream.of(groups), Stream.of(UserInfo.ALL_AUTHENTICATED)).toList(), Map.of());
}
var eve = person("eve");
var sam = person("sam", "support");
var hal = person("hal");
var rita = person("rita");
var bob = person("bob");
var mallory = person("mallory");
System.out.println(orders.size() + " objects in orders-rbac.yaml; decisions go through " + chain.authorizers().stream().map(Authorizer::name).toList());'''),
    md(r'''
## 1. system:masters: above RBAC

The API server's authorizer chain starts with a check that is not RBAC at all: a member of the group
`system:masters` is allowed everything, before RBAC is asked. The ClusterRoleBinding `cluster-admin`
also names that group, but it is a formality. Take every binding away and a `system:masters`
certificate still works:
'''),
    code(r'''
var nothingBound = AuthorizerChain.kubeApiServer(new RbacAuthorizer(RbacPolicy.empty()));
var masters = person("break-glass", "system:masters");
show(DecisionPicture.of("break-glass (system:masters), with no RBAC objects at all: delete secrets in kube-system",
    nothingBound.authorize(Attributes.resource(masters, "delete", "secrets").inNamespace("kube-system"))));'''),
    md(r'''
So a `system:masters` credential cannot be revoked through RBAC. A client certificate with
`O=system:masters` is good until it expires (there are no revocation lists), and the escalation check
of section 4 skips the group too. The defences are all outside RBAC:

* hand out no `system:masters` certificates beyond a break-glass one kept offline; give administrators
  `cluster-admin` through a binding instead, which can be deleted;
* protect the client CA's private key: whoever holds it can sign any name into any group. The API
  server refuses CSRs for `system:masters` through the `kube-apiserver-client` signer (notebook 11),
  but that guards the front door, not the key.

## 2. Stolen tokens

A service-account token in the wrong hands is the service account. How long that lasts depends on
the kind of token:

* a **legacy token** (a Secret of type `kubernetes.io/service-account-token`): no expiry, no audience,
  no pod binding. It works for as long as the Secret exists. Kubernetes stopped creating them
  automatically in 1.24; since 1.29 the `legacy-serviceaccount-token-cleaner` marks ones unused for a
  year as invalid, and deletes them a year after that;
* a **bound token** (TokenRequest, projected volumes): an expiry, an audience, and a pod (or Secret,
  or Node) whose deletion ends it.

Both for the `deployer` account, which is `cluster-admin`:
'''),
    code(r'''
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

var saKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
var serviceAccounts = ServiceAccountConfig.of("https://kubernetes.default.svc.cluster.local", Pem.encode(saKeys.getPublic()), Pem.encode(saKeys.getPrivate()));
var authn = AuthnSettings.builder().serviceAccounts(serviceAccounts).build();

ServiceAccount deployer = new ServiceAccountBuilder()
    .withNewMetadata().withName("deployer").withNamespace("orders").withUid("6a1f3c2e-9b7d-4e08-a5c4-2d8e0f1b3a79").endMetadata().build();
Secret legacySecret = new SecretBuilder()
    .withNewMetadata().withName("deployer-token").withNamespace("orders").withUid("c3d2e1f0-4b5a-4c69-8d7e-0f1a2b3c4d5e")
        .addToAnnotations("kubernetes.io/service-account.name", "deployer").endMetadata()
    .withType("kubernetes.io/service-account-token").build();
var deployJob = new PodBuilder()
    .withNewMetadata().withName("deploy-job-x7k2p").withNamespace("orders").withUid("9e8d7c6b-5a49-4382-b1f0-e9d8c7b6a594").endMetadata()
    .withNewSpec().withServiceAccountName("deployer").addNewContainer().withName("deploy").withImage("registry.example.com/deploy:7").endContainer().endSpec()
    .build();

var issuer = serviceAccounts.issuer(InMemoryServiceAccountObjects.of(deployer, deployJob), Clock.systemUTC());
String legacyToken = issuer.generateLegacyToken(legacySecret, deployer);
// the token controller stores the token in the Secret, and the legacy authenticator compares the two
legacySecret = new SecretBuilder(legacySecret).addToData("token", Base64.getEncoder().encodeToString(legacyToken.getBytes(StandardCharsets.US_ASCII))).build();
String boundToken = ((TokenRequestResult.Issued) issuer.request("orders", "deployer", new TokenRequestBuilder()
    .withNewSpec().withExpirationSeconds(600L)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName("deploy-job-x7k2p").withUid(deployJob.getMetadata().getUid()).endBoundObjectRef()
    .endSpec().build())).token();

/** What the API server says about a token, with these objects present, at this moment. */
String verdict(String token, InMemoryServiceAccountObjects present, Clock clock) {
  AuthnResult r = authn.authenticator(AuthnSettings.Environment.defaults().withObjects(present).withClock(clock))
      .authenticate(AuthenticationRequest.withBearerToken(token));
  if (r instanceof AuthnResult.Authenticated a) {
    return "works: " + a.user().name();
  }
  // every rejected token also fails the API server's own loopback check first; that part says nothing
  return r instanceof AuthnResult.Failed f ? "401: " + f.reason().replace("invalid bearer token, ", "") : "401";
}
var all = InMemoryServiceAccountObjects.of(deployer, legacySecret, deployJob);
Clock now = Clock.systemUTC();
var stolen = HtmlTable.of("when the thief uses it", "legacy token (Secret)", "bound token (600 s, pod-bound)");
for (var moment : List.of(
    Map.entry("now", Map.entry(all, now)),
    Map.entry("an hour later", Map.entry(all, Clock.offset(now, Duration.ofHours(1)))),
    Map.entry("two years later", Map.entry(all, Clock.offset(now, Duration.ofDays(730)))),
    Map.entry("now, after the deploy job's pod is deleted", Map.entry(all.without("Pod", "orders", "deploy-job-x7k2p"), now)),
    Map.entry("now, after the Secret is deleted", Map.entry(all.without("Secret", "orders", "deployer-token"), now)))) {
  stolen = stolen.row(moment.getKey(), verdict(legacyToken, moment.getValue().getKey(), moment.getValue().getValue()),
      verdict(boundToken, moment.getValue().getKey(), moment.getValue().getValue()));
}
show(stolen.titled("a stolen deployer token").picture());'''),
    md(r'''
The legacy token still works two years on; only deleting its Secret stops it. The bound one dies with
its pod, and by itself ten minutes after it was issued. (Audiences help too: a bound token requested
for another audience, say a Vault server, is refused by the API server, so a token handed to a third
party cannot be replayed against the cluster.) Defences: find and delete legacy token Secrets
(`kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token`), keep projected
tokens, and keep powerful accounts out of places where tokens leak.

## 3. Escalation paths

Four of the people in the policy hold grants that are worth more than they look. Each path ends at the
same place: `cluster-admin`, one way or another.

### Create pods, and pick a powerful service account

`eve` may create pods in `orders`. A pod names its service account in `spec.serviceAccountName`, and
there is no permission for *using* a service account: whoever may create a pod in a namespace may run
it as any account in that namespace, and read that account's token from inside. `deployer` lives in
`orders`. The same holds for anything that makes pods (Deployments, Jobs, CronJobs…).
'''),
    code(r'''
var eveRunsPod = Attributes.resource(eve, "create", "pods").inNamespace("orders");
show(RbacGraph.of(policy).highlighting(eve, eveRunsPod).picture());
var deployerUser = new UserInfo(ServiceAccountNames.username("orders", "deployer"), "",
    Stream.concat(ServiceAccountNames.groups("orders").stream(), Stream.of(UserInfo.ALL_AUTHENTICATED)).toList(), Map.of());
show(DecisionPicture.of("…and the pod, running as orders/deployer: delete nodes",
    chain.authorize(Attributes.resource(deployerUser, "delete", "nodes").named("worker-1"))));'''),
    md(r'''
### Read Secrets

`sam`, in the group `support`, may read Secrets in `orders`. Among them is `deployer-token`, the legacy
token of section 2: reading it *is* becoming `deployer`. Secrets also hold database passwords, cloud
keys, and other service accounts' tokens; `get` or `list` on Secrets is as valuable as the most
valuable Secret in the namespace. (`list` returns their contents too, not only their names.)
'''),
    code(r'''
show(RbacGraph.of(policy).highlighting(sam, Attributes.resource(sam, "get", "secrets").inNamespace("orders").named("deployer-token")).picture());'''),
    md(r'''
### Impersonate

`hal` may `impersonate` users, any user, because the rule has no `resourceNames`. With
`Impersonate-User: olga` (`kubectl --as olga`) every request of his is authorized as olga, who is
`cluster-admin`. The API server checks the verb for each part it impersonates: `users` for the name,
`groups` for each `--as-group`, `serviceaccounts` for a service account's name, `uids` (in the
`authentication.k8s.io` group) for a uid, `userextras/…` for extras. hal has only the first, so `--as-group system:masters` is refused; he does not need it.
'''),
    code(r'''
var imp = HtmlTable.of("hal asks to act as", "impersonate check", "then, as that user: delete nodes");
for (String[] target : new String[][] {{"olga", ""}, {"olga", "system:masters"}}) {
  boolean userOk = chain.authorize(Attributes.resource(hal, "impersonate", "users").named(target[0])).isAllowed();
  boolean groupOk = target[1].isEmpty() || chain.authorize(Attributes.resource(hal, "impersonate", "groups").named(target[1])).isAllowed();
  String as = target[0] + (target[1].isEmpty() ? "" : " --as-group " + target[1]);
  if (userOk && groupOk) {
    UserInfo became = Impersonation.userFor(target[0], target[1].isEmpty() ? List.of() : List.of(target[1]), Map.of());
    imp = imp.row(as, "allowed", chain.authorize(Attributes.resource(became, "delete", "nodes").named("worker-1")).isAllowed() ? "allowed" : "no");
  } else {
    imp = imp.row(as, "403: hal cannot impersonate " + (userOk ? "groups \"" + target[1] + "\"" : "users"), "(never gets that far)");
  }
}
show(imp.titled("impersonation, checked part by part").picture());'''),
    md(r'''
### bind and escalate

`bob` may create RoleBindings in `orders` and holds `bind` on every ClusterRole. The escalation check
(next section) lets a user create a binding to a role they hold `bind` on, so bob may bind
`cluster-admin` to himself in `orders`: full control of the namespace, its Secrets included, and from
there the deployer token. `mallory` holds `escalate` on roles in `orders`: she may write any rule into
the Role she is bound to. Both verbs exist for delegation; unrestricted by `resourceNames`, they are
equivalent to the most powerful role in reach.
'''),
    code(r'''
show(RbacGraph.of(policy).highlighting(bob, new Attributes.Resource(bob, "bind", "orders", "rbac.authorization.k8s.io", "*", "clusterroles", "", "cluster-admin")).picture());'''),
    md(r'''
## 4. The escalation check

Holding `create` on `roles` does not let you write any role you like. Whenever a Role, ClusterRole,
RoleBinding or ClusterRoleBinding is written, the API server checks the writer (`EscalationCheck` is
that check):

* a role may only contain rules the writer already holds, in that namespace, unless they hold
  `escalate` on it;
* a binding may only point at a role whose rules the writer holds, unless they hold `bind` on it.

rita, with `create`/`update` on roles and bindings and read access to pods, is stopped at the edge of
what she has; bob and mallory are not.
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;

Role role(String name, String resource, String... verbs) {
  return new RoleBuilder().withNewMetadata().withName(name).withNamespace("orders").endMetadata()
      .addNewRule().withApiGroups("").withResources(resource).withVerbs(verbs).endRule().build();
}
io.fabric8.kubernetes.api.model.rbac.RoleBinding bindingTo(String name, String user, String kind, String roleName) {
  return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace("orders").endMetadata()
      .addNewSubject().withKind("User").withName(user).withApiGroup("rbac.authorization.k8s.io").endSubject()
      .withNewRoleRef().withKind(kind).withName(roleName).withApiGroup("rbac.authorization.k8s.io").endRoleRef().build();
}
Role tunerEverything = new RoleBuilder().withNewMetadata().withName("role-tuner").withNamespace("orders").endMetadata()
    .addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule().build();

record Write(String who, UserInfo user, String what, HasMetadata object, Optional<HasMetadata> old) {}

/** The first lines of a long message; the missing rules of a refused ClusterRole can run to dozens. */
String brief(String message) {
  List<String> lines = message.lines().toList();
  return lines.size() <= 4 ? message : String.join("\n", lines.subList(0, 4)) + "\n… and " + (lines.size() - 4) + " more rules";
}
List<Write> writes = List.of(
    new Write("rita", rita, "create Role pod-viewer (get, list pods)", role("pod-viewer", "pods", "get", "list"), Optional.empty()),
    new Write("rita", rita, "create Role secret-peek (get secrets)", role("secret-peek", "secrets", "get"), Optional.empty()),
    new Write("rita", rita, "create RoleBinding rita-admin → ClusterRole admin", bindingTo("rita-admin", "rita", "ClusterRole", "admin"), Optional.empty()),
    new Write("bob", bob, "create RoleBinding bob-admin → ClusterRole cluster-admin", bindingTo("bob-admin", "bob", "ClusterRole", "cluster-admin"), Optional.empty()),
    new Write("mallory", mallory, "update Role role-tuner to * on *", tunerEverything, policy.role("orders", "role-tuner").map(r -> (HasMetadata) r)));
var check = new EscalationCheck(policy);
var escalation = HtmlTable.of("who", "writes", "result", "why");
for (Write w : writes) {
  EscalationResult r = w.old().isPresent() ? check.checkUpdate(w.user(), w.object(), w.old().get()) : check.checkCreate(w.user(), w.object());
  escalation = escalation.row(w.who(), w.what(), r instanceof EscalationResult.Permitted ? "accepted" : "403 Forbidden", brief(r.message()));
}
show(escalation.titled("the escalation check on role and binding writes").picture());'''),
    md(r'''
rita's refusals carry the API server's own message: the rules she would grant and does not hold.
The check is the defence against "anyone who may write bindings may bind `cluster-admin` to
themselves"; `bind` and `escalate` are the two deliberate holes in it, so grant them with
`resourceNames` (bind *this* role) or not at all.

## 5. A who-can audit

The question to ask of a policy is not "what may eve do?" but "who may do the dangerous things?".
`WhoCan` answers it for each request; here for the handful that lead to everything. `system:masters`
and the control plane's own `system:` accounts are left out: they are expected.
'''),
    code(r'''
var nobody = UserInfo.of("");
var dangerous = new LinkedHashMap<String, Attributes>();
dangerous.put("create pods in orders", Attributes.resource(nobody, "create", "pods").inNamespace("orders"));
dangerous.put("get secrets in orders", Attributes.resource(nobody, "get", "secrets").inNamespace("orders"));
dangerous.put("impersonate users", Attributes.resource(nobody, "impersonate", "users").named("olga"));
dangerous.put("impersonate groups", Attributes.resource(nobody, "impersonate", "groups").named("system:masters"));
dangerous.put("bind clusterroles/cluster-admin in orders", new Attributes.Resource(nobody, "bind", "orders", "rbac.authorization.k8s.io", "*", "clusterroles", "", "cluster-admin"));
dangerous.put("escalate roles in orders", new Attributes.Resource(nobody, "escalate", "orders", "rbac.authorization.k8s.io", "*", "roles", "", "role-tuner"));
dangerous.put("create clusterrolebindings", new Attributes.Resource(nobody, "create", "", "rbac.authorization.k8s.io", "*", "clusterrolebindings", "", ""));
var audit = HtmlTable.of("who can …", "subjects (system: ones left out)");
for (var entry : dangerous.entrySet()) {
  var found = new WhoCan(policy).find(entry.getValue());
  String subjects = found.grants().stream()
      .filter(g -> !g.subject().getName().startsWith("system:") && !(g.subject().getNamespace() != null && g.subject().getNamespace().equals("kube-system")))
      .map(g -> g.subject().getKind() + " " + (g.subject().getNamespace() == null ? "" : g.subject().getNamespace() + "/") + g.subject().getName()
          + "  (" + g.via() + ")")
      .distinct().collect(Collectors.joining("\n"));
  audit = audit.row(entry.getKey(), subjects.isEmpty() ? "(nobody)" : subjects);
}
show(audit.titled("who can do the dangerous things").picture());'''),
    md(r'''
Every name here should have a reason written next to it. Some will: olga is the operations lead, and
bob's `bind` might be acceptable with `resourceNames: [view, edit]`. Others are accidents: the deployer
with `cluster-admin`, support reading Secrets, hal impersonating anyone. (Lab 12 asks you to run such
an audit on a leaky policy and fix it.)

## 6. On a real API server

The same policy on a real control plane, with people logging in with client certificates from a CA
the API server trusts. Then the attacks, for real.
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
import dev.authlab.authn.x509.ClientCaConfig;

var peopleCa = CertificateAuthority.selfSigned("authlab-people-ca", KeyAlgorithm.ECDSA_P256);
Credential login(UserInfo user) {
  var groups = user.groups().stream().filter(g -> !g.equals(UserInfo.ALL_AUTHENTICATED)).toList();
  var cert = peopleCa.issue(CertificateSpec.clientCertificate(user.name(), groups));
  return new Credential.ClientCertificate(cert.certificatePem(), cert.privateKeyPem());
}
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(AuthnSettings.builder()
    .clientCa(ClientCaConfig.of(List.of(peopleCa.certificate())))
    .serviceAccounts(serviceAccounts)
    .build()));'''),
    code(r'''
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

String attempt(java.util.concurrent.Callable<Object> request) {
  try {
    Object result = request.call();
    return "allowed" + (result == null ? "" : ": " + result);
  } catch (KubernetesClientException e) {
    return "HTTP " + e.getCode() + ": " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
  } catch (Exception e) {
    return e.toString();
  }
}

if (cluster.isPresent()) {
  var admin = cluster.get().adminClient();
  admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("orders").endMetadata().build()).create();
  admin.serviceAccounts().inNamespace("orders").resource(new ServiceAccountBuilder().withNewMetadata().withName("deployer").endMetadata().build()).create();
  for (HasMetadata object : orders.objects()) {
    admin.resource(object).create();
  }
  // A legacy token Secret for the deployer, as clusters older than 1.24 made one for every service account.
  admin.secrets().inNamespace("orders").resource(new SecretBuilder()
      .withNewMetadata().withName("deployer-token").addToAnnotations("kubernetes.io/service-account.name", "deployer").endMetadata()
      .withType("kubernetes.io/service-account-token").build()).create();
  System.out.println("orders: " + orders.size() + " RBAC objects, the deployer account and its legacy token Secret created as the admin");
}'''),
    md(r'''
**The stolen-Secret path, end to end.** sam (group `support`) reads the Secret, into which the token
controller has put the deployer's token. With that token sam is `cluster-admin`, and he uses it once,
to bind `cluster-admin` to himself: deleting the Secret afterwards no longer helps.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  String stolenToken = null;
  long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
  try (var asSam = cp.clientAs(login(sam))) {
    while (stolenToken == null && System.nanoTime() < deadline) {
      Secret s = asSam.secrets().inNamespace("orders").withName("deployer-token").get();
      if (s.getData() != null && s.getData().get("token") != null) {
        stolenToken = new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.US_ASCII);
      } else {
        Thread.sleep(200);
      }
    }
  }
  System.out.println("sam read secret orders/deployer-token: a " + stolenToken.length() + "-character token");
  var who = cp.whoami(new Credential.Token(stolenToken));
  System.out.println("the token is: " + (who instanceof ControlPlane.WhoamiResult.Authenticated a ? a.user().name() : who));
  try (var asSam = cp.clientAs(login(sam))) {
    System.out.println("sam himself, list secrets in kube-system: " + attempt(() -> asSam.secrets().inNamespace("kube-system").list().getItems().size() + " secrets"));
  }
  // With the deployer's token, sam makes himself cluster-admin for good: the Secret can be rotated later, the binding stays.
  try (var asDeployer = cp.clientAs(new Credential.Token(stolenToken))) {
    System.out.println("as the deployer, bind cluster-admin to sam: " + attempt(() -> asDeployer.resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName("sam-admin").endMetadata()
        .addNewSubject().withKind("User").withName("sam").withApiGroup("rbac.authorization.k8s.io").endSubject()
        .withNewRoleRef().withKind("ClusterRole").withName("cluster-admin").withApiGroup("rbac.authorization.k8s.io").endRoleRef()
        .build()).create().getMetadata().getName() + " created"));
  }
  try (var asSam = cp.clientAs(login(sam))) {
    System.out.println("sam himself, list secrets in kube-system, again: " + attempt(() -> asSam.secrets().inNamespace("kube-system").list().getItems().size() + " secrets"));
  }
}'''),
    md(r'''
**The pod path.** eve creates a pod that runs as `deployer`. The API server accepts it (there is no
permission to check), and its admission plugin mounts the deployer's token into it. Nothing runs
pods on this machine, but on a real node eve's container would now hold a `cluster-admin` token.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  try (var asEve = cp.clientAs(login(eve))) {
    System.out.println("eve creates a pod as orders/deployer: " + attempt(() -> {
      var pod = asEve.pods().inNamespace("orders").resource(new PodBuilder()
          .withNewMetadata().withName("debug").endMetadata()
          .withNewSpec().withServiceAccountName("deployer").addNewContainer().withName("sh").withImage("busybox").endContainer().endSpec()
          .build()).create();
      return "runs as " + pod.getSpec().getServiceAccountName() + ", with volume " + pod.getSpec().getVolumes().get(0).getName()
          + " (a token for " + pod.getSpec().getServiceAccountName() + ")";
    }));
    System.out.println("eve herself, list secrets in orders: " + attempt(() -> asEve.secrets().inNamespace("orders").list()));
  }
}'''),
    md(r'''
**Impersonation works only with the verb.** hal may impersonate users; helen (anyone else) may not.
Both send `Impersonate-User: olga`:
'''),
    code(r'''
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** A client for this login that impersonates a user (kubectl --as USER [--as-group GROUP]). */
io.fabric8.kubernetes.client.KubernetesClient impersonating(ControlPlane cp, Credential login, String user, String... groups) {
  var config = dev.authlab.cluster.ControlPlaneClients.config(cp.apiServerUrl(), cp.servingCaPem(), login);
  config.setImpersonateUsername(user);
  if (groups.length > 0) {
    config.setImpersonateGroups(groups);
  }
  return new KubernetesClientBuilder().withConfig(config).build();
}

if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var table = HtmlTable.of("caller", "sends", "kubectl auth whoami", "then: delete nodes? (SubjectAccessReview)");
  for (var caller : List.of(hal, person("helen"))) {
    for (String[] as : new String[][] {{"olga"}, {"olga", "system:masters"}}) {
      String[] groups = Arrays.copyOfRange(as, 1, as.length);
      try (var client = impersonating(cp, login(caller), as[0], groups)) {
        var who = dev.authlab.cluster.ControlPlaneClients.whoami(client);
        String whoText = who instanceof ControlPlane.WhoamiResult.Authenticated a ? a.user().name() + " " + a.user().groups()
            : who instanceof ControlPlane.WhoamiResult.Forbidden f ? "403: " + f.message() : who.toString();
        String nodes = who instanceof ControlPlane.WhoamiResult.Authenticated a
            ? (Boolean.TRUE.equals(cp.review(SubjectAccessReviewer.reviewOf(Attributes.resource(a.user(), "delete", "nodes").named("worker-1"))).getAllowed()) ? "yes" : "no")
            : "";
        table = table.row(caller.name(), "--as " + as[0] + (groups.length == 0 ? "" : " --as-group " + String.join(",", groups)), whoText, nodes);
      }
    }
  }
  show(table.titled("Impersonate-User on a real API server").picture());
}'''),
    md(r'''
**The escalation check, on the API server.** rita tries the writes of section 4 herself; bob binds
`cluster-admin`; mallory rewrites her own Role. The library's verdicts are in the middle column.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var table = HtmlTable.of("who", "writes", "library", "kube-apiserver");
  for (Write w : writes) {
    EscalationResult predicted = w.old().isPresent() ? check.checkUpdate(w.user(), w.object(), w.old().get()) : check.checkCreate(w.user(), w.object());
    String actual;
    try (var client = cp.clientAs(login(w.user()))) {
      actual = w.old().isPresent()
          ? attempt(() -> { client.resource(w.object()).update(); return null; })
          : attempt(() -> { client.resource(w.object()).create(); return null; });
    }
    table = table.row(w.who(), w.what(), predicted instanceof EscalationResult.Permitted ? "accepted" : "403", brief(actual));
  }
  show(table.titled("role and binding writes").picture());
}'''),
    md(r'''
**system:masters, once more.** The admin of this control plane logs in with a `system:masters`
certificate. Delete the `cluster-admin` ClusterRoleBinding (which names `system:masters`), and the
admin can still do everything; a SubjectAccessReview for a made-up user in the group says the same.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  admin.rbac().clusterRoleBindings().withName("cluster-admin").delete();
  long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
  while (admin.rbac().clusterRoleBindings().withName("cluster-admin").get() != null && System.nanoTime() < deadline) {
    Thread.sleep(100);
  }
  System.out.println("ClusterRoleBinding cluster-admin present: " + (admin.rbac().clusterRoleBindings().withName("cluster-admin").get() != null));
  System.out.println("the admin lists namespaces: " + attempt(() -> admin.namespaces().list().getItems().size() + " namespaces"));
  var status = cp.review(SubjectAccessReviewer.reviewOf(Attributes.resource(masters, "delete", "secrets").inNamespace("kube-system")));
  System.out.println("SubjectAccessReview, break-glass in system:masters, delete secrets in kube-system: allowed=" + status.getAllowed());
}
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 12 (attacks and defences) hands you a shop's RBAC policy in which several well-meant bindings open
a way to more power. Audit it with who-can, explain each path, and fix the policy so the shop still
works and no path is left: `./authlab grade 12`, with `./authlab grade 12 --hint` when you are stuck
(labs/…/lab12_attacks_and_defences).
'''),
]
