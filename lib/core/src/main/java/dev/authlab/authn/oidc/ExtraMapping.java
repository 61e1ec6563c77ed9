package dev.authlab.authn.oidc;

import java.util.Objects;

/** An extra attribute: a domain-prefixed, lower-case {@code key} and a CEL {@code valueExpression}. */
public record ExtraMapping(String key, String valueExpression) {

  public ExtraMapping {
    key = Objects.requireNonNullElse(key, "");
    valueExpression = Objects.requireNonNullElse(valueExpression, "");
  }
}
