package dev.authlab.authn.tokenfile;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One line of a token file: a bearer token and the user it stands for. Built for notebooks and labs,
 * so it refuses values kube-apiserver would accept but nobody could use: an empty token (skipped by
 * upstream), a token a client cannot send in an {@code Authorization: Bearer} header, a group holding
 * a comma (upstream splits the group column on commas), line breaks anywhere.
 *
 * <p>{@link #toString()} shows a short SHA-256 fingerprint instead of the token.
 */
public record StaticToken(String token, String user, String uid, List<String> groups) {

  public StaticToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(user, "user");
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    if (token.isEmpty()) {
      throw new IllegalArgumentException("static token for user '" + user + "': the token is empty (kube-apiserver skips such lines)");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c == 0x7f || c > 0x7e) {
        throw new IllegalArgumentException(
            "static token for user '" + user + "': the token must be printable ASCII without spaces, or clients cannot send it as a bearer token");
      }
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException("static token: the user name is empty");
    }
    requireSingleLine("user name", user, user);
    requireSingleLine("uid", uid, user);
    for (String group : groups) {
      requireSingleLine("group", group, user);
      if (group.isEmpty()) {
        throw new IllegalArgumentException("static token for user '" + user + "': a group name is empty");
      }
      if (group.contains(",")) {
        throw new IllegalArgumentException(
            "static token for user '" + user + "': group '" + group + "' contains a comma, and the token file splits groups on commas");
      }
    }
  }

  /** A token for a user with the given groups and no uid. */
  public static StaticToken of(String token, String user, String... groups) {
    return new StaticToken(token, user, "", List.of(groups));
  }

  /** A fresh random token (32 random bytes, hex) for a user. */
  public static StaticToken random(String user, String uid, List<String> groups) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new StaticToken(HexFormat.of().formatHex(bytes), user, uid, groups);
  }

  /** A short, non-reversible fingerprint of the token, for display. */
  public String fingerprint() {
    return "sha256:" + HexFormat.of().formatHex(TokenFileAuthenticator.sha256(token)).substring(0, 8);
  }

  /** This token as one CSV line (no line break), quoted as Go's csv writer would. */
  public String toCsvLine() {
    StringBuilder line = new StringBuilder()
        .append(GoCsv.quote(token)).append(',')
        .append(GoCsv.quote(user)).append(',')
        .append(GoCsv.quote(uid));
    if (!groups.isEmpty()) {
      line.append(',').append(GoCsv.quote(String.join(",", groups)));
    }
    return line.toString();
  }

  @Override
  public String toString() {
    return "StaticToken[token=" + fingerprint() + ", user=" + user + ", uid=" + uid + ", groups=" + groups + "]";
  }

  private static void requireSingleLine(String what, String value, String user) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("static token for user '" + user.replaceAll("[\r\n]", " ") + "': the " + what + " contains a line break");
    }
  }
}
