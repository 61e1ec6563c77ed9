package dev.authlab.authz;

import java.util.Objects;

/**
 * An authorizer's answer. Upstream's three outcomes: allow, deny, and no opinion (let the next
 * authorizer decide). Each carries the reason string upstream would report (often empty) and an
 * explanation for people.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.NoOpinion {

  String reason();

  Explanation explanation();

  default boolean isAllowed() {
    return this instanceof Allow;
  }

  record Allow(String reason, Explanation explanation) implements Decision {
    public Allow {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  record Deny(String reason, Explanation explanation) implements Decision {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  record NoOpinion(String reason, Explanation explanation) implements Decision {
    public NoOpinion {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  static Decision allow(String reason) {
    return new Allow(reason, Explanation.of(reason));
  }

  static Decision deny(String reason) {
    return new Deny(reason, Explanation.of(reason));
  }

  static Decision noOpinion(String reason) {
    return new NoOpinion(reason, Explanation.of(reason.isEmpty() ? "no opinion" : reason));
  }
}
