package dev.authlab.labs.lab04_webhook;

import dev.authlab.authn.UserInfo;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The webhook's own records (given; nothing to do here): the tokens it issued and who holds each,
 * and the tokens it has revoked with the reason. A real token service would keep these in a
 * database; Kubernetes never sees them, it only asks the webhook about one token at a time.
 *
 * @param users token to the user it belongs to
 * @param revoked token to the reason it was revoked (e.g. "token revoked: laptop reported stolen")
 */
public record TokenDirectory(Map<String, UserInfo> users, Map<String, String> revoked) {

  public TokenDirectory {
    users = Map.copyOf(users);
    revoked = Map.copyOf(revoked);
    for (String token : revoked.keySet()) {
      if (users.containsKey(token)) {
        throw new IllegalArgumentException("a token cannot be both active and revoked");
      }
    }
  }

  /** The user holding this token, if it is an active token of ours. */
  public Optional<UserInfo> user(String token) {
    return Optional.ofNullable(users.get(Objects.requireNonNull(token, "token")));
  }

  /** Why this token was revoked, if it is one of ours that was revoked. */
  public Optional<String> revocationReason(String token) {
    return Optional.ofNullable(revoked.get(Objects.requireNonNull(token, "token")));
  }
}
