package dev.authlab.authn.oidc;

import java.util.Objects;

/** A CEL {@code expression} over {@code user} (username, uid, groups, extra) that must be true. */
public record UserValidationRule(String expression, String message) {

  public UserValidationRule {
    expression = Objects.requireNonNullElse(expression, "");
    message = Objects.requireNonNullElse(message, "");
  }
}
