package dev.authlab.authn.oidc;

import java.util.Objects;

/**
 * A claim validation rule: either {@code claim} + {@code requiredValue} (the claim must be a string
 * equal to the value) or a CEL {@code expression} over {@code claims} that must be true, with an
 * optional {@code message}.
 */
public record ClaimValidationRule(String claim, String requiredValue, String expression, String message) {

  public ClaimValidationRule {
    claim = Objects.requireNonNullElse(claim, "");
    requiredValue = Objects.requireNonNullElse(requiredValue, "");
    expression = Objects.requireNonNullElse(expression, "");
    message = Objects.requireNonNullElse(message, "");
  }

  public static ClaimValidationRule required(String claim, String value) {
    return new ClaimValidationRule(claim, value, "", "");
  }

  public static ClaimValidationRule expression(String expression, String message) {
    return new ClaimValidationRule("", "", expression, message);
  }
}
