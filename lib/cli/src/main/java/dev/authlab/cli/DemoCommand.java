package dev.authlab.cli;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.webhook.TokenReviewDecision;
import dev.authlab.authn.webhook.TokenReviewWebhookServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * `authlab demo oidc|webhook`: the two methods that need a live party (an identity provider, a
 * TokenReview webhook), run end to end in one command: the party is started on 127.0.0.1 for the
 * length of the command, the API server's chain is configured exactly as its flags would, and a
 * credential goes through it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run OIDC or webhook token authentication end to end against a provider started for the command.",
    subcommands = {DemoCommand.Oidc.class, DemoCommand.Webhook.class})
public final class DemoCommand implements Runnable {

  @ParentCommand AuthlabCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(parent.io().out());
  }

  static int report(Io io, AuthnResult result, boolean explain) {
    if (explain) {
      io.out().println("authentication trace:");
      result.trace().lines().forEach(line -> io.out().println("  " + line));
    }
    if (result instanceof AuthnResult.Authenticated authenticated) {
      UserTable.print(io, authenticated.user());
      return 0;
    }
    io.out().println("error: You must be logged in to the server (Unauthorized)");
    return ExitCodes.NO;
  }

  @Command(
      name = "oidc",
      mixinStandardHelpOptions = true,
      description = {
        "Start an OpenID provider on 127.0.0.1, configure a structured AuthenticationConfiguration for it (username from",
        "the email claim with a prefix, groups from the groups claim), mint an ID token and authenticate it."
      })
  static final class Oidc implements Callable<Integer> {
    @ParentCommand DemoCommand demo;

    @Option(names = "--email", paramLabel = "EMAIL", description = "The token's email claim (default jane@example.com).")
    String email = "jane@example.com";

    @Option(names = "--email-verified", arity = "1", paramLabel = "BOOL", description = "The token's email_verified claim (default true).")
    boolean emailVerified = true;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", description = "The token's groups claim.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Username and groups prefix (default oidc:).")
    String prefix = "oidc:";

    @Option(names = "--audience", paramLabel = "AUD", description = "The token's audience (the configuration expects kubernetes).")
    String audience = "kubernetes";

    @Option(names = "--expired", description = "Mint a token that expired a minute ago.")
    boolean expired;

    @Option(names = "--explain", description = "Print the authentication trace.")
    boolean explain;

    @Override
    public Integer call() {
      try (OidcIssuer issuer = OidcIssuer.start()) {
        ClaimMappings mappings =
            ClaimMappings.username(PrefixedClaimOrExpression.claim("email", prefix)).withGroups(PrefixedClaimOrExpression.claim("groups", prefix));
        AuthnSettings settings =
            AuthnSettings.builder()
                .authenticationConfiguration(AuthenticationConfiguration.of(JwtAuthenticator.of(issuer.issuer("kubernetes"), mappings)))
                .anonymous(AuthnSettings.Anonymous.DISABLED)
                .build();
        OidcIssuer.TokenBuilder token = issuer.token().subject("user-1").email(email, emailVerified).audience(audience);
        if (!groups.isEmpty()) {
          token = token.groups(groups.toArray(String[]::new));
        }
        if (expired) {
          token = token.issuedAt(java.time.Instant.now().minus(Duration.ofMinutes(11))).expiresIn(Duration.ofMinutes(-1));
        }
        AuthnResult result = settings.authenticator(AuthnSettings.Environment.defaults()).authenticate(AuthenticationRequest.withBearerToken(token.sign()));
        return report(demo.parent.io(), result, explain);
      }
    }
  }

  @Command(
      name = "webhook",
      mixinStandardHelpOptions = true,
      description = {
        "Start a TokenReview webhook on 127.0.0.1 that knows one token, point --authentication-token-webhook-config-file",
        "at it, and authenticate --token through the API server's chain."
      })
  static final class Webhook implements Callable<Integer> {
    @ParentCommand DemoCommand demo;

    @Option(names = "--known-token", paramLabel = "TOKEN", description = "The token the webhook accepts (default let-me-in).")
    String knownToken = "let-me-in";

    @Option(names = "--user", paramLabel = "NAME", description = "Who the webhook says that token is (default hook-user).")
    String user = "hook-user";

    @Option(names = "--groups", split = ",", paramLabel = "GROUP")
    List<String> groups = new ArrayList<>();

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "The token to authenticate.")
    String token;

    @Option(names = "--explain", description = "Print the authentication trace.")
    boolean explain;

    @Override
    public Integer call() {
      try (TokenReviewWebhookServer webhook =
          TokenReviewWebhookServer.start(
              spec -> spec.getToken().equals(knownToken)
                  ? TokenReviewDecision.authenticate(new UserInfo(user, "", groups, java.util.Map.of()))
                  : TokenReviewDecision.reject("token not known to this webhook"))) {
        AuthnSettings settings = AuthnSettings.builder().webhook(webhook.webhookConfig()).anonymous(AuthnSettings.Anonymous.DISABLED).build();
        AuthnResult result = settings.authenticator(AuthnSettings.Environment.defaults()).authenticate(AuthenticationRequest.withBearerToken(token));
        return report(demo.parent.io(), result, explain);
      }
    }
  }
}
