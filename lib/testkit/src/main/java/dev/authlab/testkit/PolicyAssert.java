package dev.authlab.testkit;

import dev.authlab.authz.rbac.RbacPolicy;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an RBAC policy. Pick a subject with {@link #as(Subject)}, then say what it can and
 * cannot do: {@code assertThat(policy).as(user("jane").inGroups("dev")).can("get", "pods").in("team-a")}.
 * AssertJ's own {@code as(String, Object...)} still sets the assertion's description.
 */
public class PolicyAssert extends AbstractAssert<PolicyAssert, RbacPolicy> {

  public PolicyAssert(RbacPolicy actual) {
    super(actual, PolicyAssert.class);
  }

  /** Checks about what this subject may do under the policy (the user `kubectl --as` would get). */
  public SubjectAccessAssert as(Subject subject) {
    isNotNull();
    SubjectAccessAssert assertion = new SubjectAccessAssert(actual, subject);
    if (info.hasDescription()) {
      assertion.describedAs(info.description());
    }
    return assertion;
  }
}
