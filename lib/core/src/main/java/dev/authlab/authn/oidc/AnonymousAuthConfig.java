package dev.authlab.authn.oidc;

import dev.authlab.authn.AnonymousAuthenticator;
import java.util.List;
import java.util.Optional;

/**
 * AuthenticationConfiguration.anonymous: whether anonymous requests are allowed and, optionally, only
 * to these exact paths.
 */
public record AnonymousAuthConfig(boolean enabled, List<Condition> conditions) {

  /** One allowed path. */
  public record Condition(String path) {
    public Condition {
      path = path == null ? "" : path;
    }
  }

  public AnonymousAuthConfig {
    conditions = List.copyOf(conditions);
  }

  /** The anonymous authenticator this configures, or empty when anonymous requests are disabled. */
  public Optional<AnonymousAuthenticator> authenticator() {
    if (!enabled) {
      return Optional.empty();
    }
    if (conditions.isEmpty()) {
      return Optional.of(AnonymousAuthenticator.anyPath());
    }
    return Optional.of(AnonymousAuthenticator.onlyPaths(conditions.stream().map(Condition::path).toList()));
  }
}
