package dev.authlab.testkit;

import dev.authlab.authn.Impersonation;
import dev.authlab.authn.ServiceAccountNames;
import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who a check is about, as `kubectl --as USER --as-group GROUP` names it. {@link #userInfo()} is the
 * user the API server acts as when impersonating it (service accounts get their groups, everyone but
 * system:anonymous gets system:authenticated), so a check answers what `kubectl auth can-i --as` would.
 *
 * <p>{@link #group(String)} has no user of its own: the API server refuses to impersonate groups
 * without a user, so it stands for "any member of the group" — a user no binding names, holding that
 * group. Its checks see what the group's bindings (and system:authenticated's) grant, nothing a
 * particular member gets by name.
 *
 * @param user the username (for {@link #group(String)}: a placeholder no binding is expected to name)
 * @param groups the groups asked for with --as-group; empty means none (service accounts then get theirs)
 * @param anyMemberOfGroup whether this subject stands for any member of its groups rather than a user
 */
public record Subject(String user, List<String> groups, boolean anyMemberOfGroup) {

  /** The placeholder username of {@link #group(String)} subjects. */
  public static final String ANY_MEMBER_PREFIX = "authlab:any-member-of:";

  public Subject {
    Objects.requireNonNull(user, "user");
    groups = List.copyOf(groups);
    if (user.isEmpty()) {
      throw new IllegalArgumentException("a subject needs a user name (kubectl --as)");
    }
  }

  /** A user by name, e.g. {@code user("jane")} or {@code user("system:serviceaccount:team-a:ci")}. */
  public static Subject user(String name) {
    return new Subject(name, List.of(), false);
  }

  /** The service account {@code namespace/name}: user system:serviceaccount:NS:NAME with its groups. */
  public static Subject serviceAccount(String namespace, String name) {
    return new Subject(ServiceAccountNames.username(namespace, name), List.of(), false);
  }

  /** Any member of a group: a user no binding names, in this group (see the class comment). */
  public static Subject group(String group) {
    return new Subject(ANY_MEMBER_PREFIX + group, List.of(group), true);
  }

  /** The same user with these groups as well, as --as-group adds them. */
  public Subject inGroups(String... more) {
    List<String> all = new ArrayList<>(groups);
    all.addAll(List.of(more));
    return new Subject(user, all, anyMemberOfGroup);
  }

  /** The user the API server would act as. */
  public UserInfo userInfo() {
    return Impersonation.userFor(user, groups, Map.of());
  }

  /** For messages: {@code user "jane" (groups ["dev" "system:authenticated"])}. */
  public String describe() {
    UserInfo info = userInfo();
    if (anyMemberOfGroup) {
      return "any member of group " + quote(groups.get(0)) + " (groups " + quoteAll(info.groups()) + ")";
    }
    return "user " + quote(user) + " (groups " + quoteAll(info.groups()) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }

  static String quote(String s) {
    return dev.authlab.gofmt.GoStrings.quote(s);
  }

  static String quoteAll(List<String> values) {
    return dev.authlab.gofmt.GoStrings.quoteAll(values);
  }
}
