package dev.authlab.labs.lab07_service_account_tokens;

import java.util.Objects;

/**
 * What {@link ServiceAccountTokens#validate} concludes (given; nothing to do here): the token is good
 * and names this service account, or it is not, and why.
 */
public sealed interface TokenVerdict permits TokenVerdict.Valid, TokenVerdict.Invalid {

  /** A good token for the service account {@code namespace/name} whose uid was {@code uid} when it was issued. */
  record Valid(String namespace, String name, String uid) implements TokenVerdict {
    public Valid {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
    }

    /** The user name the API server gives it: system:serviceaccount:NAMESPACE:NAME. */
    public String username() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }
  }

  /** Not a good token; {@code reason} says which check failed, in plain words. */
  record Invalid(String reason) implements TokenVerdict {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
