package dev.authlab.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds system:authenticated to every user the wrapped authenticator accepts, except
 * system:anonymous and users that already carry system:authenticated or system:unauthenticated.
 */
public final class AuthenticatedGroupAdder implements Authenticator {

  private final Authenticator delegate;

  public AuthenticatedGroupAdder(Authenticator delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "authenticated-group-adder";
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    AuthnResult result = delegate.authenticate(request);
    if (!(result instanceof AuthnResult.Authenticated authenticated)) {
      return result;
    }
    UserInfo user = authenticated.user();
    if (user.name().equals(UserInfo.ANONYMOUS)
        || user.groups().contains(UserInfo.ALL_AUTHENTICATED)
        || user.groups().contains(UserInfo.ALL_UNAUTHENTICATED)) {
      return authenticated;
    }
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.ALL_AUTHENTICATED);
    return authenticated
        .withUser(user.withGroups(groups))
        .withTrace(authenticated.trace().then(name(), Trace.Verdict.NOTE, "added group system:authenticated"));
  }
}
