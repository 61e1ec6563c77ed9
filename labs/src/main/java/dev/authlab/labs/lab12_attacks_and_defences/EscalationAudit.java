package dev.authlab.labs.lab12_attacks_and_defences;

import dev.authlab.authz.rbac.RbacPolicy;
import java.util.Set;

/**
 * Lab 12, part 1: an audit that lists who can get more power than they were given, and how.
 *
 * <p>Look at the policy the way an attacker with one of its credentials would: not "what was this
 * binding meant for" but "what does it let me ask for". The library answers "who can do X?" the way
 * {@code kubectl who-can} does: {@code new WhoCan(policy).find(attributes)} lists every subject of
 * every binding whose role allows the request, with the binding ({@code Grant.binding()}); the
 * built-in {@code system:masters} entry has no binding and is not a finding.
 */
public final class EscalationAudit {

  private EscalationAudit() {}

  /**
   * Every (subject, path) pair of the policy, for the paths {@link EscalationPath} defines. The
   * subject is the binding's subject as written ({@link SubjectRef#of}): a group's power is the
   * group's finding, not each member's. A subject with no path is not in the result; each pair is
   * there once.
   */
  public static Set<Finding> audit(RbacPolicy policy) {
    // TODO(lab 12): ask who can impersonate, escalate, bind and read secrets, then who can make pods next to a powerful service account
    throw new UnsupportedOperationException("TODO(lab 12): EscalationAudit.audit is not written yet");
  }
}
