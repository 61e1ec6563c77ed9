"""What every notebook shares: the cell builders, the setup cell and the picture helpers."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = ROOT / "notebooks"

METADATA = {
    "kernelspec": {"name": "authlab-java", "display_name": "Java (kube-authlab)", "language": "java"},
    "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"},
}

# The first code cell of every notebook: checks the kit is loaded and adds show(Picture).
SETUP = r'''// The kernel "Java (kube-authlab)" starts with the kit's jar on its class path and the kit's packages
// imported (scripts/jshell-startup.jsh). This cell checks that, and adds show(Picture), which draws a picture.
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Shows a picture of dev.authlab.display: a Mermaid diagram where JupyterLab draws one, else its HTML (SVG). */
void show(Picture picture) {
  DisplayData data = new DisplayData(picture.text());
  data.putHTML(picture.html());
  if (!picture.mermaid().isEmpty()) {
    data.putData("text/vnd.mermaid", picture.mermaid());
  }
  kernel().display(data);
}

System.out.println("kit loaded: " + Path.of(RequestInfoResolver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName()
    + ", bootstrap policy of Kubernetes " + BootstrapPolicy.kubernetesVersion());'''

# A decision as a picture (DecisionPicture): one row per authorizer consulted, the deciding one last.
DECISION_TABLE = r'''/** A decision of AuthorizerChain as a picture: each authorizer asked, what it said and why (dev.authlab.display). */
void showDecision(String title, Decision decision) {
  show(DecisionPicture.of(title, decision));
}'''


# Rules as a table, in the columns of `kubectl describe clusterrole` (notebooks 09 and 10).
RULES_TABLE = r'''/** Rules as a table, in the columns of `kubectl describe clusterrole` and `kubectl auth can-i --list`. */
HtmlTable rulesTable(String title, List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
  var table = HtmlTable.of("Resources", "Non-Resource URLs", "Resource Names", "Verbs").titled(title);
  for (var rule : rules) {
    table = table.row(RulesReview.resourcesColumn(rule),
        RulesReview.goList(rule.getNonResourceURLs() == null ? List.of() : rule.getNonResourceURLs()),
        RulesReview.goList(rule.getResourceNames() == null ? List.of() : rule.getResourceNames()),
        RulesReview.goList(rule.getVerbs()));
  }
  return table;
}'''


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")}


def code(text, tags=()):
    meta = {"tags": list(tags)} if tags else {}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": text.strip("\n")}


def notebook(cells):
    numbered = []
    for i, cell in enumerate(cells):
        cell = dict(cell)
        cell["id"] = "cell-%02d" % i
        cell["source"] = split_lines(cell["source"])
        numbered.append(cell)
    return {"cells": numbered, "metadata": METADATA, "nbformat": 4, "nbformat_minor": 5}


def split_lines(text):
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


# ------------------------------------------------------------------------------------------------

# An authentication result in words, and as a picture (AuthnTracePicture): one row per step of the trace.
AUTHN_TRACE = r'''/** An authentication result in a few words: the user, or 401 and why. */
String outcome(AuthnResult result) {
  if (result instanceof AuthnResult.Authenticated a) {
    return "authenticated as " + a.user().name() + " " + a.user().groups();
  }
  return result instanceof AuthnResult.Failed f ? "401 Unauthorized (" + f.reason() + ")" : "401 Unauthorized (nobody recognised a credential)";
}

/** An authentication result as a picture: each authenticator the request met, its verdict and reason (dev.authlab.display). */
void showTrace(String title, AuthnResult result) {
  show(AuthnTracePicture.of(title, result));
}'''

# Helpers for the cluster tier: compare the library's answer with the API server's, side by side.
CLUSTER_HELPERS = r'''/** An authentication result in whoami's words: the user and groups, or 401. */
String who(AuthnResult result) {
  if (result instanceof AuthnResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  return "401 Unauthorized";
}

/** The API server's answer to a SelfSubjectReview in the same words. */
String who(ControlPlane.WhoamiResult result) {
  if (result instanceof ControlPlane.WhoamiResult.Authenticated a) {
    return a.user().name() + " " + a.user().groups();
  }
  if (result instanceof ControlPlane.WhoamiResult.Forbidden f) {
    // anonymous users may not ask "who am I"; the refusal names them
    return f.message().contains("system:anonymous") ? "system:anonymous (whoami refused: 403)" : "403 Forbidden";
  }
  return "401 Unauthorized";
}

/** Creates these objects as the admin, and the namespaces they live in first, like `kubectl create -f`. */
void createAll(ControlPlane cp, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
  var admin = cp.adminClient();
  objects.stream().map(o -> o.getMetadata().getNamespace()).filter(ns -> ns != null && !ns.isEmpty()).distinct()
      .filter(ns -> admin.namespaces().withName(ns).get() == null)
      .forEach(ns -> admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
  objects.forEach(o -> admin.resource(o).create());
}

/** The library's answers next to the API server's; the last column says "same" or "DIFFERENT", and any DIFFERENT fails the cell. */
void showCompared(List<String> header, List<List<String>> compared) {
  show(HtmlTable.of(header, compared).picture());
  if (compared.stream().anyMatch(row -> row.get(row.size() - 1).equals("DIFFERENT"))) {
    throw new IllegalStateException("the library and the API server disagree; see the table");
  }
}

/** The API server's answer to "may they?": RBAC there watches its objects, so new ones count within a moment. */
boolean clusterAllows(ControlPlane cp, Attributes asked) {
  return cp.review(SubjectAccessReviewer.reviewOf(asked)).getAllowed();
}

/** Polls for up to 20 s until the check holds (the API server's caches follow new objects within a moment). */
boolean eventually(java.util.function.BooleanSupplier check) {
  long deadline = System.nanoTime() + 20_000_000_000L;
  while (!check.getAsBoolean()) {
    if (System.nanoTime() > deadline) {
      return false;
    }
    try { Thread.sleep(200); } catch (InterruptedException e) { Thread.currentThread().interrupt(); return false; }
  }
  return true;
}

/** Asks the library and the API server the same questions, once the API server's answers have settled: rows for showCompared. */
List<List<String>> askBoth(ControlPlane cp, Authorizer library, Map<String, Attributes> questions, String yes, String no) {
  // RBAC there (and its aggregation controller) follows new objects within a moment: wait until the answers settle
  eventually(() -> questions.values().stream().allMatch(q -> clusterAllows(cp, q) == library.authorize(q).isAllowed()));
  List<List<String>> compared = new ArrayList<>();
  questions.forEach((label, q) -> {
    boolean ours = library.authorize(q).isAllowed();
    boolean theirs = clusterAllows(cp, q);
    compared.add(List.of(label, ours ? yes : no, theirs ? yes : no, ours == theirs ? "same" : "DIFFERENT"));
  });
  return compared;
}'''
