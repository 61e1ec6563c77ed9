package dev.authlab.testkit;

import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.Explanation;
import dev.authlab.authz.rbac.RbacExplanation;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an authorizer's {@link Decision}; failures print the decision's explanation. */
public class DecisionAssert extends AbstractAssert<DecisionAssert, Decision> {

  public DecisionAssert(Decision actual) {
    super(actual, DecisionAssert.class);
  }

  public DecisionAssert isAllowed() {
    isNotNull();
    if (!actual.isAllowed()) {
      failWithMessage("%s", "Expected Allow, got " + verdict(actual) + reasonText() + why());
    }
    return myself;
  }

  /**
   * Not allowed, as the client sees it (a 403): an explicit deny or no opinion from every authorizer.
   * RBAC never denies, so an RBAC refusal is no opinion; see {@link #isExplicitlyDenied()}.
   */
  public DecisionAssert isDenied() {
    return isNotAllowed();
  }

  /** Same as {@link #isDenied()}. */
  public DecisionAssert isNotAllowed() {
    isNotNull();
    if (actual.isAllowed()) {
      failWithMessage("%s", "Expected not allowed, got Allow" + reasonText() + why());
    }
    return myself;
  }

  /** An explicit Deny (e.g. from a webhook or AlwaysDeny), not merely no opinion. */
  public DecisionAssert isExplicitlyDenied() {
    isNotNull();
    if (!(actual instanceof Decision.Deny)) {
      failWithMessage("%s", "Expected Deny, got " + verdict(actual) + reasonText() + why());
    }
    return myself;
  }

  public DecisionAssert hasNoOpinion() {
    isNotNull();
    if (!(actual instanceof Decision.NoOpinion)) {
      failWithMessage("%s", "Expected NoOpinion, got " + verdict(actual) + reasonText() + why());
    }
    return myself;
  }

  /**
   * Allowed through this binding: its short name ("RoleBinding team-a/devs", "ClusterRoleBinding
   * view-all") or upstream's wording (ClusterRoleBinding "x" of ClusterRole "y" to Group "z").
   */
  public DecisionAssert grantedBy(String binding) {
    isAllowed();
    Optional<RbacExplanation.Granted> granted = granted(actual.explanation());
    if (granted.isEmpty()) {
      failWithMessage("%s", "Expected Allow granted by " + binding + ", but no RBAC binding granted it" + reasonText() + why());
    } else if (!granted.get().binding().shortName().equals(binding) && !granted.get().binding().describe().equals(binding)) {
      failWithMessage(
          "%s", "Expected Allow granted by " + binding + ", but it was granted by " + granted.get().binding().shortName() + why());
    }
    return myself;
  }

  /** The RBAC grant inside an explanation, looking through an authorizer chain. */
  static Optional<RbacExplanation.Granted> granted(Explanation explanation) {
    if (explanation instanceof RbacExplanation.Granted g) {
      return Optional.of(g);
    }
    if (explanation instanceof AuthorizerChain.ChainExplanation chain) {
      for (AuthorizerChain.Step step : chain.steps()) {
        Optional<RbacExplanation.Granted> found = granted(step.decision().explanation());
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private String reasonText() {
    return actual.reason().isEmpty() ? "" : " (reason: " + actual.reason() + ")";
  }

  private String why() {
    List<String> lines = Access.decidingLines(actual);
    if (lines.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(System.lineSeparator()).append("Why:");
    for (String line : lines) {
      out.append(System.lineSeparator()).append("  ").append(line);
    }
    return out.toString();
  }

  private static String verdict(Decision decision) {
    if (decision instanceof Decision.Allow) {
      return "Allow";
    }
    return decision instanceof Decision.Deny ? "Deny" : "NoOpinion";
  }
}
