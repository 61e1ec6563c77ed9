package dev.authlab.authn.oidc;

import java.util.Objects;
import java.util.Optional;

/**
 * Username or groups mapping: a {@code claim} with a {@code prefix} (required when the claim is set;
 * upstream's pointer, so "absent" and "" differ) or a CEL {@code expression}.
 */
public record PrefixedClaimOrExpression(String claim, Optional<String> prefix, String expression) {

  public PrefixedClaimOrExpression {
    claim = Objects.requireNonNullElse(claim, "");
    prefix = Objects.requireNonNullElse(prefix, Optional.empty());
    expression = Objects.requireNonNullElse(expression, "");
  }

  public static PrefixedClaimOrExpression none() {
    return new PrefixedClaimOrExpression("", Optional.empty(), "");
  }

  public static PrefixedClaimOrExpression claim(String claim, String prefix) {
    return new PrefixedClaimOrExpression(claim, Optional.of(prefix), "");
  }

  public static PrefixedClaimOrExpression expression(String expression) {
    return new PrefixedClaimOrExpression("", Optional.empty(), expression);
  }

  boolean isEmpty() {
    return claim.isEmpty() && prefix.isEmpty() && expression.isEmpty();
  }
}
