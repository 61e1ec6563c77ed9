package dev.authlab.authz.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;

/** Whether the API server would accept a role or binding write from a user, and why. */
public sealed interface EscalationResult {

  String message();

  default boolean permitted() {
    return this instanceof Permitted || this instanceof NotApplicable;
  }

  /** The write is accepted: the reason says which check let it through. */
  record Permitted(String message) implements EscalationResult {}

  /** A 403: the message is the API server's, {@code missing} the rules the user does not hold. */
  record Forbidden(String message, List<PolicyRule> missing) implements EscalationResult {
    public Forbidden {
      missing = List.copyOf(missing);
    }
  }

  /** The write fails for another reason, e.g. a binding to a role that does not exist (404). */
  record Failed(String message) implements EscalationResult {}

  /** The object is not a role or binding, so no escalation check applies. */
  record NotApplicable(String message) implements EscalationResult {}
}
