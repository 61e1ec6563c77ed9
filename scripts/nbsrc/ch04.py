"""Notebook 04-webhook-token-authentication.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "04-webhook-token-authentication.ipynb"

CELLS = [
    md(r'''
# 04 · Webhook token authentication

Sometimes the tokens your users carry were not made by Kubernetes and cannot be checked with a key:
an opaque session token from an in-house login service, an API key from a SaaS platform, a token
only a cloud provider's IAM can look up. The API server cannot understand them, so it asks.
`--authentication-token-webhook-config-file` names a service, and for each bearer token nobody
else recognised, the API server sends that service a **TokenReview**: "here is a token, who is it?".
Whatever the webhook answers, the API server believes.

The blog post names this method in its list and moves on. This notebook looks at what it really
involves:

* the TokenReview the API server sends, and the three answers a webhook can give;
* a webhook written here, in a few lines, and the kit's webhook authenticator calling it;
* the **cache** in front of the webhook (two minutes by default), which makes revocation slow;
* what happens when the webhook is down or untrusted: an **error**, a 401, never "no opinion";
* the same experiment against a real API server configured with our webhook.
'''),
    code(SETUP),
    md(r'''
## 1. A TokenReview

A TokenReview (`authentication.k8s.io/v1`) is a small object: `spec.token` is the bearer token,
and `spec.audiences` the audiences the API server wants it to be good for (its own `--api-audiences`,
often empty). The webhook fills in `status`. This is the body of the POST the webhook receives:
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;
import dev.authlab.manifest.ManifestWriter;

TokenReview asked = new TokenReviewBuilder().withApiVersion("authentication.k8s.io/v1").withKind("TokenReview")
    .withNewSpec().withToken("tok-maria-4f1b").endSpec().build();
System.out.print(ManifestWriter.toYaml(asked));'''),
    md(r'''
The webhook answers with the same object and a `status`, in one of three ways, and the difference
between the last two matters:

| the webhook sets | the API server concludes | upstream's return value |
|---|---|---|
| `authenticated: true` and `user` (name, uid, groups, extra) | this is the user | user, true, no error |
| `authenticated: false` and `error: "..."` | the token is bad: **error**, 401 | no user, false, error |
| `authenticated: false`, no error | **no opinion**: not my token | no user, false, no error |

For maria's token, this comes back: a TokenReview with `status` filled in, in the `apiVersion` it was
asked in (the API server can be configured to send `v1beta1`). The token need not be sent back.
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;

TokenReview answered = new TokenReviewBuilder().withApiVersion(asked.getApiVersion()).withKind("TokenReview")
    .withStatus(new TokenReviewStatusBuilder()
        .withAuthenticated(true)
        .withNewUser().withUsername("maria@example.com").withUid("u-1001").withGroups("dev", "oncall").endUser()
        .build())
    .build();
System.out.print(ManifestWriter.toYaml(answered));'''),
    md(r'''
The kit's `TokenReviewDecision` has one factory per row of the table: `authenticate(user)`,
`reject(error)`, `noOpinion()`; the kit's server turns it into such a status.

## 2. A webhook in a few lines

Our "identity service" is a map from tokens to users and a set of revoked tokens. The decision
function is all the logic a webhook has; `TokenReviewWebhookServer` puts it behind HTTPS on a free
local port, with its own CA, and hands every TokenReview it receives to the function.
'''),
    code(r'''
import java.util.concurrent.ConcurrentHashMap;
import dev.authlab.authn.webhook.TokenReviewDecision;
import dev.authlab.authn.webhook.TokenReviewWebhookServer;

// What the identity service knows: the tokens it issued and who holds them, and what it revoked.
Map<String, UserInfo> issued = new ConcurrentHashMap<>(Map.of(
    "tok-maria-4f1b", new UserInfo("maria@example.com", "u-1001", List.of("dev", "oncall"), Map.of()),
    "tok-ci-9a2c", new UserInfo("ci-pipeline", "u-2002", List.of("ci"), Map.of("example.com/pipeline", List.of("deploy-prod")))));
Set<String> revoked = ConcurrentHashMap.newKeySet();

/** The webhook's whole job: one token in, one decision out. */
TokenReviewDecision decide(TokenReviewSpec spec) {
  String token = spec.getToken();
  if (revoked.contains(token)) {
    return TokenReviewDecision.reject("token revoked");
  }
  if (issued.containsKey(token)) {
    return TokenReviewDecision.authenticate(issued.get(token));
  }
  // Our tokens start with "tok-": one of ours we never issued is bad; anything else is not ours to judge.
  return token.startsWith("tok-") ? TokenReviewDecision.reject("unknown token") : TokenReviewDecision.noOpinion();
}

var webhook = TokenReviewWebhookServer.start(spec -> decide(spec));
System.out.println("webhook listening at " + webhook.url());'''),
    md(r'''
The API server finds the webhook through a file in kubeconfig format: the "cluster" is the webhook
(its URL and the CA that signed its serving certificate), the "user" is how the API server
authenticates itself to the webhook (nothing here; a client certificate or token in production).
Two more flags set the cache TTL and the TokenReview version.
'''),
    code(r'''
import dev.authlab.authn.webhook.WebhookConfig;

WebhookConfig webhookConfig = webhook.webhookConfig();
System.out.print(Kubeconfigs.toYaml(webhookConfig.kubeconfig()).replaceAll("(?m)^(\\s*[a-z-]+-data): \\S+$", "$1: (elided)"));
System.out.println();
webhookConfig.writeApiServerConfig(Files.createTempDirectory("webhook-config")).forEach(flag -> System.out.println("kube-apiserver " + flag));'''),
    md(r'''
## 3. The API server asks the webhook

`AuthnSettings` with the webhook configured builds the chain kube-apiserver would build. The
webhook is the **last** member of the bearer-token union: the token file, service-account keys and
OIDC issuers would all be asked first, and only a token none of them claims goes over the network.
Anonymous access is on, to show that a bad token still does not become anonymous.
'''),
    code(r'''
var settings = AuthnSettings.builder()
    .webhook(webhookConfig)
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
ApiServerAuthenticator apiServer = settings.authenticator(AuthnSettings.Environment.defaults());
System.out.println("order: " + apiServer.order());

AuthnResult login(String token) {
  return apiServer.authenticate(AuthenticationRequest.withBearerToken(token));
}
/** An answer in one line: the user, or the 401 and why. */
String said(AuthnResult r) {
  if (r instanceof AuthnResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return r instanceof AuthnResult.Failed f ? "401 Unauthorized (" + f.reason() + ")" : "401 Unauthorized";
}
show(AuthnTracePicture.of("maria's token", login("tok-maria-4f1b")));
show(AuthnTracePicture.of("the CI pipeline's token", login("tok-ci-9a2c")));'''),
    md(r'''
The trace shows the POST to the webhook and the user it returned, exactly as given: the API server
does not check or rewrite the name, groups or extra. Only `system:authenticated` is added, as for
every method. The two `token-cache` lines are two caches, one inside the other: the webhook's own
(two minutes, section 4) and the one kube-apiserver puts around all bearer-token methods (10 seconds
for a success). Now the two kinds of "no":
'''),
    code(r'''
show(AuthnTracePicture.of("a tok- token the service never issued", login("tok-0000-forged")));
show(AuthnTracePicture.of("a token in somebody else's format", login("ghp_notOneOfOurs")));
System.out.println("TokenReviews the webhook has answered so far: " + webhook.reviewCount()
    + "; the last one asked for audiences " + webhook.lastReview().map(r -> r.audiences().toString()).orElse("-"));'''),
    md(r'''
Both end in a 401, for different reasons. The first is the webhook's own error ("unknown token").
In the second the webhook had no opinion, nobody else in the union recognised the token either, and
the union reports "invalid bearer token". Neither became `system:anonymous`: a request that carries a
token is judged by that token.

## 4. The cache: fast, and slow to forget

A network call per request would be slow and would put the webhook on the critical path of every
`kubectl` command, so kube-apiserver remembers the webhook's answers, indexed by an HMAC of the token
and audiences (`--authentication-token-webhook-cache-ttl`, default **2 minutes**). It keeps
successes *and* "no opinion" answers for that long, but never errors: a webhook that failed is asked
again on the next request.

The price: a token revoked at the identity service still works until its cache entry expires. Below,
the same webhook authenticator sits behind the same cache as in kube-apiserver, with a clock we move
by hand instead of waiting two minutes.
'''),
    code(r'''
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import dev.authlab.authn.webhook.WebhookTokenAuthenticator;

/** A clock the notebook moves by hand, so cache expiry needs no waiting. */
class HandClock extends Clock {
  private Instant now = Instant.parse("2026-03-02T09:00:00Z");
  public ZoneId getZone() { return ZoneOffset.UTC; }
  public Clock withZone(ZoneId zone) { return this; }
  public Instant instant() { return now; }
  void advance(Duration by) { now = now.plus(by); }
}

var clock = new HandClock();
var cachedWebhook = CachedTokenAuthenticator.of(WebhookTokenAuthenticator.builder(webhookConfig).build(),
    CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS, WebhookConfig.DEFAULT_CACHE_TTL, WebhookConfig.DEFAULT_CACHE_TTL, clock);

List<List<String>> timeline = new ArrayList<>();
void ask(String when, String token) {
  int before = webhook.reviewCount();
  AuthnResult r = cachedWebhook.authenticateToken(token, List.of());
  String cacheNote = r.trace().steps().stream().filter(s -> s.authenticator().equals("token-cache")).map(Trace.Step::reason).findFirst().orElse("");
  timeline.add(List.of(when, revoked.contains(token) ? "revoked" : "valid", said(r), cacheNote,
      webhook.reviewCount() > before ? "yes" : "no"));
}

ask("09:00:00", "tok-maria-4f1b");
clock.advance(Duration.ofSeconds(20));
ask("09:00:20", "tok-maria-4f1b");
revoked.add("tok-maria-4f1b");      // maria's laptop was stolen; the identity service revokes her token at once
clock.advance(Duration.ofSeconds(40));
ask("09:01:00", "tok-maria-4f1b");
clock.advance(Duration.ofSeconds(61));
ask("09:02:01", "tok-maria-4f1b");
ask("09:02:01", "tok-maria-4f1b");
show(HtmlTable.of(List.of("time", "at the identity service", "the API server decides", "cache", "TokenReview sent?"), timeline).picture());
revoked.clear();'''),
    md(r'''
For a minute after the revocation, the stolen token still logged in without the webhook being asked.
After the TTL the webhook's error came back, and because errors are not cached the next request asked
again. A shorter TTL narrows the window and costs more TokenReviews; a TTL of `0s` turns this cache
off. Even then, the second cache kube-apiserver keeps around the whole token union remembers a success
for 10 seconds, so no revocation takes effect faster than that.

## 5. When the webhook is down, or not trusted

If the API server cannot get an answer, it cannot say who the caller is. It must not guess, and it
must not treat the caller as anonymous: the webhook call is an **error**, the request a 401. Answers
that suggest a passing problem (HTTP 429 or 5xx, a connection reset) are retried first, up to five
attempts with growing pauses from half a second, so a struggling webhook makes requests slow before it
makes them fail; a refused connection fails at once. Here the webhook address has nothing listening
(port 1):
'''),
    code(r'''
var downSettings = AuthnSettings.builder()
    .webhook(WebhookConfig.of("https://127.0.0.1:1/tokenreview", webhook.caPem()))
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
var whileDown = downSettings.authenticator(AuthnSettings.Environment.defaults()).authenticate(AuthenticationRequest.withBearerToken("tok-maria-4f1b"));
show(AuthnTracePicture.of("the webhook is down", whileDown));'''),
    md(r'''
The TLS connection to the webhook is checked like any HTTPS call: the API server must trust the CA
in `certificate-authority-data`. A webhook whose certificate that CA did not sign (a typo in the
file, an impostor on the network) gets no token and no trust. This is not retried: a certificate
does not get better by asking again.
'''),
    code(r'''
var someoneElsesCa = CertificateAuthority.selfSigned("not-the-webhooks-ca", KeyAlgorithm.ECDSA_P256);
var untrusting = AuthnSettings.builder()
    .webhook(WebhookConfig.of(webhook.url().toString(), someoneElsesCa.certificatePem()))
    .build()
    .authenticator(AuthnSettings.Environment.defaults());
show(AuthnTracePicture.of("the webhook's certificate is not trusted", untrusting.authenticate(AuthenticationRequest.withBearerToken("tok-maria-4f1b"))));'''),
    md(r'''
## 6. On a real API server

The cluster tier starts kube-apiserver with the same settings: the webhook file from section 2 and
anonymous access. Every TokenReview it sends reaches the decision function above, running in this
notebook.
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    md(r'''
For each token, `whoami` asks the API server who we are (a SelfSubjectReview, as `kubectl auth whoami`
does), and the library's chain, built from the settings the API server really runs with, answers the
same question.
'''),
    code(r'''
String said(ControlPlane.WhoamiResult r) {
  if (r instanceof ControlPlane.WhoamiResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return r instanceof ControlPlane.WhoamiResult.Unauthorized ? "401 Unauthorized" : "403 Forbidden";
}

if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  ApiServerAuthenticator library = cp.authn().authenticator(AuthnSettings.Environment.defaults());
  List<List<String>> rows = new ArrayList<>();
  for (String token : List.of("tok-maria-4f1b", "tok-ci-9a2c", "tok-0000-forged", "ghp_notOneOfOurs")) {
    int before = webhook.reviewCount();
    String real = said(cp.whoami(new Credential.Token(token)));
    int asked = webhook.reviewCount() - before;
    String mine = said(library.authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(cp.authn().effectiveApiAudiences())));
    rows.add(List.of(token, real, mine, String.valueOf(asked)));
  }
  show(HtmlTable.of(List.of("token", "kube-apiserver (whoami)", "the library", "TokenReviews from kube-apiserver"), rows).picture());
  System.out.println("the API server sent spec.audiences " + webhook.lastReview().map(r -> r.audiences().toString()).orElse("-")
      + ": its --api-audiences, which default to the service-account issuer");
}'''),
    md(r'''
Now the revocation window, live. The identity service revokes the CI pipeline's token; the API
server, which asked about it a moment ago, keeps accepting it from its cache without sending a
TokenReview. Then the webhook goes away altogether: tokens the API server still has cached keep
working, and any other token fails with a 401.
'''),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  revoked.add("tok-ci-9a2c");
  int before = webhook.reviewCount();
  System.out.println("revoked, asked again: " + said(cp.whoami(new Credential.Token("tok-ci-9a2c")))
      + " (TokenReviews sent: " + (webhook.reviewCount() - before) + ", so this came from the cache)");
  webhook.close();
  System.out.println("webhook stopped; maria, cached: " + said(cp.whoami(new Credential.Token("tok-maria-4f1b"))));
  System.out.println("webhook stopped; a token it never saw: " + said(cp.whoami(new Credential.Token("tok-new-7777"))));
}
cluster.ifPresent(ControlPlane::close);
if (cluster.isEmpty()) {
  webhook.close();   // with a cluster, the cell above already stopped it
}'''),
    md(r'''
## Your turn

Lab 04 (webhook token authentication) asks you to write the token service itself, without the kit's
server: `TokenReviewWebhook` in `labs/src/main/java/dev/authlab/labs/lab04_webhook/` answers each
TokenReview (a known user, a revoked token with its reason, a token that is not yours) in the version it
was asked in, and serves the answers over HTTPS to a real API server. Check it with `./authlab grade 04`;
`./authlab grade 04 --hint` when stuck.
Next notebook: 05, OpenID Connect.
'''),
]
