package dev.authlab.authz;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server's union of authorization modes: ask each in order, the first allow or deny wins,
 * no opinion falls through. When every mode abstains the result is no opinion (a 403 for the
 * client) whose reason joins the non-empty reasons with newlines, as upstream does.
 */
public final class AuthorizerChain implements Authorizer {

  private final List<Authorizer> authorizers;

  private AuthorizerChain(List<Authorizer> authorizers) {
    this.authorizers = List.copyOf(authorizers);
  }

  public static AuthorizerChain of(Authorizer... authorizers) {
    return new AuthorizerChain(List.of(authorizers));
  }

  public static AuthorizerChain of(List<Authorizer> authorizers) {
    return new AuthorizerChain(authorizers);
  }

  /**
   * The chain kube-apiserver builds from --authorization-mode: the system:masters check first, then
   * the given modes in order.
   */
  public static AuthorizerChain kubeApiServer(Authorizer... modes) {
    List<Authorizer> all = new ArrayList<>();
    all.add(PrivilegedGroupAuthorizer.systemMasters());
    all.addAll(List.of(modes));
    return new AuthorizerChain(all);
  }

  public List<Authorizer> authorizers() {
    return authorizers;
  }

  @Override
  public String name() {
    return "Chain";
  }

  @Override
  public Decision authorize(Attributes attributes) {
    List<Step> steps = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (Authorizer authorizer : authorizers) {
      Decision decision = authorizer.authorize(attributes);
      steps.add(new Step(authorizer.name(), decision));
      if (!decision.reason().isEmpty()) {
        reasons.add(decision.reason());
      }
      if (decision instanceof Decision.Allow allow) {
        return new Decision.Allow(allow.reason(), new ChainExplanation(steps));
      }
      if (decision instanceof Decision.Deny deny) {
        return new Decision.Deny(deny.reason(), new ChainExplanation(steps));
      }
    }
    return new Decision.NoOpinion(String.join("\n", reasons), new ChainExplanation(steps));
  }

  /** One authorizer consulted and what it said. */
  public record Step(String authorizer, Decision decision) {}

  /** Every authorizer consulted in order, the deciding one last. */
  public record ChainExplanation(List<Step> steps) implements Explanation {
    public ChainExplanation {
      steps = List.copyOf(steps);
    }

    @Override
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (Step step : steps) {
        String verdict = verdictOf(step.decision());
        lines.add(step.authorizer() + ": " + verdict);
        for (String line : step.decision().explanation().lines()) {
          lines.add("  " + line);
        }
      }
      return lines;
    }
  }

  /** "allow", "deny" or "no opinion": an authorizer's answer in the words the explanations use. */
  public static String verdictOf(Decision decision) {
    if (decision instanceof Decision.Allow) {
      return "allow";
    }
    return decision instanceof Decision.Deny ? "deny" : "no opinion";
  }
}
