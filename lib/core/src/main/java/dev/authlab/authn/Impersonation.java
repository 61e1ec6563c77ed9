package dev.authlab.authn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user the API server acts as when a request carries Impersonate-User / Impersonate-Group
 * headers (kubectl --as / --as-group). Upstream's filter fills in groups the same way every time:
 * a service account username with no groups gets its service account groups; everyone but
 * system:anonymous gets system:authenticated unless system:authenticated or system:unauthenticated
 * was asked for; system:anonymous gets system:unauthenticated.
 */
public final class Impersonation {

  private Impersonation() {}

  /**
   * The impersonated user. Groups (or extra) without a user is an error upstream ("requested …
   * without impersonating a user"); callers check that before, with their own flag names.
   */
  public static UserInfo userFor(String username, List<String> requestedGroups, Map<String, List<String>> extra) {
    List<String> groups = new ArrayList<>(requestedGroups);
    if (requestedGroups.isEmpty()) {
      ServiceAccountNames.parse(username).ifPresent(sa -> groups.addAll(ServiceAccountNames.groups(sa.namespace())));
    }
    if (!username.equals(UserInfo.ANONYMOUS)) {
      if (!groups.contains(UserInfo.ALL_AUTHENTICATED) && !groups.contains(UserInfo.ALL_UNAUTHENTICATED)) {
        groups.add(UserInfo.ALL_AUTHENTICATED);
      }
    } else if (!groups.contains(UserInfo.ALL_UNAUTHENTICATED)) {
      groups.add(UserInfo.ALL_UNAUTHENTICATED);
    }
    return new UserInfo(username, "", groups, extra);
  }
}
