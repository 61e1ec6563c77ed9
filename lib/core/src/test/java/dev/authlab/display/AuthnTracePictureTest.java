package dev.authlab.display;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AnonymousAuthenticator;
import dev.authlab.authn.AuthenticatedGroupAdder;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthenticatorChain;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthnTracePictureTest {

  /** The API server's shape: tokens (with system:authenticated added), then anonymous; a bad token stops the chain. */
  private static final Authenticator CHAIN =
      AuthenticatorChain.failOnError(
          new AuthenticatedGroupAdder(
              AuthenticatorChain.of(
                  new BearerTokenAuthenticator(
                      TokenFileAuthenticator.fromCsv("tokens.csv", "s3cret,jane,1001,\"dev,ops\"\nevil,<script>alert(1)</script>,6,\n")))),
          AnonymousAuthenticator.anyPath());

  @Test
  void aGoodTokenShowsEveryAuthenticatorItMetAndTheUser() {
    Picture picture = AuthnTracePicture.of("jane's token", CHAIN.authenticate(AuthenticationRequest.withBearerToken("s3cret")));

    List<String> lines = picture.text().lines().toList();
    assertThat(lines.get(0)).isEqualTo("jane's token: authenticated as jane");
    assertThat(lines).anyMatch(l -> l.startsWith("> token-file") && l.contains("authenticated") && l.contains("tokens.csv"));
    assertThat(lines).anyMatch(l -> l.contains("authenticated-group-adder") && l.contains("system:authenticated"));
    assertThat(lines).contains("user: jane", "uid: 1001", "groups: dev, ops, system:authenticated");
    assertThat(picture.html()).contains("<td style=").contains("token-file");
  }

  @Test
  void aBadTokenIsA401WithTheReasonAndAnonymousIsNotTried() {
    Picture picture = AuthnTracePicture.of(CHAIN.authenticate(AuthenticationRequest.withBearerToken("wrong")));

    assertThat(picture.text())
        .startsWith("authentication: 401 Unauthorized")
        .contains("401 Unauthorized: the credential was rejected: invalid bearer token")
        .doesNotContain("anonymous   ");
    assertThat(picture.text().lines()).anyMatch(l -> l.startsWith("> ") && l.contains("failed"));
  }

  @Test
  void noCredentialAtAllIsAnonymous() {
    Picture picture = AuthnTracePicture.of(CHAIN.authenticate(AuthenticationRequest.get("/healthz")));

    assertThat(picture.text().lines()).anyMatch(l -> l.startsWith("> anonymous") && l.contains("authenticated"));
    assertThat(picture.text()).contains("user: system:anonymous", "groups: system:unauthenticated");
  }

  @Test
  void noOpinionFromEveryoneIsA401ThatSaysNobodyRecognisedTheCredential() {
    Picture picture = AuthnTracePicture.of(AuthenticatorChain.of(new BearerTokenAuthenticator((t, a) -> AuthnResult.noOpinion("t", "unknown")))
        .authenticate(AuthenticationRequest.get("/")));

    assertThat(picture.text()).contains("401 Unauthorized: no authenticator recognised a credential");
  }

  @Test
  void aUserNamedScriptIsEscapedInTheHtml() {
    Picture picture = AuthnTracePicture.of(CHAIN.authenticate(AuthenticationRequest.withBearerToken("evil")));

    assertThat(picture.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void extraIsListedInKeyOrder() {
    UserInfo user = new UserInfo("sam", "", List.of(), Map.of("z.example/b", List.of("2"), "a.example/a", List.of("1", "x")));

    assertThat(AuthnTracePicture.describe(user)).containsExactly("user: sam", "groups: (none)", "extra a.example/a: 1, x", "extra z.example/b: 2");
  }
}
