package dev.authlab.authn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a request comes from, as the API server sees it after authentication: a name, an optional uid,
 * groups and extra attributes. Kubernetes has no User object; these values exist only inside
 * credentials, so this record is all there is.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  public static final String ANONYMOUS = "system:anonymous";
  public static final String ALL_AUTHENTICATED = "system:authenticated";
  public static final String ALL_UNAUTHENTICATED = "system:unauthenticated";
  public static final String SYSTEM_PRIVILEGED_GROUP = "system:masters";

  public UserInfo {
    Objects.requireNonNull(name, "name");
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    extra.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    extra = Map.copyOf(copy);
  }

  /** A user with a name and groups, no uid or extra. */
  public static UserInfo of(String name, String... groups) {
    return new UserInfo(name, "", List.of(groups), Map.of());
  }

  public UserInfo withGroups(List<String> newGroups) {
    return new UserInfo(name, uid, newGroups, extra);
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
