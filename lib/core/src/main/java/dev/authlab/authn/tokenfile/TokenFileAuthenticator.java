package dev.authlab.authn.tokenfile;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * kube-apiserver's {@code --token-auth-file}: a CSV file read once at start-up, one static bearer
 * token per record: {@code token,user,uid[,"group1,group2"]}.
 *
 * <p>Parsing follows upstream exactly (Go's encoding/csv with a variable number of fields): no comment
 * lines ({@code #} starts an ordinary record), no trimming, quotes only at the very start of a field,
 * blank lines skipped. A record needs at least three fields; the fourth is split on every comma with
 * no trimming (so {@code "a, b"} gives the groups {@code a} and {@code " b"}, and an empty fourth
 * field gives one empty group); fields after the fourth are ignored. A record with an empty token is
 * skipped with a warning; for a duplicate token the later record wins, also with a warning.
 *
 * <p>An unknown token is not an error here: the token authenticator has no opinion, and the bearer
 * token authenticator turns "nobody knew it" into {@code invalid bearer token}.
 *
 * <p>Tokens are kept only as SHA-256 digests: the lookup is by digest and the final comparison is
 * {@link MessageDigest#isEqual}, so neither the map nor the timing of a miss says anything about the
 * stored tokens, and no token can leak through {@link #toString()}, a trace or an exception.
 */
public final class TokenFileAuthenticator implements TokenAuthenticator {

  private final String source;
  private final Map<ByteBuffer, Entry> entries;
  private final List<String> warnings;

  /** A user known by the digest of its token, and the record it came from. */
  private record Entry(byte[] digest, UserInfo user, int record, int line) {}

  private TokenFileAuthenticator(String source, Map<ByteBuffer, Entry> entries, List<String> warnings) {
    this.source = source;
    this.entries = Map.copyOf(entries);
    this.warnings = List.copyOf(warnings);
  }

  /** Reads and parses a token file; any problem is a {@link TokenFileException} naming the file. */
  public static TokenFileAuthenticator fromFile(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TokenFileException(
          "token file '" + source + "' cannot be read: no such file", source, OptionalInt.empty(), "open " + source + ": no such file or directory");
    } catch (AccessDeniedException e) {
      throw new TokenFileException(
          "token file '" + source + "' cannot be read: permission denied", source, OptionalInt.empty(), "open " + source + ": permission denied");
    } catch (IOException e) {
      throw new TokenFileException(
          "token file '" + source + "' cannot be read: " + e.getClass().getSimpleName(), source, OptionalInt.empty(), "read " + source + ": " + e.getClass().getSimpleName());
    }
    return parse(source, bytes);
  }

  /** Parses token-file content held in memory; {@code sourceName} stands in for the file name in messages. */
  public static TokenFileAuthenticator fromCsv(String sourceName, String csv) {
    return parse(sourceName, csv.getBytes(StandardCharsets.UTF_8));
  }

  private static TokenFileAuthenticator parse(String source, byte[] content) {
    List<GoCsv.Row> rows;
    try {
      rows = GoCsv.readAll(content);
    } catch (GoCsv.ParseError e) {
      // kube-apiserver prints the csv error alone; we add the file so the reader knows where to look.
      throw new TokenFileException("token file '" + source + "': " + e.getMessage(), source, OptionalInt.of(e.startLine()), e.getMessage());
    }
    Map<ByteBuffer, Entry> entries = new HashMap<>();
    List<String> warnings = new ArrayList<>();
    int recordNumber = 0;
    for (GoCsv.Row row : rows) {
      List<String> fields = row.fields();
      if (fields.size() < 3) {
        String upstream = "token file '" + source + "' must have at least 3 columns (token, user name, user uid), found " + fields.size();
        throw new TokenFileException(upstream + " (record on line " + row.line() + ")", source, OptionalInt.of(row.line()), upstream);
      }
      recordNumber++; // upstream counts records only after the column check
      String token = fields.get(0);
      if (token.isEmpty()) {
        warnings.add("empty token has been found in token file '" + source + "', record number '" + recordNumber + "'");
        continue;
      }
      List<String> groups = fields.size() >= 4 ? Arrays.asList(fields.get(3).split(",", -1)) : List.of();
      UserInfo user = new UserInfo(fields.get(1), fields.get(2), groups, Map.of());
      byte[] digest = sha256(token);
      if (entries.containsKey(ByteBuffer.wrap(digest))) {
        warnings.add("duplicate token has been found in token file '" + source + "', record number '" + recordNumber + "'");
      }
      entries.put(ByteBuffer.wrap(digest), new Entry(digest, user, recordNumber, row.line()));
    }
    return new TokenFileAuthenticator(source, entries, warnings);
  }

  @Override
  public String name() {
    return "token-file";
  }

  /** The file the tokens came from (or the source name given to {@link #fromCsv}). */
  public String source() {
    return source;
  }

  /** How many distinct tokens the file defines. */
  public int size() {
    return entries.size();
  }

  /** The warnings kube-apiserver logs for this file (empty and duplicate tokens), in file order. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    byte[] digest = sha256(token);
    Entry entry = entries.get(ByteBuffer.wrap(digest));
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) {
      return AuthnResult.noOpinion(name(), "the token is not in token file '" + source + "'");
    }
    return AuthnResult.authenticated(
        name(), entry.user(), "the token matches record " + entry.record() + " (line " + entry.line() + ") of token file '" + source + "'");
  }

  @Override
  public String toString() {
    return "TokenFileAuthenticator[source=" + source + ", tokens=" + entries.size() + "]";
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
