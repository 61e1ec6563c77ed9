package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticatedGroupAdder;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path over real TLS, both ways authenticated: a request's bearer token, the API server's
 * webhook authenticator and cache, a lab's webhook, and back to a user with system:authenticated.
 */
class WebhookEndToEndTest {

  private static final LocalAuthority APISERVER_CA = LocalAuthority.create("apiserver-client-ca", Clock.systemUTC());
  private static final LocalAuthority.Issued APISERVER = APISERVER_CA.issueClient("kube-apiserver", List.of());

  private TokenReviewWebhookServer lab;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    TokenReviewHandler handler = spec -> switch (spec.getToken()) {
      case "alice-token" -> TokenReviewDecision.authenticate(new UserInfo("alice", "u-1", List.of("dev"), Map.of("mfa", List.of("true"))));
      case "robot-token" -> TokenReviewDecision.authenticate(UserInfo.of("robot"), List.of("ci"));
      case "revoked-token" -> TokenReviewDecision.reject("token has been revoked");
      default -> TokenReviewDecision.noOpinion();
    };
    lab = TokenReviewWebhookServer.builder(handler).requireClientCertificates(APISERVER_CA.certificatePem()).start();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private Authenticator apiServer(TokenAuthenticator webhook) {
    return new AuthenticatedGroupAdder(new BearerTokenAuthenticator(webhook));
  }

  private TokenAuthenticator webhook(List<String> apiAudiences) {
    return lab.webhookConfig().withClientCertificate(APISERVER.certificatePem(), APISERVER.privateKeyPem()).authenticator(apiAudiences);
  }

  @Test
  void aKnownTokenBecomesItsUserWithSystemAuthenticated() {
    AuthnResult result = apiServer(webhook(List.of())).authenticate(AuthenticationRequest.withBearerToken("alice-token"));

    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo user = ((AuthnResult.Authenticated) result).user();
    assertThat(user).isEqualTo(new UserInfo("alice", "u-1", List.of("dev", "system:authenticated"), Map.of("mfa", List.of("true"))));
    assertThat(result.trace().lines()).contains(
        "bearer-token: note - bearer token found; asking the token authenticators",
        "authenticated-group-adder: note - added group system:authenticated");
    assertThat(String.join("\n", result.trace().lines())).doesNotContain("alice-token");
  }

  @Test
  void aRejectedTokenIsAnErrorWithTheWebhooksReasonAndAnUnknownOneIsInvalid() {
    Authenticator apiServer = apiServer(webhook(List.of()));

    AuthnResult revoked = apiServer.authenticate(AuthenticationRequest.withBearerToken("revoked-token"));
    AuthnResult unknown = apiServer.authenticate(AuthenticationRequest.withBearerToken("who-knows"));

    assertThat(((AuthnResult.Failed) revoked).reason()).isEqualTo("token has been revoked");
    assertThat(((AuthnResult.Failed) unknown).reason()).isEqualTo(BearerTokenAuthenticator.INVALID_TOKEN);
  }

  @Test
  void theCacheSparesTheWebhookRepeatedQuestionsButNotErrors() {
    Authenticator apiServer = apiServer(webhook(List.of()));

    for (int i = 0; i < 3; i++) {
      apiServer.authenticate(AuthenticationRequest.withBearerToken("alice-token"));
      apiServer.authenticate(AuthenticationRequest.withBearerToken("who-knows"));
    }

    // an answer and a no-opinion, each asked once; both kept for the 2m TTL
    assertThat(lab.reviewCount()).isEqualTo(2);
  }

  @Test
  void audiencesFlowBothWays() {
    Authenticator apiServer = apiServer(webhook(List.of("api")));

    AuthnResult alice = apiServer.authenticate(AuthenticationRequest.withBearerToken("alice-token").withAudiences(List.of("api")));
    AuthnResult robot = apiServer.authenticate(AuthenticationRequest.withBearerToken("robot-token").withAudiences(List.of("api")));

    assertThat(((AuthnResult.Authenticated) alice).audiences()).as("no audiences from the webhook: the API server's").containsExactly("api");
    assertThat(lab.lastReview().orElseThrow().audiences()).containsExactly("api");
    assertThat(robot).as("a token the webhook says is for ci only").isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) robot).reason()).isEqualTo(BearerTokenAuthenticator.INVALID_TOKEN);
  }

  @Test
  void theFileWrittenForKubeApiserverWorksWhenReadBack() {
    WebhookConfig config = lab.webhookConfig().withClientCertificate(APISERVER.certificatePem(), APISERVER.privateKeyPem());
    List<String> flags = config.writeApiServerConfig(dir);
    Path file = Path.of(flags.get(0).substring("--authentication-token-webhook-config-file=".length()));

    AuthnResult result = apiServer(WebhookConfig.read(file).authenticator(List.of()))
        .authenticate(AuthenticationRequest.withBearerToken("alice-token"));

    assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("alice");
  }

  @Test
  void withoutTheClientCertificateTheLabsWebhookTurnsTheApiServerAway() {
    AuthnResult result = apiServer(lab.webhookConfig().authenticator(List.of()))
        .authenticate(AuthenticationRequest.withBearerToken("alice-token"));

    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) result).reason()).startsWith("Post \"" + lab.url() + "?timeout=30s\": ");
    assertThat(lab.reviewCount()).isZero();
  }
}
