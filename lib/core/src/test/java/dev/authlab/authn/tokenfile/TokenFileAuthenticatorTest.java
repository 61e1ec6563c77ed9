package dev.authlab.authn.tokenfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenFileAuthenticatorTest {

  private static UserInfo user(String name, String uid, String... groups) {
    return new UserInfo(name, uid, List.of(groups), Map.of());
  }

  private static UserInfo authenticated(TokenFileAuthenticator auth, String token) {
    AuthnResult result = auth.authenticateToken(token, List.of());
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user();
  }

  /** Upstream TestTokenFile: every record shape, and an unknown token. */
  @Nested
  class UpstreamTokenFile {
    private final TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("tokens.csv", """

        token1,user1,uid1
        token2,user2,uid2
        token3,user3,uid3,"group1,group2"
        token4,user4,uid4,"group2"
        token5,user5,uid5,group5
        token6,user6,uid6,group5,otherdata
        token7,user7,uid7,"group1,group2",otherdata
        """);

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
      "token1;user1;uid1;",
      "token2;user2;uid2;",
      "token3;user3;uid3;group1,group2",
      "token4;user4;uid4;group2",
      "token5;user5;uid5;group5",
      "token6;user6;uid6;group5",
      "token7;user7;uid7;group1,group2"
    })
    void knownTokensAuthenticateTheirUser(String token, String name, String uid, String groups) {
      String[] expectedGroups = groups == null ? new String[0] : groups.split(",");
      assertThat(authenticated(auth, token)).isEqualTo(user(name, uid, expectedGroups));
    }

    @Test
    void anUnknownTokenIsNoOpinionNotAnError() {
      AuthnResult result = auth.authenticateToken("token8", List.of());
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason()).isEqualTo("the token is not in token file 'tokens.csv'");
      assertThat(auth.size()).isEqualTo(7);
      assertThat(auth.warnings()).isEmpty();
    }

    @Test
    void theBearerAuthenticatorTurnsAnUnknownTokenIntoInvalidBearerToken() {
      AuthnResult result = new BearerTokenAuthenticator(auth).authenticate(AuthenticationRequest.withBearerToken("token8"));
      assertThat(result).isInstanceOf(AuthnResult.Failed.class);
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("invalid bearer token");
    }

    @Test
    void theBearerAuthenticatorAuthenticatesAKnownToken() {
      AuthnResult result = new BearerTokenAuthenticator(auth).authenticate(AuthenticationRequest.withBearerToken("token3"));
      assertThat(((AuthnResult.Authenticated) result).user()).isEqualTo(user("user3", "uid3", "group1", "group2"));
      assertThat(result.trace().lines()).last().asString().isEqualTo("token-file: authenticated - the token matches record 3 (line 4) of token file 'tokens.csv'");
    }
  }

  /** Upstream TestBadTokenFile: a record with two fields stops the whole file. */
  @Test
  void aRecordWithTwoFieldsIsRejectedWithUpstreamsMessage() {
    assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("/etc/kubernetes/tokens.csv", """

        token1,user1,uid1
        token2,user2,uid2
        token3,user3
        token4
        """))
        .isInstanceOfSatisfying(TokenFileException.class, e -> {
          assertThat(e.upstreamError())
              .isEqualTo("token file '/etc/kubernetes/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2");
          assertThat(e.getMessage()).isEqualTo(e.upstreamError() + " (record on line 4)");
          assertThat(e.line()).isEqualTo(OptionalInt.of(4));
          assertThat(e.source()).isEqualTo("/etc/kubernetes/tokens.csv");
        });
  }

  /** Upstream TestInsufficientColumnsTokenFile. */
  @Test
  void aSingleColumnFileIsRejected() {
    assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "token4\n"))
        .isInstanceOf(TokenFileException.class)
        .hasMessage("token file 't.csv' must have at least 3 columns (token, user name, user uid), found 1 (record on line 1)");
  }

  /** Upstream TestEmptyTokenTokenFile: the record is skipped, with upstream's warning. */
  @Test
  void anEmptyTokenIsSkippedWithAWarning() {
    TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", ",user5,uid5\n");
    assertThat(auth.size()).isZero();
    assertThat(auth.warnings()).containsExactly("empty token has been found in token file 't.csv', record number '1'");
    assertThat(auth.authenticateToken("", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  @Nested
  class GoCsvRules {

    @Test
    void aDuplicateTokenWarnsAndTheLaterRecordWins() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "dup,first,1\nother,x,2\ndup,second,3,admins\n");
      assertThat(authenticated(auth, "dup")).isEqualTo(user("second", "3", "admins"));
      assertThat(auth.size()).isEqualTo(2);
      assertThat(auth.warnings()).containsExactly("duplicate token has been found in token file 't.csv', record number '3'");
    }

    @Test
    void recordNumbersCountSkippedRecordsButNotBlankLines() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "\n\n,a,1\n\ndup,b,2\ndup,c,3\n");
      assertThat(auth.warnings())
          .containsExactly(
              "empty token has been found in token file 't.csv', record number '1'",
              "duplicate token has been found in token file 't.csv', record number '3'");
    }

    @Test
    void groupsAreSplitOnEveryCommaAndNeverTrimmed() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,u,1,\"ops, dev ,,qa\"\n");
      assertThat(authenticated(auth, "t1").groups()).containsExactly("ops", " dev ", "", "qa");
    }

    @Test
    void anEmptyFourthColumnIsOneEmptyGroupNotNone() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,u,1,\nt2,u,2\n");
      assertThat(authenticated(auth, "t1").groups()).containsExactly("");
      assertThat(authenticated(auth, "t2").groups()).isEmpty();
    }

    @Test
    void fieldsAreNotTrimmedSoALeadingSpaceIsPartOfTheName() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1, alice , uid \n");
      assertThat(authenticated(auth, "t1")).isEqualTo(user(" alice ", " uid "));
    }

    @Test
    void anEmptyUserNameStillAuthenticatesAsTheEmptyName() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,,\n");
      assertThat(authenticated(auth, "t1")).isEqualTo(user("", ""));
    }

    @Test
    void aHashLineIsAnOrdinaryRecordNotAComment() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "# token,user,uid\nt1,u,1\n");
      assertThat(authenticated(auth, "# token").name()).isEqualTo("user");
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "# the tokens of the lab\nt1,u,1\n"))
          .isInstanceOf(TokenFileException.class)
          .hasMessageContaining("found 1 (record on line 1)");
    }

    @Test
    void aLineOfSpacesIsARecordNotABlankLine() {
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "t1,u,1\n   \n"))
          .isInstanceOf(TokenFileException.class)
          .hasMessage("token file 't.csv' must have at least 3 columns (token, user name, user uid), found 1 (record on line 2)");
    }

    @Test
    void quotedFieldsCarryCommasQuotesUnicodeAndLineBreaks() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv(
          "t.csv", "t1,\"Smith, John \"\"JJ\"\"\",uid-1,\"développeurs,管理者\"\nt2,\"two\nlines\",2\nt3,after,3\n");
      assertThat(authenticated(auth, "t1")).isEqualTo(user("Smith, John \"JJ\"", "uid-1", "développeurs", "管理者"));
      assertThat(authenticated(auth, "t2").name()).isEqualTo("two\nlines");
      assertThat(auth.authenticateToken("t3", List.of()).trace().lines().get(0)).contains("record 3 (line 4)");
    }

    @Test
    void crlfLineEndsAreNormalisedEvenInsideQuotesAndAFinalCarriageReturnIsDropped() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,u1,1\r\nt2,\"a\r\nb\",2\r\nt3,u3,3\r");
      assertThat(authenticated(auth, "t1").uid()).isEqualTo("1");
      assertThat(authenticated(auth, "t2").name()).isEqualTo("a\nb");
      assertThat(authenticated(auth, "t3").uid()).isEqualTo("3");
    }

    @Test
    void aCarriageReturnInsideALineIsData() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,u\r1,1\n");
      assertThat(authenticated(auth, "t1").name()).isEqualTo("u\r1");
    }

    @Test
    void aByteOrderMarkBecomesPartOfTheFirstToken() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "\uFEFFt1,u,1\n");
      assertThat(auth.authenticateToken("t1", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(auth.authenticateToken("\uFEFFt1", List.of())).isInstanceOf(AuthnResult.Authenticated.class);
    }

    @Test
    void aBareQuoteIsGosParseErrorWithItsColumn() {
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "ok,u,1\ntok\"en,user,uid\n"))
          .isInstanceOfSatisfying(TokenFileException.class, e -> {
            assertThat(e.upstreamError()).isEqualTo("parse error on line 2, column 4: bare \" in non-quoted-field");
            assertThat(e.getMessage()).isEqualTo("token file 't.csv': parse error on line 2, column 4: bare \" in non-quoted-field");
            assertThat(e.line()).isEqualTo(OptionalInt.of(2));
          });
    }

    @Test
    void textAfterAClosingQuoteIsGosQuoteError() {
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "\"tok\"en,user,uid\n"))
          .isInstanceOf(TokenFileException.class)
          .hasMessage("token file 't.csv': parse error on line 1, column 5: extraneous or missing \" in quoted-field");
    }

    @Test
    void anUnterminatedQuoteNamesWhereTheRecordStartedAndWhereTheInputEnded() {
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "a,\"bc\ndef\n"))
          .isInstanceOf(TokenFileException.class)
          .hasMessage("token file 't.csv': record on line 1; parse error on line 2, column 5: extraneous or missing \" in quoted-field");
    }

    @Test
    void columnsCountBytesNotCharacters() {
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", "é\"x,u,1\n"))
          .isInstanceOf(TokenFileException.class)
          .hasMessageEndingWith("parse error on line 1, column 3: bare \" in non-quoted-field");
    }

    @Test
    void anEmptyFileDefinesNoTokens() {
      assertThat(TokenFileAuthenticator.fromCsv("t.csv", "").size()).isZero();
      assertThat(TokenFileAuthenticator.fromCsv("t.csv", "\n\r\n\n").size()).isZero();
    }
  }

  @Nested
  class Secrets {
    private static final String SECRET = "s3cr3t-Tok3n-do-not-print";

    @Test
    void tokensNeverAppearInToStringTracesOrErrors() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", SECRET + ",alice,1\n");
      assertThat(auth.toString()).doesNotContain(SECRET).isEqualTo("TokenFileAuthenticator[source=t.csv, tokens=1]");
      AuthnResult hit = auth.authenticateToken(SECRET, List.of());
      AuthnResult miss = auth.authenticateToken(SECRET + "x", List.of());
      assertThat(String.join("\n", hit.trace().lines()) + miss.trace().lines() + hit + miss).doesNotContain(SECRET);
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", SECRET + ",alice\n")).message().doesNotContain(SECRET);
      assertThatThrownBy(() -> TokenFileAuthenticator.fromCsv("t.csv", SECRET + "\",alice,1\n")).message().doesNotContain(SECRET);
    }

    @Test
    void garbageAndOversizedTokensAreSimplyUnknown() {
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("t.csv", "t1,u,1\n");
      assertThat(auth.authenticateToken("t1".repeat(500_000), List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(auth.authenticateToken("\u0000\uFFFF\uD83D\uDE00,;\"", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(auth.authenticateToken("T1", List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
    }

    @Test
    void aLongTokenFileStillLooksTokensUp() {
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < 20_000; i++) {
        csv.append("token-").append(i).append(",user-").append(i).append(",").append(i).append('\n');
      }
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromCsv("big.csv", csv.toString());
      assertThat(auth.size()).isEqualTo(20_000);
      assertThat(authenticated(auth, "token-19999").name()).isEqualTo("user-19999");
    }
  }

  @Nested
  class FromFiles {
    @TempDir Path dir;

    @Test
    void readsAFileAndNamesItInMessages() throws Exception {
      Path file = dir.resolve("tokens.csv");
      Files.writeString(file, "t1,alice,1,\"dev,ops\"\n", StandardCharsets.UTF_8);
      TokenFileAuthenticator auth = TokenFileAuthenticator.fromFile(file);
      assertThat(authenticated(auth, "t1")).isEqualTo(user("alice", "1", "dev", "ops"));
      assertThat(auth.source()).isEqualTo(file.toString());
    }

    @Test
    void aMissingFileIsOneLineNamingIt() {
      Path file = dir.resolve("missing.csv");
      assertThatThrownBy(() -> TokenFileAuthenticator.fromFile(file))
          .isInstanceOfSatisfying(TokenFileException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("token file '" + file + "' cannot be read: no such file");
            assertThat(e.upstreamError()).isEqualTo("open " + file + ": no such file or directory");
          });
    }

    @Test
    void invalidUtf8IsReadLikeGoWouldShowIt() throws Exception {
      Path file = dir.resolve("latin1.csv");
      Files.write(file, new byte[] {'t', '1', ',', 'J', (byte) 0xE9, 'r', ',', '1', '\n'});
      assertThat(authenticated(TokenFileAuthenticator.fromFile(file), "t1").name()).isEqualTo("J\uFFFDr");
    }
  }
}
