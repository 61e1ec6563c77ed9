package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReviewCommandTest {

  private static final String POLICY = Run.example("policy");

  @Test
  void fillsStatusOfEachReviewInOrder() {
    Run run = Run.of("review", "--policy", POLICY, "-f", Run.example("reviews/questions.yaml"));
    assertThat(run.exitCode()).isEqualTo(0);
    String[] docs = run.out().split("(?m)^---$");
    assertThat(docs).hasSize(3);
    assertThat(docs[0]).contains("allowed: true").contains("reason: \"RBAC: allowed by RoleBinding \\\"developers/team-a\\\"");
    assertThat(docs[1]).contains("allowed: false").doesNotContain("reason");
    assertThat(docs[2]).contains("allowed: true").contains("system:public-info-viewer");
  }

  @Test
  void jsonLinesInJsonLinesOut() {
    String input =
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"jane\",\"groups\":[\"dev\"],\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"list\",\"resource\":\"pods\"}}}\n"
            + "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"jane\",\"resourceAttributes\":{\"namespace\":\"team-a\",\"verb\":\"list\",\"resource\":\"pods\"}}}\n";
    Run run = Run.withStdin(input, "review", "--policy", POLICY, "-o", "json");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out().lines().toList()).hasSize(2);
    assertThat(run.out().lines().toList().get(0)).contains("\"status\":{\"allowed\":true");
    assertThat(run.out().lines().toList().get(1))
        .as("the API server adds no groups to a SubjectAccessReview: without dev, jane is not allowed")
        .contains("\"status\":{\"allowed\":false");
  }

  @Test
  void invalidReviewGetsA422StatusInItsPlaceAndExitCodeTwo() {
    String input =
        "apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  resourceAttributes: {verb: get, resource: pods}\n"
            + "---\n"
            + "apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec:\n  user: jane\n  nonResourceAttributes: {verb: get, path: /healthz}\n";
    Run run = Run.withStdin(input, "review", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("error: stdin#1: SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user");
    String[] docs = run.out().split("(?m)^---$");
    assertThat(docs[0]).contains("kind: Status").contains("code: 422").contains("reason: Invalid");
    assertThat(docs[1]).as("no groups given, so not even system:public-info-viewer applies").contains("allowed: false");
  }

  @Test
  void wrongKindOrVersionNamesTheDocument() {
    Run run = Run.withStdin("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "review", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("stdin#1: kind 'Pod' is not SubjectAccessReview");
    Run beta = Run.withStdin("apiVersion: authorization.k8s.io/v1beta1\nkind: SubjectAccessReview\nspec: {user: a}\n", "review", "--policy", POLICY);
    assertThat(beta.err()).contains("stdin#1: apiVersion 'authorization.k8s.io/v1beta1' is not served");
  }

  @Test
  void malformedYamlIsOneLineWithItsPosition() {
    Run run = Run.withStdin("apiVersion: [unclosed\n", "review", "--policy", POLICY);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: stdin#1: line 2, column 1: invalid YAML: expected ',' or ']'");
  }
}
