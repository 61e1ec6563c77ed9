"""Notebook 02-static-token-file.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "02-static-token-file.ipynb"

CELLS = [
    md(r'''
# 02 · The static token file

The simplest authenticator to set up: a CSV file on the control-plane host, named by the API server flag
`--token-auth-file`. Each line maps a bearer token to a user. If you have ever been handed a kubeconfig
with a `token:` field on a test cluster, it may have come from such a file.

It is worth understanding, and worth not using in production. This notebook shows the format, the places
where the API server's parser surprises people (it is stricter and more literal than you would guess),
why the file is a liability, and how to ask "who is this token?" through a TokenReview.
'''),
    code(SETUP),
    code(AUTHN_TRACE),
    md(r'''
## 1. The format

One record per line: `token,user,uid`, then optionally a fourth column with the groups, separated by
commas, which is why that column is usually quoted. `StaticToken` describes one line and refuses values
nobody could use; `TokenFileConfig` writes the file exactly as a real API server would read it.
'''),
    code(r'''
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.authn.tokenfile.TokenFileException;

var config = TokenFileConfig.of(
    new StaticToken("c1d2e3f4a5b6c7d8", "carol", "2001", List.of("dev", "ops")),
    new StaticToken("e5f6a7b8c9d0e1f2", "dave", "2002", List.of()),
    StaticToken.of("a9b8c7d6e5f4a3b2", "ci-bot", "ci"));
System.out.print(config.toCsv());
System.out.println("printed as objects, only fingerprints show: " + config.tokens().get(0));'''),
    code(r'''
var fromFile = config.authenticator();
List<List<String>> rows = new ArrayList<>();
for (String token : List.of("c1d2e3f4a5b6c7d8", "e5f6a7b8c9d0e1f2", "a9b8c7d6e5f4a3b2", "0000000000000000")) {
  AuthnResult r = fromFile.authenticateToken(token, List.of());
  String user = r instanceof AuthnResult.Authenticated a ? a.user().name() + " (uid " + (a.user().uid().isEmpty() ? "none" : a.user().uid()) + ")" : "";
  String groups = r instanceof AuthnResult.Authenticated a ? a.user().groups().toString() : "";
  rows.add(List.of(token.substring(0, 4) + "…", r.trace().steps().get(0).verdict().label(), user, groups));
}
show(HtmlTable.of(List.of("token", "verdict", "user", "groups"), rows).picture());'''),
    md(r'''
## 2. What the parser really does

The file is read with Go's CSV reader and taken literally. Three consequences catch people out:

* **no comments**: a line starting with `#` is an ordinary record, so `# token,user,uid` defines a user;
* **no trimming**: in `"dev, ops"` the second group is `" ops"`, with a leading space, and an RBAC binding
  to the group `ops` will not match it;
* **duplicate tokens**: the later line wins, and the only sign is a warning in the API server's log
  (a line with an empty token is skipped, also with just a warning).
'''),
    code(r'''
String quirky = String.join("\n",
    "# token,user,uid,groups",
    "c1d2e3f4a5b6c7d8,carol,2001,\"dev, ops\"",
    "e5f6a7b8c9d0e1f2,dave,2002",
    ",nobody,2099",
    "e5f6a7b8c9d0e1f2,mallory,2003,system:masters",
    "");
var parsed = TokenFileAuthenticator.fromCsv("quirky.csv", quirky);
System.out.println(parsed.size() + " distinct tokens; the API server would log:");
parsed.warnings().forEach(w -> System.out.println("  warning: " + w));
for (String token : List.of("# token", "c1d2e3f4a5b6c7d8", "e5f6a7b8c9d0e1f2")) {
  if (parsed.authenticateToken(token, List.of()) instanceof AuthnResult.Authenticated a) {
    System.out.println("token '" + token + "' -> user '" + a.user().name() + "', groups "
        + a.user().groups().stream().map(g -> "'" + g + "'").toList());
  }
}'''),
    md(r'''
dave's token now belongs to mallory, in `system:masters`: whoever can append a line to this file owns
the cluster. A line with fewer than three columns is not skipped: the API server refuses to start.
'''),
    code(r'''
try {
  TokenFileAuthenticator.fromCsv("short.csv", "c1d2e3f4a5b6c7d8,carol\n");
} catch (TokenFileException e) {
  System.out.println("kube-apiserver would not start: " + e.getMessage());
}'''),
    md(r'''
## 3. Why not in production

* **The tokens are the passwords, in plain text** on every control-plane node (and in every backup of
  it). The kit keeps only SHA-256 digests in memory, but the API server's file has to hold the tokens.
* **They never expire.** There is no expiry column; a token is valid until someone edits the file.
* **Changing the file means restarting the API server**: it is read once at start-up. Revoking a leaked
  token is an outage on a single-node control plane and a rolling restart on the others.
* **No self-service, no audit trail** of who was given which token.

Service-account tokens (notebooks 07–08), client certificates (03) and OIDC (05) cover the same needs
with expiry, rotation or an identity provider.
'''),
    md(r'''
## 4. Asking the API server: TokenReview

A TokenReview (`POST /apis/authentication.k8s.io/v1/tokenreviews`) sends a token and gets back whether
it authenticates and as whom; webhooks and proxies use it. `TokenReviewer` runs the API server's whole
chain for it. With the token file from section 1:
'''),
    code(r'''
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import dev.authlab.manifest.ManifestWriter;

var apiServer = AuthnSettings.builder().tokenFile(config).build().authenticator(AuthnSettings.Environment.defaults());
var reviewer = new TokenReviewer(apiServer, List.of());

for (String token : List.of("c1d2e3f4a5b6c7d8", "not-in-the-file")) {
  var review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
  if (reviewer.review(review) instanceof TokenReviewer.Outcome.Reviewed reviewed) {
    var shown = new TokenReviewBuilder(reviewed.review()).editSpec().withToken("(elided)").endSpec().build();
    System.out.println(ManifestWriter.toYaml(shown));
    showTrace("TokenReview for " + token.substring(0, 4) + "…", reviewed.result());
  }
}'''),
    md(r'''
## 5. On a real API server

The quirky file from section 2 goes to a real kube-apiserver as `--token-auth-file`: it starts (the line
with an empty token is only a warning), dave's token logs in as mallory in `system:masters`, and carol's
second group keeps its leading space. The library and the API server answer side by side.
'''),
    code(r'''
// The cluster tier: a real kube-apiserver started with the quirky file (skipped, with the reason, when this machine has none)
var quirkySettings = AuthnSettings.builder().tokenFile(new AuthnSettings.TokenFile("quirky.csv", quirky)).build();
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(quirkySettings));'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  var library = quirkySettings.authenticator(AuthnSettings.Environment.defaults());
  List<List<String>> compared = new ArrayList<>();
  for (String token : List.of("c1d2e3f4a5b6c7d8", "e5f6a7b8c9d0e1f2", "a9b8c7d6e5f4a3b2")) {
    // groups are quoted so that the leading space of " ops" shows
    String ours = who(library.authenticate(AuthenticationRequest.get("/api").withHeader("Authorization", "Bearer " + token)));
    String theirs = who(cp.whoami(new Credential.Token(token)));
    compared.add(List.of(token.substring(0, 4) + "…", ours.replace(", ", "', '").replace("[", "['").replace("]", "']"),
        theirs.replace(", ", "', '").replace("[", "['").replace("]", "']"), ours.equals(theirs) ? "same" : "DIFFERENT"));
  }
  showCompared(List.of("token", "library", "kube-apiserver", ""), compared);
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 02 (the static token file) asks you to parse a token file as literally as the API server does, quirks
included, and checks your users against a real API server started with the same file
(`labs/src/main/java/dev/authlab/labs/lab02_static_token_file/`). `./authlab grade 02` grades it (add `--hint` for the next hint, `--tier cluster` to check it against a real API server).

Next notebook: 03, client certificates.
'''),
]
