package dev.authlab.testkit;

import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an authenticated user. Reached from {@link AuthenticatorAssert#authenticates} (then
 * failures also print the authentication trace) or directly with {@code assertThat(userInfo)}.
 */
public class UserInfoAssert extends AbstractAssert<UserInfoAssert, UserInfo> {

  private final List<String> trace;

  public UserInfoAssert(UserInfo actual) {
    this(actual, List.of());
  }

  UserInfoAssert(UserInfo actual, List<String> trace) {
    super(actual, UserInfoAssert.class);
    this.trace = List.copyOf(trace);
  }

  /** The username is exactly this. */
  public UserInfoAssert asUser(String name) {
    isNotNull();
    if (!actual.name().equals(name)) {
      fail("Expected user " + Subject.quote(name) + ", got " + Subject.quote(actual.name()));
    }
    return myself;
  }

  /** Same as {@link #asUser(String)}. */
  public UserInfoAssert hasName(String name) {
    return asUser(name);
  }

  /** The user is in every one of these groups (and maybe others, such as system:authenticated). */
  public UserInfoAssert withGroups(String... groups) {
    isNotNull();
    List<String> missing = new ArrayList<>();
    for (String group : groups) {
      if (!actual.groups().contains(group)) {
        missing.add(group);
      }
    }
    if (!missing.isEmpty()) {
      fail("Expected user " + Subject.quote(actual.name()) + " to be in groups " + Subject.quoteAll(List.of(groups))
          + ", but it is not in " + Subject.quoteAll(missing));
    }
    return myself;
  }

  /** The user's groups are exactly these, in any order. */
  public UserInfoAssert withOnlyGroups(String... groups) {
    isNotNull();
    List<String> expected = List.of(groups);
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual.groups());
    List<String> unexpected = new ArrayList<>(actual.groups());
    unexpected.removeAll(expected);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail("Expected user " + Subject.quote(actual.name()) + " to have exactly groups " + Subject.quoteAll(expected)
          + (missing.isEmpty() ? "" : System.lineSeparator() + "  missing: " + Subject.quoteAll(missing))
          + (unexpected.isEmpty() ? "" : System.lineSeparator() + "  unexpected: " + Subject.quoteAll(unexpected)));
    }
    return myself;
  }

  public UserInfoAssert withUid(String uid) {
    isNotNull();
    if (!actual.uid().equals(uid)) {
      fail("Expected uid " + Subject.quote(uid) + " for user " + Subject.quote(actual.name()) + ", got " + Subject.quote(actual.uid()));
    }
    return myself;
  }

  /** The user carries this extra key with exactly these values. */
  public UserInfoAssert withExtra(String key, String... values) {
    isNotNull();
    List<String> got = actual.extra().get(key);
    if (got == null || !got.equals(List.of(values))) {
      fail("Expected extra " + Subject.quote(key) + " = " + Subject.quoteAll(List.of(values)) + " for user " + Subject.quote(actual.name())
          + ", got " + (got == null ? "no such key" : Subject.quoteAll(got)));
    }
    return myself;
  }

  private void fail(String message) {
    StringBuilder out = new StringBuilder(message);
    out.append(System.lineSeparator()).append("  user: ").append(actual.name()).append(" groups=").append(Subject.quoteAll(actual.groups()));
    if (!trace.isEmpty()) {
      out.append(System.lineSeparator()).append("Trace:");
      for (String line : trace) {
        out.append(System.lineSeparator()).append("  ").append(line);
      }
    }
    failWithMessage("%s", out.toString());
  }
}
