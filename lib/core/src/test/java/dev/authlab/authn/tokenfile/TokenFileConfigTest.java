package dev.authlab.authn.tokenfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileConfigTest {

  @TempDir Path dir;

  private final TokenFileConfig config = new TokenFileConfig(List.of(
      StaticToken.of("admin-token", "admin", "system:masters"),
      new StaticToken("dev-token", "Smith, John", "uid,1", List.of("dev", "ops team", " leading-space")),
      new StaticToken("plain-token", "bob", "", List.of()),
      new StaticToken("quote-token", "\"Q\" O'Neil", "7", List.of("管理者"))));

  @Test
  void writesTheCsvQuotedAsGosCsvWriterWould() {
    assertThat(config.toCsv()).isEqualTo(
        "admin-token,admin,,system:masters\n"
            + "dev-token,\"Smith, John\",\"uid,1\",\"dev,ops team, leading-space\"\n"
            + "plain-token,bob,\n"
            + "quote-token,\"\"\"Q\"\" O'Neil\",7,管理者\n");
  }

  @Test
  void theWrittenFileAuthenticatesEveryTokenAsConfigured() {
    List<String> flags = config.writeApiServerConfig(dir);
    Path file = dir.toAbsolutePath().resolve("tokens.csv");
    assertThat(flags).containsExactly("--token-auth-file=" + file);
    TokenFileAuthenticator fromFile = TokenFileAuthenticator.fromFile(file);
    for (StaticToken token : config.tokens()) {
      AuthnResult result = fromFile.authenticateToken(token.token(), List.of());
      assertThat(((AuthnResult.Authenticated) result).user())
          .isEqualTo(new UserInfo(token.user(), token.uid(), token.groups(), Map.of()));
      assertThat(config.authenticator().authenticateToken(token.token(), List.of())).isEqualTo(
          config.authenticator().authenticateToken(token.token(), List.of()));
    }
    assertThat(fromFile.warnings()).isEmpty();
  }

  @Test
  void theFileIsReadableByItsOwnerOnly() throws Exception {
    config.writeApiServerConfig(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens.csv")))).isEqualTo("rw-------");
  }

  @Test
  void printingTheConfigShowsFingerprintsNotTokens() {
    assertThat(config.toString()).doesNotContain("admin-token", "dev-token", "plain-token", "quote-token").contains("sha256:");
    StaticToken token = StaticToken.of("admin-token", "admin");
    assertThat(token.toString()).isEqualTo("StaticToken[token=" + token.fingerprint() + ", user=admin, uid=, groups=[]]");
    assertThat(token.fingerprint()).matches("sha256:[0-9a-f]{8}");
  }

  @Test
  void randomTokensAreLongAndDistinct() {
    StaticToken a = StaticToken.random("alice", "1", List.of("dev"));
    StaticToken b = StaticToken.random("alice", "1", List.of("dev"));
    assertThat(a.token()).hasSize(64).isNotEqualTo(b.token());
    assertThat(TokenFileConfig.of(a, b).authenticator().size()).isEqualTo(2);
  }

  @Test
  void refusesTokensNobodyCouldUse() {
    assertThatThrownBy(() -> StaticToken.of("", "alice"))
        .hasMessage("static token for user 'alice': the token is empty (kube-apiserver skips such lines)");
    assertThatThrownBy(() -> StaticToken.of("has space", "alice"))
        .hasMessage("static token for user 'alice': the token must be printable ASCII without spaces, or clients cannot send it as a bearer token");
    assertThatThrownBy(() -> StaticToken.of("tøken", "alice")).hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> StaticToken.of("t", "")).hasMessage("static token: the user name is empty");
    assertThatThrownBy(() -> StaticToken.of("t", "alice", "a,b"))
        .hasMessage("static token for user 'alice': group 'a,b' contains a comma, and the token file splits groups on commas");
    assertThatThrownBy(() -> StaticToken.of("t", "alice", "")).hasMessage("static token for user 'alice': a group name is empty");
    assertThatThrownBy(() -> StaticToken.of("t", "two\nlines")).hasMessage("static token for user 'two lines': the user name contains a line break");
    assertThatThrownBy(() -> TokenFileConfig.of(StaticToken.of("same", "a"), StaticToken.of("same", "b")))
        .hasMessageStartingWith("token file config: token sha256:")
        .hasMessageEndingWith(" is listed twice (kube-apiserver would keep only the last one)")
        .message().doesNotContain("same,");
  }
}
