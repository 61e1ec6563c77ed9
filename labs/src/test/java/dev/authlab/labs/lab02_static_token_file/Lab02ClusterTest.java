package dev.authlab.labs.lab02_static_token_file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticatedGroupAdder;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 02 against a real API server started with {@code --token-auth-file} holding {@link #CSV}: for
 * every token, the user your {@link StaticTokenFile} reads from the same text (plus the group
 * system:authenticated the API server adds) must be who the API server says the token is.
 */
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab02ClusterTest {

  static final String CSV = String.join("\n",
      "lab02-alice-9f3c1b,alice,1001,devs",
      "",
      "lab02-bob-0d6e2a,bob,1002,\"devs,ops,system:monitoring\"",
      "lab02-carol-7a4b8c,carol,1003",
      "lab02-dave-2e9f5d,dave,,\"dev, qa\"",
      ",nobody,2099,system:masters",
      "\"lab02-erin-5c1d7e\",\"erin\",\"1005\",\"on-call\",ignored",
      "lab02-frank-8b2a6f,frank,1006,temps",
      "lab02-frank-8b2a6f,frank,1006,\"temps,sre\"",
      "");

  static final List<String> TOKENS = List.of(
      "lab02-alice-9f3c1b", "lab02-bob-0d6e2a", "lab02-carol-7a4b8c", "lab02-dave-2e9f5d", "lab02-erin-5c1d7e", "lab02-frank-8b2a6f");

  static AuthnSettings authn() {
    return AuthnSettings.builder()
        .tokenFile(new AuthnSettings.TokenFile("lab02-tokens.csv", CSV))
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @Test
  @DisplayName("every token in the file is the same user (name, uid, groups) for your parser and for the API server")
  void everyTokenIsTheSameUserOnTheApiServer(ControlPlane cp) {
    Lab02LibraryTest.yourOwnParser();
    StaticTokenFile yours = StaticTokenFile.parse(CSV);
    for (String token : TOKENS) {
      WhoamiResult cluster = cp.whoami(new Credential.Token(token));
      assertThat(cluster).as("token %s: the API server's answer", token).isInstanceOf(WhoamiResult.Authenticated.class);
      AuthnResult predicted = asTheApiServer(yours, token);
      assertThat(predicted).as("token %s: the API server knows it as %s; your parser's answer", token,
          Lab02LibraryTest.describe(((WhoamiResult.Authenticated) cluster).user())).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(((AuthnResult.Authenticated) predicted).user())
          .as("token %s: who the API server says it is (expected) vs your parser plus system:authenticated (actual)", token)
          .isEqualTo(((WhoamiResult.Authenticated) cluster).user());
    }
  }

  @Test
  @DisplayName("a token that is not in the file is a 401 on the API server and not authenticated by your parser")
  void unknownTokensAreRejectedByBoth(ControlPlane cp) {
    Lab02LibraryTest.yourOwnParser();
    StaticTokenFile yours = StaticTokenFile.parse(CSV);
    assertThat(asTheApiServer(yours, TOKENS.get(0))).as("alice's token, for your parser").isInstanceOf(AuthnResult.Authenticated.class);
    for (String unknown : List.of("lab02-nobody-000000", "lab02-alice-9f3c1", "nobody", "lab02-ALICE-9F3C1B")) {
      assertThat(cp.whoami(new Credential.Token(unknown))).as("token %s: the API server's answer", unknown)
          .isInstanceOf(WhoamiResult.Unauthorized.class);
      assertThat(asTheApiServer(yours, unknown)).as("token %s, which the API server rejects with 401: your parser's answer", unknown)
          .isNotInstanceOf(AuthnResult.Authenticated.class);
    }
  }

  /** Your authenticator in the API server's place: behind the bearer-token reader, with system:authenticated added. */
  private static AuthnResult asTheApiServer(StaticTokenFile yours, String token) {
    return new AuthenticatedGroupAdder(new BearerTokenAuthenticator(yours)).authenticate(AuthenticationRequest.withBearerToken(token));
  }
}
