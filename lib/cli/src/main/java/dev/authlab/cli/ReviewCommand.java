package dev.authlab.cli;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.TokenReviewer;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.SubjectAccessReviewer;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.manifest.ManifestWriter;
import dev.authlab.manifest.Manifests;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** `authlab review`: SubjectAccessReviews in, the same reviews with status out, as the API server answers them. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = {
      "Answer SubjectAccessReview and TokenReview documents (YAML stream, JSON, or JSON lines) as the API server would:",
      "each is printed back with its status filled in, one result per input, in order. SubjectAccessReviews are answered",
      "from --policy; TokenReviews by the authentication chain the kube-apiserver flags describe (see authlab whoami).",
      "An invalid review is answered with the API server's 422 Status in its place; the command then exits 2."
    })
public final class ReviewCommand implements Callable<Integer> {

  enum Output {
    yaml,
    json
  }

  @ParentCommand AuthlabCommand parent;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "File with the reviews, or - for stdin (the default).")
  String file = "-";

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml (documents separated by ---) or json (one object per line). Default: yaml.")
  Output output = Output.yaml;

  @Mixin PolicyOptions policyOptions;

  @Mixin AuthnFlags authn;

  @Mixin ObjectsOptions objects;

  @Override
  public Integer call() {
    Io io = parent.io();
    String source = file.equals("-") ? "stdin" : file;
    List<Located> documents = readDocuments(source, readInput(io));
    Reviewers reviewers = new Reviewers(io);
    int failures = 0;
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      String where = documents.get(i).where();
      JsonNode document = documents.get(i).node();
      Object result;
      try {
        if ("TokenReview".equals(document.path("kind").asString(""))) {
          TokenReviewer.Outcome outcome = reviewers.tokens().review(toTokenReview(where, document));
          if (outcome instanceof TokenReviewer.Outcome.Reviewed reviewed) {
            result = reviewed.review();
          } else {
            TokenReviewer.Outcome.Rejected rejected = (TokenReviewer.Outcome.Rejected) outcome;
            io.err().println("error: " + where + ": " + rejected.message());
            failures++;
            result = status(rejected.message(), rejected.reason(), rejected.code());
          }
        } else {
          SubjectAccessReview review = toReview(where, document);
          SubjectAccessReviewer.Outcome outcome = reviewers.access().review(review);
          if (outcome instanceof SubjectAccessReviewer.Outcome.Reviewed reviewed) {
            result = reviewed.review();
          } else {
            SubjectAccessReviewer.Outcome.Invalid invalid = (SubjectAccessReviewer.Outcome.Invalid) outcome;
            io.err().println("error: " + where + ": " + invalid.message());
            failures++;
            result = status(invalid.message(), "Invalid", 422);
          }
        }
      } catch (UserError e) {
        io.err().println("error: " + e.getMessage());
        failures++;
        result = status(e.getMessage(), "BadRequest", 400);
      }
      results.add(result);
    }
    print(io, results);
    return failures == 0 ? 0 : ExitCodes.BAD_INPUT;
  }

  private String readInput(Io io) {
    try {
      if (file.equals("-")) {
        return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Every review document, in order: a YAML stream, JSON or JSON lines; Lists and JSON arrays are flattened. */
  static List<Located> readDocuments(String source, String text) {
    List<Located> documents = new ArrayList<>();
    for (Manifests.Document document : Manifests.documents(source, text)) {
      JsonNode node = document.node();
      String where = document.source().toString();
      if (node == null || node.isNull() || node.isMissingNode()) {
        continue;
      }
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          documents.add(new Located(where + " [" + i + "]", node.get(i)));
        }
      } else if (node.isObject() && node.path("kind").asString("").endsWith("List") && node.path("items").isArray()) {
        for (int i = 0; i < node.get("items").size(); i++) {
          documents.add(new Located(where + " items[" + i + "]", node.get("items").get(i)));
        }
      } else {
        documents.add(new Located(where, node));
      }
    }
    if (documents.isEmpty()) {
      throw new UserError(source + ": no review documents found");
    }
    return documents;
  }

  /** A document and where it came from, for messages. */
  record Located(String where, JsonNode node) {}

  private static SubjectAccessReview toReview(String where, JsonNode document) {
    if (!document.isObject()) {
      throw new UserError(where + ": expected an object, got " + document.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
    }
    String apiVersion = document.path("apiVersion").asString("");
    String kind = document.path("kind").asString("");
    if (!"SubjectAccessReview".equals(kind)) {
      String hint = kind.equals("SelfSubjectAccessReview") || kind.equals("LocalSubjectAccessReview")
          ? " (offline there is no requesting user or URL namespace: write it as a SubjectAccessReview with spec.user/groups and the namespace)"
          : "";
      throw new UserError(where + ": kind " + (kind.isEmpty() ? "is missing" : "'" + kind + "' is not SubjectAccessReview or TokenReview") + hint);
    }
    if (!"authorization.k8s.io/v1".equals(apiVersion)) {
      throw new UserError(where + ": apiVersion '" + apiVersion + "' is not served; use authorization.k8s.io/v1");
    }
    try {
      return JsonMapper.builder().build().treeToValue(document, SubjectAccessReview.class);
    } catch (JacksonException e) {
      String path = e.getPathReference() == null ? "" : e.getPathReference();
      throw new UserError(where + ": " + path + ": " + oneLine(e.getOriginalMessage()));
    }
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static TokenReview toTokenReview(String where, JsonNode document) {
    String apiVersion = document.path("apiVersion").asString("");
    if (!"authentication.k8s.io/v1".equals(apiVersion)) {
      throw new UserError(where + ": apiVersion '" + apiVersion + "' is not served for TokenReview; use authentication.k8s.io/v1");
    }
    try {
      return JsonMapper.builder().build().treeToValue(document, TokenReview.class);
    } catch (JacksonException e) {
      String path = e.getPathReference() == null ? "" : e.getPathReference();
      throw new UserError(where + ": " + path + ": " + oneLine(e.getOriginalMessage()));
    }
  }

  /** The two reviewers, each built only when a document needs it. */
  private final class Reviewers {
    private final Io io;
    private SubjectAccessReviewer access;
    private TokenReviewer tokens;

    Reviewers(Io io) {
      this.io = io;
    }

    SubjectAccessReviewer access() {
      if (access == null) {
        access = new SubjectAccessReviewer(AuthorizerChain.kubeApiServer(new RbacAuthorizer(policyOptions.load(io.err()))));
      }
      return access;
    }

    TokenReviewer tokens() {
      if (tokens == null) {
        AuthnSettings settings = authn.settings();
        tokens = new TokenReviewer(settings.authenticator(objects.environment()), settings.effectiveApiAudiences());
      }
      return tokens;
    }
  }

  private static Status status(String message, String reason, int code) {
    return new StatusBuilder()
        .withApiVersion("v1")
        .withKind("Status")
        .withStatus("Failure")
        .withMessage(message)
        .withReason(reason)
        .withCode(code)
        .build();
  }

  private void print(Io io, List<Object> results) {
    JsonMapper compact = JsonMapper.builder().build();
    for (int i = 0; i < results.size(); i++) {
      if (output == Output.json) {
        io.out().println(compact.writeValueAsString(results.get(i)));
      } else {
        if (i > 0) {
          io.out().println("---");
        }
        io.out().print(ManifestWriter.toYaml(results.get(i)));
      }
    }
  }

}
