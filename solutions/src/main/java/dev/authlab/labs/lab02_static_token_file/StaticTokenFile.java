package dev.authlab.labs.lab02_static_token_file;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lab 02: kube-apiserver's {@code --token-auth-file}, parsed by you (notebook 02). The file is CSV,
 * one record per line:
 *
 * <pre>
 * token,user,uid
 * token,user,uid,group
 * token,user,uid,"group1,group2"
 * </pre>
 *
 * Read it as literally as the API server does:
 *
 * <ul>
 *   <li>fields are separated by commas; a field that starts with {@code "} is quoted: it ends at the
 *       next lone {@code "}, may contain commas, and {@code ""} inside it stands for one {@code "};
 *   <li>nothing is trimmed, and there are no comments ({@code #} starts an ordinary record);
 *   <li>blank lines are skipped; a record whose token is empty is skipped too;
 *   <li>a record needs at least three fields: fewer is an error, and the API server refuses to start,
 *       so throw an {@link IllegalArgumentException} whose message names the line ({@code "line 3"});
 *   <li>the optional fourth field is split on every comma into the groups (no fourth field: no
 *       groups); fields after the fourth are ignored;
 *   <li>when a token appears twice, the later record wins.
 * </ul>
 *
 * A token that is not in the file is not an error for this authenticator: it has no opinion (another
 * authenticator may know the token). The checks compare your users with the kit's
 * {@code dev.authlab.authn.tokenfile.TokenFileAuthenticator}, then with a real API server started with
 * the same file, so do the parsing yourself: code that uses the kit's token-file classes does not pass.
 */
public final class StaticTokenFile implements TokenAuthenticator {

  private final Map<String, UserInfo> users;

  private StaticTokenFile(Map<String, UserInfo> users) {
    this.users = Map.copyOf(users);
  }

  /**
   * Parses the content of a token file.
   *
   * @throws IllegalArgumentException for a record with fewer than three fields, naming its line
   */
  public static StaticTokenFile parse(String csv) {
    Map<String, UserInfo> users = new HashMap<>();
    String[] lines = csv.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = fields(line, number);
      if (fields.size() < 3) {
        throw new IllegalArgumentException(
            "token file, line " + number + ": a record needs at least 3 columns (token, user name, uid), found " + fields.size());
      }
      String token = fields.get(0);
      if (token.isEmpty()) {
        continue; // the API server skips it with a warning
      }
      List<String> groups = fields.size() > 3 ? List.of(fields.get(3).split(",", -1)) : List.of();
      // put, not putIfAbsent: a later record for the same token replaces the earlier one
      users.put(token, new UserInfo(fields.get(1), fields.get(2), groups, Map.of()));
    }
    return new StaticTokenFile(users);
  }

  /** The fields of one line: split on commas, except inside a field that starts with a quote. */
  private static List<String> fields(String line, int number) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      StringBuilder field = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          int quote = line.indexOf('"', i);
          if (quote < 0) {
            throw new IllegalArgumentException("token file, line " + number + ": a quoted field is not closed");
          }
          field.append(line, i, quote);
          i = quote + 1;
          if (i < line.length() && line.charAt(i) == '"') {
            field.append('"'); // "" inside quotes is one quote
            i++;
          } else {
            break;
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("token file, line " + number + ": text after the closing quote of a field");
        }
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? line.length() : comma;
        field.append(line, i, end);
        i = end;
      }
      fields.add(field.toString());
      if (i >= line.length()) {
        return fields;
      }
      i++; // past the comma
    }
  }

  @Override
  public String name() {
    return "static-token-file";
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    UserInfo user = users.get(token);
    if (user == null) {
      return AuthnResult.noOpinion(name(), "the token is not in the file");
    }
    return AuthnResult.authenticated(name(), user, "the token is in the file");
  }
}
