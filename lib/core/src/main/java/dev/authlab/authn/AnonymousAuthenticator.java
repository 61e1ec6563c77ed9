package dev.authlab.authn;

import java.util.List;

/**
 * --anonymous-auth: a request nobody authenticated becomes system:anonymous in the group
 * system:unauthenticated. With conditions (AuthenticationConfiguration's anonymous.conditions),
 * only for the listed paths.
 */
public final class AnonymousAuthenticator implements Authenticator {

  private final List<String> paths;

  private AnonymousAuthenticator(List<String> paths) {
    this.paths = List.copyOf(paths);
  }

  /** Anonymous requests allowed to any path. */
  public static AnonymousAuthenticator anyPath() {
    return new AnonymousAuthenticator(List.of());
  }

  /** Anonymous requests allowed only to these exact paths (e.g. /healthz, /readyz, /livez). */
  public static AnonymousAuthenticator onlyPaths(List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("anonymous conditions need at least one path");
    }
    return new AnonymousAuthenticator(paths);
  }

  public List<String> paths() {
    return paths;
  }

  @Override
  public String name() {
    return "anonymous";
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    if (!paths.isEmpty() && !paths.contains(request.path())) {
      return AuthnResult.noOpinion(name(), "anonymous requests are only allowed to " + paths);
    }
    UserInfo anonymous = UserInfo.of(UserInfo.ANONYMOUS, UserInfo.ALL_UNAUTHENTICATED);
    return AuthnResult.authenticated(name(), anonymous, "no credentials; anonymous requests are enabled");
  }
}
