package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.webhook.TokenReviewDecision;
import dev.authlab.authn.webhook.TokenReviewWebhookServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `authlab whoami` with kube-apiserver's flags, for every method, and its answers to bad input. */
class WhoamiCommandTest {

  private static final String AUTHN = "examples/authn/";

  @Test
  void staticTokenPrintsTheUserLikeKubectlAuthWhoami() {
    Run run = Run.of("whoami", "--token-auth-file", AUTHN + "tokens.csv", "--token", "0b7e1e6c-6c2f-4a0e-9c8d-5d2b1f3a7e90");
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).isEqualTo("ATTRIBUTE   VALUE\nUsername    bob\nUID         1002\nGroups      [system:authenticated]\n");
  }

  @Test
  void yamlOutputIsASelfSubjectReview() {
    Run run = Run.of("whoami", "--token-auth-file", AUTHN + "tokens.csv", "--token", "31ada4fd-adec-460c-809a-9e56ceb75269", "-o", "yaml");
    assertThat(run.out()).startsWith("apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\n").contains("username: alice");
  }

  @Test
  void unknownTokenIsA401WithExitOneAndNeverAnonymous() {
    Run run = Run.of("whoami", "--token-auth-file", AUTHN + "tokens.csv", "--token", "guess", "-o", "json", "--explain");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("\"code\": 401").contains("\"reason\": \"Unauthorized\"");
    assertThat(run.err()).contains("token-file: no opinion").contains("bearer-token: failed - invalid bearer token").doesNotContain("anonymous: authenticated");
  }

  @Test
  void anonymousCanBeTurnedOff() {
    assertThat(Run.of("whoami", "--token-auth-file", AUTHN + "tokens.csv").out()).contains("system:anonymous");
    assertThat(Run.of("whoami", "--token-auth-file", AUTHN + "tokens.csv", "--anonymous-auth=false").exitCode()).isEqualTo(1);
  }

  @Test
  void certificateFromAnotherCaIsRejectedWithGosReason() {
    Run run =
        Run.of(
            "whoami", "--client-ca-file", AUTHN + "pki/front-proxy-ca.crt", "--client-certificate", AUTHN + "pki/jane.crt", "--explain");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("x509: failed").contains("x509: certificate signed by unknown authority");
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsAnInputError() {
    Run run =
        Run.of(
            "whoami", "--client-ca-file", AUTHN + "pki/ca.crt", "--client-certificate", AUTHN + "pki/jane.crt", "--client-key", AUTHN + "pki/ca.key");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: --client-key").contains("does not belong to the certificate");
  }

  @Test
  void proxyHeadersWithAProxyCertificateFromTheWrongCaAreRejected() {
    Run run =
        Run.of(
            "whoami",
            "--requestheader-client-ca-file", AUTHN + "pki/ca.crt",
            "--requestheader-username-headers", "X-Remote-User",
            "--proxy-cert", AUTHN + "pki/front-proxy-client.crt",
            "-H", "X-Remote-User: admin");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void oidcThroughTheStructuredAuthenticationConfiguration(@TempDir Path dir) throws Exception {
    try (OidcIssuer issuer = OidcIssuer.start()) {
      AuthenticationConfiguration config =
          AuthenticationConfiguration.of(
              JwtAuthenticator.of(issuer.issuer("kubernetes"), ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "oidc:"))));
      Path file = dir.resolve("authn.yaml");
      Files.writeString(file, config.toYaml());
      String token = issuer.token().subject("123").email("jane@example.com", true).groups("dev").sign();
      Run run = Run.of("whoami", "--authentication-config", file.toString(), "--token", token);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
      assertThat(run.out()).contains("oidc:jane@example.com");
      Run unverified = Run.of("whoami", "--authentication-config", file.toString(), "--token", issuer.token().email("x@example.com", false).sign(), "--explain");
      assertThat(unverified.exitCode()).isEqualTo(1);
      assertThat(unverified.err()).contains("oidc: email not verified");
    }
  }

  @Test
  void webhookTokenAuthenticationThroughAKubeconfigFile(@TempDir Path dir) {
    try (TokenReviewWebhookServer webhook =
        TokenReviewWebhookServer.start(
            spec -> spec.getToken().equals("let-me-in")
                ? TokenReviewDecision.authenticate(UserInfo.of("hook-user", "hooked"))
                : TokenReviewDecision.reject("unknown token"))) {
      String flag = webhook.webhookConfig().writeApiServerConfig(dir).get(0);
      assertThat(flag).startsWith("--authentication-token-webhook-config-file=");
      Run ok = Run.of("whoami", flag, "--token", "let-me-in");
      assertThat(ok.exitCode()).as(ok.err()).isEqualTo(0);
      assertThat(ok.out()).contains("hook-user").contains("[hooked system:authenticated]");
      Run rejected = Run.of("whoami", flag, "--token", "nope", "--explain");
      assertThat(rejected.exitCode()).isEqualTo(1);
      assertThat(rejected.err()).contains("webhook: failed").contains("unknown token");
    }
  }

  @Test
  void unusableFlagsAreOneLineErrorsWithExitTwo(@TempDir Path dir) throws Exception {
    Path badCsv = dir.resolve("tokens.csv");
    Files.writeString(badCsv, "only,two\n");
    Run bad = Run.of("whoami", "--token-auth-file", badCsv.toString(), "--token", "x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().lines()).hasSize(1);
    assertThat(bad.err()).contains("must have at least 3 columns").contains(badCsv.toString());

    assertThat(Run.of("whoami", "--client-ca-file", dir.resolve("missing.crt").toString()).exitCode()).isEqualTo(2);
    Path notAConfig = dir.resolve("authn.yaml");
    Files.writeString(notAConfig, "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer: {url: http://insecure}\n");
    Run invalid = Run.of("whoami", "--authentication-config", notAConfig.toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(Run.of("whoami", "--authentication-config", notAConfig.toString(), "--oidc-issuer-url", "https://x").exitCode()).isEqualTo(2);
  }
}
