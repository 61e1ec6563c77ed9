package dev.authlab.labs.lab02_static_token_file;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
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
    // TODO(lab 02): go through the lines (numbered from 1), skip blank ones, split each into fields
    //   (mind quoted fields), check there are at least 3, and map token -> user (name, uid, groups).
    throw new UnsupportedOperationException("TODO(lab 02): parse the token file in StaticTokenFile.parse");
  }

  @Override
  public String name() {
    return "static-token-file";
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    // TODO(lab 02): a known token is AuthnResult.authenticated(name(), user, why);
    //   an unknown one is AuthnResult.noOpinion(name(), why).
    throw new UnsupportedOperationException("TODO(lab 02): look the token up in StaticTokenFile.authenticateToken");
  }
}
