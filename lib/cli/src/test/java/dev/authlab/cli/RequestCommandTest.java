package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCommandTest {

  @Test
  void printsRequestInfoAsOneJsonObject() {
    Run run = Run.of("request", "GET", "/apis/apps/v1/namespaces/team-a/deployments/web/scale");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out())
        .isEqualTo(
            "{\"isResourceRequest\":true,\"path\":\"/apis/apps/v1/namespaces/team-a/deployments/web/scale\",\"verb\":\"get\","
                + "\"apiPrefix\":\"apis\",\"apiGroup\":\"apps\",\"apiVersion\":\"v1\",\"namespace\":\"team-a\",\"resource\":\"deployments\","
                + "\"subresource\":\"scale\",\"name\":\"web\",\"parts\":[\"deployments\",\"web\",\"scale\"]}\n");
  }

  @Test
  void batchPrintsOneLinePerRequestAndKeepsBadLinesInPlace() {
    String stdin = "# comment\nGET /api/v1/pods\n\nDELETE /api/v1/namespaces/a/pods\nnonsense\nGET /healthz\n";
    Run run = Run.withStdin(stdin, "request", "--batch");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines().toList()).hasSize(4);
    assertThat(run.out().lines().toList().get(0)).contains("\"verb\":\"list\"");
    assertThat(run.out().lines().toList().get(1)).contains("\"verb\":\"deletecollection\"");
    assertThat(run.out().lines().toList().get(2)).isEqualTo("{\"line\":5,\"error\":\"expected 'METHOD URL', got 1 field\"}");
    assertThat(run.out().lines().toList().get(3)).contains("\"isResourceRequest\":false").contains("\"verb\":\"get\"");
    assertThat(run.err()).isEqualTo("error: stdin line 5: expected 'METHOD URL', got 1 field\n");
  }

  @Test
  void missingArgumentsAreAUsageError() {
    Run run = Run.of("request", "GET");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: give METHOD and URL");
  }
}
