package dev.authlab.testkit;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacPolicy;

/**
 * The testkit's entry point: {@code import static dev.authlab.testkit.AuthlabAssertions.*;} gives the
 * {@code assertThat} overloads and the subject factories, so a test reads
 * {@code assertThat(policy).as(user("jane").inGroups("dev")).can("get", "pods").in("team-a")}.
 */
public class AuthlabAssertions {

  protected AuthlabAssertions() {}

  public static PolicyAssert assertThat(RbacPolicy policy) {
    return new PolicyAssert(policy);
  }

  public static DecisionAssert assertThat(Decision decision) {
    return new DecisionAssert(decision);
  }

  public static AuthenticatorAssert assertThat(Authenticator authenticator) {
    return new AuthenticatorAssert(authenticator);
  }

  public static AuthnResultAssert assertThat(AuthnResult result) {
    return new AuthnResultAssert(result);
  }

  public static UserInfoAssert assertThat(UserInfo user) {
    return new UserInfoAssert(user);
  }

  /** {@link Subject#user(String)}. */
  public static Subject user(String name) {
    return Subject.user(name);
  }

  /** {@link Subject#serviceAccount(String, String)}. */
  public static Subject serviceAccount(String namespace, String name) {
    return Subject.serviceAccount(namespace, name);
  }

  /** {@link Subject#group(String)}: any member of the group. */
  public static Subject group(String group) {
    return Subject.group(group);
  }
}
