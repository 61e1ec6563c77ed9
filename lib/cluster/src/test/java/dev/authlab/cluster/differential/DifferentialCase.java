package dev.authlab.cluster.differential;

import dev.authlab.manifest.ManifestWriter;
import dev.authlab.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One disagreement, written so it can be replayed without a cluster: a YAML stream whose first
 * document is the case (seeds, the review, both answers, why they differ, the library's
 * explanation) and whose second is a {@code v1 List} of the RBAC objects that were on the cluster
 * besides the bootstrap policy. The second document loads with {@code authlab can-i --policy}
 * too (the first is skipped there as a non-RBAC object).
 */
record DifferentialCase(
    List<Long> seeds, int index, SubjectAccessReview review, ReviewAnswer cluster, ReviewAnswer library, String why,
    List<String> explanation, List<HasMetadata> objects) {

  static final String API_VERSION = "authlab.dev/v1alpha1";
  static final String KIND = "DifferentialCase";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  DifferentialCase {
    seeds = List.copyOf(seeds);
    explanation = List.copyOf(explanation);
    objects = List.copyOf(objects);
  }

  String fileName() {
    long last = seeds.isEmpty() ? 0 : seeds.get(seeds.size() - 1);
    return "rbac-" + RandomRbacPolicy.tagOf(last) + "-" + index + ".yaml";
  }

  String toYaml() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("apiVersion", API_VERSION);
    header.put("kind", KIND);
    header.put("seeds", seeds);
    header.put("index", index);
    header.put("why", why);
    SubjectAccessReview bare = new SubjectAccessReviewBuilder(review).withStatus(null).build();
    header.put("review", bare);
    header.put("cluster", cluster.toMap());
    header.put("library", library.toMap());
    header.put("libraryExplanation", explanation);
    return "# A disagreement between kube-apiserver and the library on one SubjectAccessReview.\n"
        + "# Replay it against the library alone:\n"
        + "#   ./mvnw -q -o -pl lib/core,lib/cluster test -Dtest=ReplayDisagreementTest -Dsurefire.failIfNoSpecifiedTests=false \\\n"
        + "#     -Ddifferential.case=<this file>\n"
        + ManifestWriter.toYaml(header)
        + "---\n"
        + ManifestWriter.writeList(objects, ManifestWriter.Format.YAML);
  }

  Path writeTo(Path directory) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(fileName());
      Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the case to " + directory, e);
    }
  }

  static DifferentialCase read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static DifferentialCase parse(String source, String yaml) {
    List<Manifests.Document> documents = Manifests.documents(source, yaml);
    if (documents.isEmpty() || !KIND.equals(documents.get(0).node().path("kind").asString(""))) {
      throw new IllegalArgumentException(source + ": the first document must be a " + KIND);
    }
    JsonNode header = documents.get(0).node();
    List<Long> seeds = new ArrayList<>();
    header.path("seeds").forEach(n -> seeds.add(n.asLong()));
    List<String> explanation = new ArrayList<>();
    header.path("libraryExplanation").forEach(n -> explanation.add(n.asString("")));
    SubjectAccessReview review = JSON.treeToValue(header.path("review"), SubjectAccessReview.class);
    List<HasMetadata> objects = Manifests.parse(source, yaml).objects();
    return new DifferentialCase(
        seeds, header.path("index").asInt(), review, answerOf(header.path("cluster")), answerOf(header.path("library")),
        header.path("why").asString(""), explanation, objects);
  }

  private static ReviewAnswer answerOf(JsonNode node) {
    return new ReviewAnswer(
        node.path("allowed").asBoolean(false), node.path("denied").asBoolean(false), node.path("reason").asString(""),
        node.path("evaluationError").asString(""));
  }
}
