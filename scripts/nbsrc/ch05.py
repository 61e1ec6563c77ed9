"""Notebook 05-openid-connect.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "05-openid-connect.ipynb"

CELLS = [
    md(r'''
# 05 · OpenID Connect

Most organisations already have an identity provider: Entra ID, Okta, Google, Keycloak, Dex. With
OpenID Connect (OIDC) the cluster trusts it: you log in to the provider (a `kubectl` plugin opens the
browser for you), the provider hands you an **ID token**, and `kubectl` sends that token as a bearer
token. The blog post says the API server "delegates to" the provider. It does less than that suggests,
which is the point:

* the API server **never calls the provider for a request**. At start-up it reads the provider's
  discovery document and public keys (JWKS); from then on it checks each token's signature itself,
  plus the issuer, the audience and the expiry;
* the user name and groups are **claims in the token**, mapped by rules you write: which claim, which
  prefix, or a CEL expression; more rules can refuse tokens or users;
* those rules live in a structured file, `AuthenticationConfiguration` (`--authentication-config`,
  beta since 1.30 and stable in 1.34), which may list several issuers; the older `--oidc-*` flags
  configure one issuer with fewer choices.

This notebook runs a small provider (`OidcIssuer`, on this machine), mints ID tokens with it, and shows
what the API server accepts, what it refuses, and why.
'''),
    code(SETUP),
    md(r'''
## 1. The issuer: discovery and keys

An issuer is identified by an HTTPS URL. Under it, `/.well-known/openid-configuration` is the
discovery document, which says where the signing keys are (`jwks_uri`). These two GETs are all the
API server ever asks of the provider (and it repeats the key fetch when it meets a key id it does not
know, so the provider can rotate keys).
'''),
    code(r'''
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.OidcFetcher;
import tools.jackson.databind.json.JsonMapper;

var idp = OidcIssuer.start();
var json = JsonMapper.builder().build();
var fetch = OidcFetcher.https(idp.caPem());
String discovery = fetch.get(idp.url() + "/.well-known/openid-configuration", Map.of()).body();
System.out.println("GET " + idp.url() + "/.well-known/openid-configuration\n" + json.readTree(discovery).toPrettyString());
String jwks = fetch.get(idp.jwksUrl(), Map.of()).body();
System.out.println("\nGET " + idp.jwksUrl());
for (var key : json.readTree(jwks).get("keys")) {
  System.out.println("  key " + key.get("kid").asString() + ": " + key.get("kty").asString() + (key.has("alg") ? ", " + key.get("alg").asString() : ""));
}'''),
    md(r'''
## 2. An ID token

An ID token is a JWT: a header (algorithm and key id), a payload of **claims**, and a signature, each
base64url-encoded and joined by dots. It is signed, not encrypted: anyone holding it can read it.
The claims the API server cares about: `iss` (must be the issuer's URL exactly), `aud` (must name an
audience you configured: the OIDC client id), `exp`/`iat`/`nbf` (time), and whatever claims you map to
the user: here `email`, `email_verified`, `groups`, `sub`, and a custom `tenant`.
'''),
    code(r'''
import java.util.Base64;

String janeToken = idp.token().subject("u-7f3a").email("jane@example.com", true).groups("dev", "ops").claim("tenant", "acme").sign();
String[] parts = janeToken.split("\\.");
System.out.println("header:  " + new String(Base64.getUrlDecoder().decode(parts[0])));
System.out.println("payload: " + json.readTree(Base64.getUrlDecoder().decode(parts[1])).toPrettyString());
System.out.println("signature: " + parts[2].length() + " base64url characters (RS256 with key " + idp.currentKeyId() + ")");'''),
    md(r'''
## 3. Telling the API server about the issuer

The structured configuration has one `jwt` entry per issuer:

* `issuer`: the URL, the audiences to accept, and the CA to trust for discovery (when it is not a
  public one);
* `claimMappings`: `username` and `groups` each from a claim **with a prefix** (required when a claim
  is named; `""` means "no prefix", a deliberate choice) or from a CEL `expression`; `uid` and `extra`
  likewise. A prefix such as `oidc:` keeps provider names apart from everything else: no ID token can
  make you `system:admin` or put you in `system:masters`, it can only make you `oidc:system:masters`;
* `claimValidationRules`: CEL over `claims` that must be true, or a claim that must have a value;
* `userValidationRules`: CEL over the finished `user` that must be true.
'''),
    code(r'''
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.oidc.ClaimOrExpression;
import dev.authlab.authn.oidc.ExtraMapping;
import dev.authlab.authn.oidc.ClaimValidationRule;
import dev.authlab.authn.oidc.UserValidationRule;

JwtAuthenticator corporate = JwtAuthenticator.of(idp.issuer("kubernetes"),
        ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "oidc:"))
            .withGroups(PrefixedClaimOrExpression.claim("groups", "oidc:"))
            .withUid(new ClaimOrExpression("sub", ""))
            .withExtra(List.of(new ExtraMapping("example.com/tenant", "claims.tenant"))))
    .withClaimValidationRules(List.of(ClaimValidationRule.expression("claims.tenant == 'acme'", "only the acme tenant may use this cluster")))
    .withUserValidationRules(List.of(new UserValidationRule("size(user.groups) > 0", "every user needs at least one group")));
var authConfig = AuthenticationConfiguration.of(corporate);
System.out.print(authConfig.toYaml().replaceAll("(?s)(certificateAuthority: )\".*?END CERTIFICATE-----\\\\n\"", "$1(the PEM of the issuer's CA, elided)"));'''),
    md(r'''
kube-apiserver validates the file when it starts and refuses to run with a bad one. Two classic
mistakes: an `http://` issuer, and a username claim without a prefix. A third is subtler: a CEL
username built from `claims.email` must also look at `claims.email_verified` somewhere, or anyone who
can set an unverified e-mail address at the provider could pick their Kubernetes name.
'''),
    code(r'''
var careless = AuthenticationConfiguration.of(
    JwtAuthenticator.of(dev.authlab.authn.oidc.Issuer.of("http://idp.example.com", "kubernetes"),
        ClaimMappings.username(new PrefixedClaimOrExpression("email", Optional.empty(), ""))),
    JwtAuthenticator.of(dev.authlab.authn.oidc.Issuer.of("https://login.example.org", "kubernetes"),
        ClaimMappings.username(PrefixedClaimOrExpression.expression("'oidc:' + claims.email"))));
careless.validate().forEach(error -> System.out.println("kube-apiserver would refuse to start: " + error));'''),
    md(r'''
## 4. Logging in with the ID token

`AuthnSettings` with the configuration builds the API server's chain. The OIDC authenticator sits in
the bearer-token union after the token file and service-account keys, before the webhook.
'''),
    code(r'''
var settings = AuthnSettings.builder()
    .authenticationConfiguration(authConfig)
    .anonymous(AuthnSettings.Anonymous.ENABLED)
    .build();
ApiServerAuthenticator apiServer = settings.authenticator(AuthnSettings.Environment.defaults());
System.out.println("order: " + apiServer.order());

AuthnResult login(String token) {
  return apiServer.authenticate(AuthenticationRequest.withBearerToken(token));
}
var jane = login(janeToken);
show(AuthnTracePicture.of("jane's ID token", jane));
if (jane instanceof AuthnResult.Authenticated a) {
  System.out.println("uid " + a.user().uid() + ", extra " + a.user().extra());
}'''),
    md(r'''
`jane@example.com` became `oidc:jane@example.com`, and her groups `oidc:dev` and `oidc:ops`. Write
RBAC bindings with those prefixed names. The `sub` claim became the uid and `tenant` an extra attribute,
which authorizers and audit logs can see.

## 5. Tokens the API server refuses

Every token below is signed by the same provider (except the forgery) and differs from jane's in one
claim. Each is a 401, and none falls through to anonymous: a token whose `iss` names a configured
issuer is that authenticator's to judge, so a bad one is an **error**.
'''),
    code(r'''
import java.time.Duration;
import java.time.Instant;

OidcIssuer.TokenBuilder janeLike() {
  return idp.token().subject("u-7f3a").email("jane@example.com", true).groups("dev", "ops").claim("tenant", "acme");
}
Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
var impostor = OidcIssuer.start();   // another provider, with its own keys

Map<String, String> refused = new LinkedHashMap<>();
refused.put("expired an hour and fifty minutes ago", janeLike().issuedAt(twoHoursAgo).expiresAt(twoHoursAgo.plus(Duration.ofMinutes(10))).sign());
refused.put("for another audience (another app's client id)", janeLike().audience("grafana").sign());
refused.put("e-mail address not verified", janeLike().email("jane@example.com", false).sign());
refused.put("another tenant (claim validation rule)", janeLike().claim("tenant", "umbrella").sign());
refused.put("no groups (user validation rule)", janeLike().claim("groups", null).sign());
refused.put("our issuer's name, another provider's key", impostor.token().issuer(idp.url()).subject("u-7f3a").email("jane@example.com", true)
    .groups("dev", "ops").claim("tenant", "acme").sign());
refused.forEach((what, token) -> show(AuthnTracePicture.of(what, login(token))));'''),
    md(r'''
Read the `oidc` lines: expiry is checked with no leeway, the audience must match one configured
audience, `email_verified: false` is refused because the username comes from `email`, the CEL rules
report their messages, and a signature that no key in the issuer's JWKS verifies is a failure, not a
"maybe". A token from an issuer the API server does not know is different: no authenticator claims
it, so the union reports "invalid bearer token".
'''),
    code(r'''
show(AuthnTracePicture.of("a token from an issuer nobody configured", login(impostor.token().subject("u-7f3a").email("jane@example.com", true).sign())));'''),
    md(r'''
## 6. The legacy `--oidc-*` flags

Before the structured file, one issuer was configured with flags: `--oidc-issuer-url`,
`--oidc-client-id` (the one audience), `--oidc-username-claim` (default `sub`), `--oidc-groups-claim`,
their prefixes, `--oidc-required-claim` and `--oidc-ca-file`. kube-apiserver turns them into a
one-entry configuration. Their surprise is the default username prefix: any claim but `email` gets the
issuer URL and a `#` in front of it, unless you pass `--oidc-username-prefix=-`.
'''),
    code(r'''
import dev.authlab.authn.oidc.LegacyOidcFlags;

Path caFile = Files.createTempFile("oidc-ca", ".crt");
Files.writeString(caFile, idp.caPem());
var flags = LegacyOidcFlags.parse(List.of("--oidc-issuer-url=" + idp.url(), "--oidc-client-id=kubernetes",
    "--oidc-ca-file=" + caFile, "--oidc-groups-claim=groups"));
System.out.println("effective username prefix: \"" + flags.effectiveUsernamePrefix() + "\"");
var legacy = AuthnSettings.builder().legacyOidc(flags).build().authenticator(AuthnSettings.Environment.defaults());
show(AuthnTracePicture.of("jane's token under the legacy flags", legacy.authenticate(AuthenticationRequest.withBearerToken(janeToken))));'''),
    md(r'''
Same token, another user: `https://127.0.0.1:…#u-7f3a`, and groups without a prefix (the groups prefix
has no default). A cluster that moves from flags to the file must keep these names, or every RBAC
binding to the old names silently stops matching.

## 7. On a real API server

The cluster tier starts kube-apiserver with the configuration from section 3. It fetches discovery
and keys in the background after it starts, so the first cell waits until jane's token is accepted
(a few seconds at most).
'''),
    code(r'''
// The cluster tier: the same experiment against a real kube-apiserver (skipped, with the reason, when this machine has none)
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(settings));'''),
    code(r'''
String said(ControlPlane.WhoamiResult r) {
  if (r instanceof ControlPlane.WhoamiResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return r instanceof ControlPlane.WhoamiResult.Unauthorized ? "401 Unauthorized" : "403 Forbidden";
}
String said(AuthnResult r) {
  return r instanceof AuthnResult.Authenticated a ? a.user().name() + " " + a.user().groups() : "401 Unauthorized";
}

if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  // the API server loads the issuer's keys in the background: wait (at most 30 s) until jane gets in
  long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
  while (!(cp.whoami(new Credential.Token(janeToken)) instanceof ControlPlane.WhoamiResult.Authenticated) && System.nanoTime() < deadline) {
    Thread.sleep(200);
  }
  ApiServerAuthenticator library = cp.authn().authenticator(AuthnSettings.Environment.defaults());
  Map<String, String> tokens = new LinkedHashMap<>();
  tokens.put("jane's ID token", janeToken);
  tokens.putAll(refused);
  List<List<String>> rows = new ArrayList<>();
  tokens.forEach((what, token) -> {
    AuthnResult mine = library.authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(cp.authn().effectiveApiAudiences()));
    rows.add(List.of(what, said(cp.whoami(new Credential.Token(token))), said(mine), mine instanceof AuthnResult.Failed f ? f.reason() : ""));
  });
  show(HtmlTable.of(List.of("token", "kube-apiserver (whoami)", "the library", "the library's reason"), rows).picture());
}
cluster.ifPresent(ControlPlane::close);
impostor.close();
idp.close();'''),
    md(r'''
## Your turn

Lab 05 (OpenID Connect) asks you to write the `AuthenticationConfiguration` for a provider in
`OidcSetup` (`labs/src/main/java/dev/authlab/labs/lab05_oidc/`): the audience, username and group
mappings with a prefix, a claim validation rule for the tenant; and then the claims of an ID token for
Jane that passes it, on the library and on a real API server. Check it with `./authlab grade 05`;
`./authlab grade 05 --hint` when stuck.
Next notebook: 06, the authenticating proxy.
'''),
]
