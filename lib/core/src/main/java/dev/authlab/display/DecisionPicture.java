package dev.authlab.display;

import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacExplanation;
import java.util.List;

/**
 * An authorization decision as a table: one row per authorizer asked, in order (the deciding one last
 * and bold), what each said and its explanation, then the outcome the client sees.
 */
public final class DecisionPicture {

  public static final String DEFAULT_TITLE = "authorization";

  private DecisionPicture() {}

  public static Picture of(Decision decision) {
    return of(DEFAULT_TITLE, decision);
  }

  public static Picture of(String title, Decision decision) {
    return table(title, decision).picture();
  }

  /** The table behind the picture, for callers who want to add a note or a row. */
  public static HtmlTable table(String title, Decision decision) {
    HtmlTable table = HtmlTable.of("authorizer", "verdict", "why").titled(title + ": " + outcome(decision));
    if (decision.explanation() instanceof AuthorizerChain.ChainExplanation chain) {
      List<AuthorizerChain.Step> steps = chain.steps();
      for (AuthorizerChain.Step step : steps) {
        table = table.row(step.authorizer(), AuthorizerChain.verdictOf(step.decision()), String.join("\n", step.decision().explanation().lines()));
      }
      if (!steps.isEmpty() && !(decision instanceof Decision.NoOpinion)) {
        table = table.emphasise(steps.size() - 1);
      }
    } else {
      // A single authorizer asked directly: its name is not in the decision, but RBAC's explanation gives it away.
      String name = decision.explanation() instanceof RbacExplanation ? "RBAC" : "(authorizer)";
      table = table.row(name, AuthorizerChain.verdictOf(decision), String.join("\n", decision.explanation().lines()));
      if (!(decision instanceof Decision.NoOpinion)) {
        table = table.emphasise(0);
      }
    }
    if (decision instanceof Decision.NoOpinion) {
      table = table.withNote("no authorizer allowed or denied the request, so it is forbidden");
    }
    if (!decision.reason().isEmpty()) {
      table = table.withNote("reason: " + decision.reason());
    }
    return table;
  }

  /** What the client sees: allowed, or 403 Forbidden. */
  static String outcome(Decision decision) {
    return decision.isAllowed() ? "allowed" : "forbidden (403)";
  }
}
