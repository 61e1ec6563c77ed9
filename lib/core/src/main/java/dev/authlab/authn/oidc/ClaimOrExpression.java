package dev.authlab.authn.oidc;

import java.util.Objects;

/** The uid mapping: a {@code claim} or a CEL {@code expression}. */
public record ClaimOrExpression(String claim, String expression) {

  public ClaimOrExpression {
    claim = Objects.requireNonNullElse(claim, "");
    expression = Objects.requireNonNullElse(expression, "");
  }

  public static ClaimOrExpression none() {
    return new ClaimOrExpression("", "");
  }

  boolean isEmpty() {
    return claim.isEmpty() && expression.isEmpty();
  }
}
