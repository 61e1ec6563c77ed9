package dev.authlab.labs.lab02_static_token_file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.labs.support.OwnWork;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 02 against the library: for every token, your {@link StaticTokenFile} must find the same user
 * (name, uid, groups) as the kit's {@link TokenFileAuthenticator}, which parses the file exactly as
 * kube-apiserver does, and reject what it rejects.
 */
@Tag("library")
class Lab02LibraryTest {

  @Test
  @DisplayName("reads each line's token, user name, uid and groups (one group, a quoted list, or none)")
  void readsUsersUidsAndGroups() {
    String csv = String.join("\n",
        "a1b2c3d4e5f6,alice,1001,devs",
        "b2c3d4e5f6a1,bob,1002,\"devs,ops,system:monitoring\"",
        "c3d4e5f6a1b2,carol,1003",
        "d4e5f6a1b2c3,ci-bot,,ci",
        "");
    sameUsers(csv, "a1b2c3d4e5f6", "b2c3d4e5f6a1", "c3d4e5f6a1b2", "d4e5f6a1b2c3");
  }

  @Test
  @DisplayName("takes fields literally: quoted fields, no trimming, no comments, extra columns ignored")
  void keepsFieldsLiterally() {
    String csv = String.join("\n",
        "# token,user,uid,groups",
        "a1b2c3d4e5f6,alice,1001,\"dev, ops\"",
        "\"b2c3d4e5f6a1\",\"o'brien\",\"1002\",\"say \"\"hi\"\",dev\"",
        "c3d4e5f6a1b2, carol ,1003,dev,this column is ignored,so is this one",
        "d4e5f6a1b2c3,dave,1004,\"\"\"quoted\"\"\"",
        "");
    sameUsers(csv, "# token", "a1b2c3d4e5f6", "b2c3d4e5f6a1", "c3d4e5f6a1b2", "d4e5f6a1b2c3");
  }

  @Test
  @DisplayName("skips blank lines and empty tokens, and lets the later line win for a duplicate token")
  void handlesBlankLinesEmptyTokensAndDuplicates() {
    String csv = String.join("\r\n",
        "",
        "a1b2c3d4e5f6,alice,1001,devs",
        "",
        ",nobody,2099,system:masters",
        "b2c3d4e5f6a1,bob,1002",
        "b2c3d4e5f6a1,mallory,1003,system:masters",
        "",
        "");
    sameUsers(csv, "a1b2c3d4e5f6", "b2c3d4e5f6a1", "", "nobody");
  }

  @Test
  @DisplayName("refuses a file with a line of fewer than three columns, naming the line")
  void refusesShortLines() {
    String good = "a1b2c3d4e5f6,alice,1001,devs\n\nb2c3d4e5f6a1,bob,1002\n";
    sameUsers(good, "a1b2c3d4e5f6", "b2c3d4e5f6a1");

    String bad = good + "c3d4e5f6a1b2,carol\n";
    assertThat(catchThrowable(() -> TokenFileAuthenticator.fromCsv("tokens.csv", bad)))
        .as("the kit refuses it too").isInstanceOf(IllegalArgumentException.class);
    Throwable thrown = catchThrowable(() -> StaticTokenFile.parse(bad));
    assertThat(thrown).as("parsing a file whose line 4 has only two columns").isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getMessage()).as("the error message should say which line is wrong").contains("line 4");

    Throwable oneColumn = catchThrowable(() -> StaticTokenFile.parse("c3d4e5f6a1b2\n"));
    assertThat(oneColumn).as("parsing a file whose line 1 is a lone token").isInstanceOf(IllegalArgumentException.class);
    assertThat(oneColumn.getMessage()).as("the error message should say which line is wrong").contains("line 1");
  }

  @Test
  @DisplayName("has no opinion about a token that is not in the file, however close it is to one that is")
  void rejectsUnknownTokens() {
    yourOwnParser();
    String csv = "a1b2c3d4e5f6,alice,1001,devs\nb2c3d4e5f6a1,bob,1002\n";
    StaticTokenFile yours = StaticTokenFile.parse(csv);
    assertThat(yours.authenticateToken("a1b2c3d4e5f6", List.of())).as("alice's token").isInstanceOf(AuthnResult.Authenticated.class);
    for (String unknown : List.of("not-in-the-file", "a1b2c3d4e5f", "a1b2c3d4e5f6 ", "A1B2C3D4E5F6", "alice", "1001", "devs")) {
      assertThat(yours.authenticateToken(unknown, List.of()))
          .as("token '%s', which is not in the file (the kit: no opinion, so the next authenticator may try)", unknown)
          .isInstanceOf(AuthnResult.NoOpinion.class);
    }
  }

  // ---- the oracle

  /** For each token, your answer must be the library's: the same user, or no opinion. */
  private static void sameUsers(String csv, String... tokens) {
    yourOwnParser();
    TokenFileAuthenticator kit = TokenFileAuthenticator.fromCsv("tokens.csv", csv);
    StaticTokenFile yours = StaticTokenFile.parse(csv);
    for (String token : tokens) {
      AuthnResult expected = kit.authenticateToken(token, List.of());
      AuthnResult actual = yours.authenticateToken(token, List.of());
      if (expected instanceof AuthnResult.Authenticated a) {
        assertThat(actual).as("token '%s': the API server knows it as %s; your answer", token, describe(a.user()))
            .isInstanceOf(AuthnResult.Authenticated.class);
        assertThat(((AuthnResult.Authenticated) actual).user())
            .as("token '%s': the user the API server reads (expected) vs yours (actual)", token)
            .isEqualTo(a.user());
      } else {
        assertThat(actual).as("token '%s': the API server does not know it; your answer", token).isInstanceOf(AuthnResult.NoOpinion.class);
      }
    }
  }

  /** The kit's token-file code (or settings that build it) must not do the reader's work. */
  static void yourOwnParser() {
    OwnWork.assertDoesNotUse(StaticTokenFile.class,
        "write the parsing yourself; the kit's TokenFileAuthenticator is what your answer is compared with",
        "dev/authlab/authn/tokenfile/", "dev.authlab.authn.tokenfile.", "AuthnSettings", "ApiServerAuthenticator");
  }

  static String describe(UserInfo user) {
    return "user '" + user.name() + "' uid '" + user.uid() + "' groups " + user.groups().stream().map(g -> "'" + g + "'").toList()
        + (user.extra().isEmpty() ? "" : " extra " + Map.copyOf(user.extra()));
  }
}
