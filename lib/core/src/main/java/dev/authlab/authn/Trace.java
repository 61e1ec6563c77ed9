package dev.authlab.authn;

import java.util.ArrayList;
import java.util.List;

/**
 * Every authenticator a request went through, in order, what each said and why. Explaining is the
 * point of the kit, so every result carries its trace.
 */
public record Trace(List<Step> steps) {

  public Trace {
    steps = List.copyOf(steps);
  }

  public static Trace empty() {
    return new Trace(List.of());
  }

  public static Trace of(String authenticator, Verdict verdict, String reason) {
    return new Trace(List.of(new Step(authenticator, verdict, reason)));
  }

  public Trace then(Trace next) {
    List<Step> all = new ArrayList<>(steps);
    all.addAll(next.steps);
    return new Trace(all);
  }

  public Trace then(String authenticator, Verdict verdict, String reason) {
    return then(of(authenticator, verdict, reason));
  }

  /** What one authenticator said. */
  public enum Verdict {
    AUTHENTICATED,
    NO_OPINION,
    FAILED,
    /** A decorator's note, e.g. the group adder adding system:authenticated. */
    NOTE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  public record Step(String authenticator, Verdict verdict, String reason) {}

  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Step step : steps) {
      lines.add(step.authenticator() + ": " + step.verdict().label() + (step.reason().isEmpty() ? "" : " - " + step.reason()));
    }
    return lines;
  }
}
