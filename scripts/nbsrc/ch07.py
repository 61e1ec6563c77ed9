"""Notebook 07-service-account-tokens.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "07-service-account-tokens.ipynb"

CELLS = [
    md(r'''
# 07 · Service-account tokens

Programs that run in the cluster (and CI pipelines that deploy to it) authenticate as a
**ServiceAccount**, with a token the API server made itself. The blog post says these tokens are
stored in Secrets and mounted into pods, and that since Kubernetes 1.21 they are "bound and
renewable". Both halves are true, for two different kinds of token that still coexist:

| | legacy token (in a Secret) | bound token (TokenRequest) |
|---|---|---|
| made by | the token controller, into a `kubernetes.io/service-account-token` Secret | the API server, on `POST …/serviceaccounts/NAME/token` |
| `iss` | `kubernetes/serviceaccount` | `--service-account-issuer` |
| audience | none (good for the API server only) | chosen by the requester (default: the API server) |
| expiry | **none** | always (10 minutes or more; an hour by default) |
| tied to | the Secret and the ServiceAccount | the ServiceAccount, optionally a Pod, Secret or Node |
| today | not created automatically since 1.24; unused ones are marked invalid and removed since 1.29–1.30 | what every pod gets (notebook 08) |

Both are JWTs signed with the key in `--service-account-signing-key-file` and checked with
`--service-account-key-file`. This notebook makes one of each, reads them, and breaks them one object
at a time, then does the same on a real API server.
'''),
    code(SETUP),
    md(r'''
## 1. Keys, issuer and objects

`ServiceAccountConfig` is the API server's service-account flags. The objects are what the API server
would look up while checking a token: a ServiceAccount `deployer` in namespace `ci`, the legacy Secret
made for it, and a pod running as it. Tokens name objects **by uid**, so the uids matter.
'''),
    code(r'''
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Clock;
import java.time.Duration;

var signingKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
String issuerUrl = "https://kubernetes.default.svc.cluster.local";
var saConfig = ServiceAccountConfig.of(issuerUrl, Pem.encode(signingKeys.getPublic()), Pem.encode(signingKeys.getPrivate()));
saConfig.writeApiServerConfig(Files.createTempDirectory("sa-keys")).forEach(flag -> System.out.println("kube-apiserver " + flag));

ServiceAccount deployer = new ServiceAccountBuilder()
    .withNewMetadata().withName("deployer").withNamespace("ci").withUid("6a1f0c3e-2d4b-4f7a-9e18-3c5b7d9f1a20").endMetadata().build();
Secret legacySecret = new SecretBuilder()
    .withNewMetadata().withName("deployer-token").withNamespace("ci").withUid("0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b")
        .addToAnnotations("kubernetes.io/service-account.name", "deployer")
        .addToAnnotations("kubernetes.io/service-account.uid", "6a1f0c3e-2d4b-4f7a-9e18-3c5b7d9f1a20").endMetadata()
    .withType("kubernetes.io/service-account-token").build();
Pod deployPod = new PodBuilder()
    .withNewMetadata().withName("deploy-7f9c").withNamespace("ci").withUid("c4b3a291-8f7e-4d6c-b5a4-93e2f1d0c8b7").endMetadata()
    .withNewSpec().withServiceAccountName("deployer").withNodeName("worker-2")
        .addNewContainer().withName("deploy").withImage("registry.example.com/deploy:2.1").endContainer().endSpec()
    .build();
var objects = InMemoryServiceAccountObjects.of(deployer, legacySecret, deployPod);
var issuer = saConfig.issuer(objects, Clock.systemUTC());

// What the token controller did with the Secret: sign a legacy token and store it in data.token.
String legacyToken = issuer.generateLegacyToken(legacySecret, deployer);
legacySecret = new SecretBuilder(legacySecret).addToData("token", Base64.getEncoder().encodeToString(legacyToken.getBytes())).build();
objects = InMemoryServiceAccountObjects.of(deployer, legacySecret, deployPod);
System.out.println("\nissuer " + issuer.issuer() + ", signing with " + issuer.algorithm() + ", kid " + issuer.keyId()
    + "; API audiences " + issuer.apiAudiences());'''),
    md(r'''
## 2. Two tokens, side by side

The legacy token is what the token controller wrote into the Secret's `data.token`. The bound token
comes from the TokenRequest API: here a plain request for 30 minutes, no audience named, not bound to a
pod (the way `kubectl create token deployer -n ci --duration 30m` asks).
'''),
    code(r'''
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

TokenRequestResult issueToken(TokenRequest request) {
  return issuer.request("ci", "deployer", request);
}
var plain = (TokenRequestResult.Issued) issueToken(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(1800L).endSpec().build());
String boundToken = plain.token();

/** The payload of a JWT: the middle part, base64url-decoded. Reading it needs no key; trusting it does. */
JsonNode claims(String jwt) {
  return JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
}
String shown(JsonNode value) {
  if (value == null || value.isMissingNode()) {
    return "-";
  }
  return value.isNumber() ? value.asString() + "\n(" + java.time.Instant.ofEpochSecond(value.asLong()) + ")" : value.isString() ? value.asString() : value.toPrettyString();
}
JsonNode legacyClaims = claims(legacyToken);
JsonNode boundClaims = claims(boundToken);
var names = new LinkedHashSet<String>(legacyClaims.propertyNames());
names.addAll(boundClaims.propertyNames());
var side = HtmlTable.of("claim", "legacy token (Secret)", "bound token (TokenRequest)");
for (String name : names) {
  side = side.row(name, shown(legacyClaims.get(name)), shown(boundClaims.get(name)));
}
show(side.titled("what each token carries").picture());'''),
    md(r'''
The legacy token has no `aud`, no `exp`, no `iat`: it is valid for as long as its Secret exists, which
can be years, and anyone who ever read that Secret (a backup, a `kubectl get secret -o yaml` pasted in a
chat) holds it. The bound token has an expiry, an audience, a unique id (`jti`, which ends up in audit
logs as a credential id) and a `kubernetes.io` claim naming the ServiceAccount by name *and* uid.

Both authenticate as the same user. The chain tries the legacy authenticator first and the bound one
second; each passes on tokens whose issuer is not its own.
'''),
    code(r'''
ApiServerAuthenticator chainWith(InMemoryServiceAccountObjects present) {
  // a fresh chain per set of objects, so the token cache cannot carry an earlier answer over
  return AuthnSettings.builder().serviceAccounts(saConfig).build().authenticator(AuthnSettings.Environment.defaults().withObjects(present));
}
AuthnResult present(InMemoryServiceAccountObjects present, String token) {
  return chainWith(present).authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(saConfig.effectiveApiAudiences()));
}
show(AuthnTracePicture.of("the legacy token", present(objects, legacyToken)));
show(AuthnTracePicture.of("the bound token", present(objects, boundToken)));'''),
    md(r'''
## 3. Audiences

A bound token can be made for someone other than the API server: a token for
`https://vault.example.com` lets a pod log in to Vault, and Vault checks it by sending a **TokenReview**
with that audience. Such a token is no good against the API server itself, whose audiences are its
`--api-audiences` (by default the issuer URL): a token leaked from Vault cannot be replayed to
Kubernetes.
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;

var forVault = (TokenRequestResult.Issued) issueToken(new TokenRequestBuilder().withNewSpec()
    .withAudiences("https://vault.example.com").withExpirationSeconds(600L).endSpec().build());
System.out.println("aud: " + claims(forVault.token()).get("aud"));
show(AuthnTracePicture.of("the Vault token, sent to the API server", present(objects, forVault.token())));

// What Vault does: a TokenReview naming its own audience.
var reviewer = new TokenReviewer(chainWith(objects), saConfig.effectiveApiAudiences());
var vaultAsks = new TokenReviewBuilder().withNewSpec().withToken(forVault.token()).withAudiences("https://vault.example.com").endSpec().build();
if (reviewer.review(vaultAsks) instanceof TokenReviewer.Outcome.Reviewed r) {
  var status = r.review().getStatus();
  System.out.println("TokenReview from Vault: authenticated=" + status.getAuthenticated() + ", user " + status.getUser().getUsername()
      + ", audiences " + status.getAudiences());
}'''),
    md(r'''
## 4. Expiry

The API server refuses to mint tokens for less than 10 minutes (`expirationSeconds` of at least 600),
and `--service-account-max-token-expiration` can cap the other end. Expiry is checked with a minute of
leeway for clock skew. Below, a token minted by an issuer whose clock is two hours behind: it expired an
hour ago.
'''),
    code(r'''
var tooShort = issueToken(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(300L).endSpec().build());
if (tooShort instanceof TokenRequestResult.Rejected rejected) {
  System.out.println("5 minutes: HTTP " + rejected.code() + " " + rejected.reason() + ": " + rejected.message());
}
var pastIssuer = saConfig.issuer(objects, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
var old = (TokenRequestResult.Issued) pastIssuer.request("ci", "deployer", new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
show(AuthnTracePicture.of("a token that expired an hour ago", present(objects, old.token())));'''),
    md(r'''
## 5. Bound to a pod, and what happens when objects go

A TokenRequest may bind the token to a Pod (that is what the kubelet does for every pod), a Secret or
a Node, by name and uid. The token then lives no longer than that object: the API server looks the
object up on every request (served from its informer cache, so it is cheap), and a token whose object
is gone, or was replaced by another with the same name and a new uid, is refused. The ServiceAccount
itself is always checked the same way, for legacy and bound tokens alike.

The table shows three tokens against a series of changes to the objects, each on a fresh chain. Read
down a column to see what ends each kind of token.
'''),
    code(r'''
var podBound = (TokenRequestResult.Issued) issueToken(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
    .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName("deploy-7f9c").withUid(deployPod.getMetadata().getUid()).endBoundObjectRef()
    .endSpec().build());
var podUser = ((AuthnResult.Authenticated) present(objects, podBound.token())).user();
System.out.println("the pod-bound token's user: " + podUser.name() + ", extra " + podUser.extra());

String verdict(AuthnResult r) {
  if (r instanceof AuthnResult.Authenticated) {
    return "accepted";
  }
  // the reason without the loopback's "invalid bearer token", and only its first sentence
  return "401: " + (r instanceof AuthnResult.Failed f ? f.reason().replace("[invalid bearer token, ", "").replaceAll("]$", "").split("\\. ")[0] : "not recognised");
}
Map<String, InMemoryServiceAccountObjects> situations = new LinkedHashMap<>();
situations.put("everything in place", objects);
situations.put("the Secret marked by the legacy-token cleaner", objects.with(new SecretBuilder(legacySecret).editMetadata()
    .addToLabels("kubernetes.io/legacy-token-invalid-since", "2026-01-15").endMetadata().build()));
situations.put("the Secret deleted", objects.without("Secret", "ci", "deployer-token"));
situations.put("the Pod deleted", objects.without("Pod", "ci", "deploy-7f9c"));
situations.put("the ServiceAccount deleted", objects.without("ServiceAccount", "ci", "deployer"));
situations.put("the ServiceAccount deleted and created again (new uid)", objects.with(new ServiceAccountBuilder(deployer)
    .editMetadata().withUid("99e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a").endMetadata().build()));
var matrix = HtmlTable.of("situation", "legacy token", "bound token", "pod-bound token");
for (var situation : situations.entrySet()) {
  matrix = matrix.row(situation.getKey(), verdict(present(situation.getValue(), legacyToken)),
      verdict(present(situation.getValue(), boundToken)), verdict(present(situation.getValue(), podBound.token())));
}
show(matrix.titled("which tokens survive which change").picture());'''),
    md(r'''
Deleting a ServiceAccount is the one change that ends every token made for it, and re-creating it
under the same name does not bring them back: the uid in the token no longer matches. That is the
revocation tool for service-account tokens. A bound token tied to nothing else has no other, short of
rotating the signing key: it lives until it expires (binding it to a Secret gives you one more
handle: delete the Secret).

One caveat, which the cluster shows below: the API server remembers a successful token for 10 seconds,
so a token used just before its object was deleted keeps working for up to 10 more seconds.

## 6. On a real API server

The cluster tier starts kube-apiserver (and kube-controller-manager, whose token controller still
fills legacy Secrets that someone creates by hand) with the same key pair and issuer.
'''),
    code(r'''
var settings = AuthnSettings.builder().serviceAccounts(saConfig).build();
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    md(r'''
The objects are created for real; the API server assigns their uids. Then three TokenRequests go to
the API server (30 minutes; 30 minutes for Vault; 5 minutes), and a legacy Secret is created for the
token controller to fill.
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Polls until the condition holds or 30 s pass: the cluster's controllers and caches catch up in their own time. */
boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
  long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
  while (!condition.getAsBoolean()) {
    if (System.nanoTime() > deadline) {
      return false;
    }
    Thread.sleep(200);
  }
  return true;
}
String said(ControlPlane.WhoamiResult r) {
  if (r instanceof ControlPlane.WhoamiResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return r instanceof ControlPlane.WhoamiResult.Unauthorized ? "401 Unauthorized" : "403 Forbidden";
}
String said(AuthnResult r) {
  if (r instanceof AuthnResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return "401 Unauthorized";
}

Map<String, String> clusterTokens = new LinkedHashMap<>();
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var admin = cp.adminClient();
  admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ci").endMetadata().build()).create();
  admin.serviceAccounts().inNamespace("ci").resource(new ServiceAccountBuilder().withNewMetadata().withName("deployer").endMetadata().build()).create();
  var tokens = admin.serviceAccounts().inNamespace("ci").withName("deployer");
  clusterTokens.put("bound, 30 minutes", tokens.tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(1800L).endSpec().build()).getStatus().getToken());
  clusterTokens.put("bound, for Vault", tokens.tokenRequest(new TokenRequestBuilder().withNewSpec().withAudiences("https://vault.example.com")
      .withExpirationSeconds(1800L).endSpec().build()).getStatus().getToken());
  try {
    tokens.tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(300L).endSpec().build());
  } catch (KubernetesClientException e) {
    System.out.println("5 minutes, kube-apiserver: HTTP " + e.getCode() + ": " + e.getStatus().getMessage());
  }
  admin.secrets().inNamespace("ci").resource(new SecretBuilder().withNewMetadata().withName("deployer-token")
      .addToAnnotations("kubernetes.io/service-account.name", "deployer").endMetadata()
      .withType("kubernetes.io/service-account-token").build()).create();
  await(() -> {
    Secret s = admin.secrets().inNamespace("ci").withName("deployer-token").get();
    return s.getData() != null && s.getData().containsKey("token");
  });
  clusterTokens.put("legacy, from the Secret", new String(Base64.getDecoder().decode(
      admin.secrets().inNamespace("ci").withName("deployer-token").get().getData().get("token"))));
  System.out.println("the legacy token's claims, as the token controller made them: " + claims(clusterTokens.get("legacy, from the Secret")));
}'''),
    md(r'''
Now each token against the API server (`whoami`) and against the library, which checks the cluster's
tokens with the same public key and a snapshot of the cluster's objects.
'''),
    code(r'''
InMemoryServiceAccountObjects snapshot(ControlPlane cp) {
  var admin = cp.adminClient();
  List<io.fabric8.kubernetes.api.model.HasMetadata> live = new ArrayList<>();
  Optional.ofNullable(admin.serviceAccounts().inNamespace("ci").withName("deployer").get()).ifPresent(live::add);
  Optional.ofNullable(admin.secrets().inNamespace("ci").withName("deployer-token").get()).ifPresent(live::add);
  return InMemoryServiceAccountObjects.of(live);
}
HtmlTable compare(ControlPlane cp, String title) {
  var library = cp.authn().authenticator(AuthnSettings.Environment.defaults().withObjects(snapshot(cp)));
  var table = HtmlTable.of("token", "kube-apiserver (whoami)", "the library");
  for (var token : clusterTokens.entrySet()) {
    table = table.row(token.getKey(), said(cp.whoami(new Credential.Token(token.getValue()))),
        said(library.authenticate(AuthenticationRequest.withBearerToken(token.getValue()).withAudiences(cp.authn().effectiveApiAudiences()))));
  }
  return table.titled(title);
}
if (cluster.isPresent()) {
  show(compare(cluster.get(), "the cluster's tokens").picture());
}'''),
    md(r'''
Finally the ServiceAccount is deleted. The tokens that were just used may still be accepted for up
to 10 seconds from the API server's token cache; the cell waits until the API server refuses the
30-minute token (it does not wait for expiry, which is half an hour away), then asks again about all of
them.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  cp.adminClient().serviceAccounts().inNamespace("ci").withName("deployer").delete();
  long started = System.nanoTime();
  boolean refused = await(() -> !(cp.whoami(new Credential.Token(clusterTokens.get("bound, 30 minutes"))) instanceof ControlPlane.WhoamiResult.Authenticated));
  System.out.printf("ServiceAccount deleted; the API server refused the 30-minute token %.1f s later%n", (System.nanoTime() - started) / 1e9);
  show(compare(cp, "after the ServiceAccount was deleted").picture());
}
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 07 (service-account tokens) asks you to mint bound tokens yourself, with Nimbus, in exactly the
shape of section 2 (issuer, subject, audience, times, the `kubernetes.io` claim with the account's uid,
signed with the service-account key), and to validate them: `ServiceAccountTokens` in
`labs/src/main/java/dev/authlab/labs/lab07_service_account_tokens/`. The API server must accept your
tokens, and refuse them once the ServiceAccount is re-created. Check it with `./authlab grade 07`;
`./authlab grade 07 --hint` when stuck. Next notebook: 08, users and pods.
'''),
]
