package dev.authlab.authz.rbac;

import dev.authlab.authz.Explanation;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Why RBAC allowed a request (the granting path), or why not (the near misses). */
public sealed interface RbacExplanation extends Explanation {

  /** Allowed: this binding, its role, and this rule of the role. */
  record Granted(BindingRef binding, int ruleIndex, PolicyRule rule) implements RbacExplanation {
    @Override
    public List<String> lines() {
      return List.of(
          "allowed by " + binding.shortName() + " (subject " + binding.describeSubject() + ")",
          "  -> " + binding.roleShortName() + ", rule " + ruleIndex + ": " + Rules.compactString(rule));
    }
  }

  /**
   * Not allowed: no rule matched. Near misses are the rules of bindings that name the user, closest
   * first; {@code nearMissCount} counts them all, even those left out of the list.
   */
  record NotGranted(String request, String subject, List<NearMiss> nearMisses, int nearMissCount, List<String> errors)
      implements RbacExplanation {
    public NotGranted {
      nearMisses = List.copyOf(nearMisses);
      errors = List.copyOf(errors);
    }

    @Override
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      lines.add("no RBAC rule allows " + subject + " to " + request);
      if (nearMisses.isEmpty() && errors.isEmpty()) {
        lines.add("no RoleBinding or ClusterRoleBinding names this user, its groups or its service account");
      }
      if (!nearMisses.isEmpty()) {
        lines.add("near misses (closest first" + (nearMissCount > nearMisses.size() ? ", " + nearMisses.size() + " of " + nearMissCount : "") + "):");
        for (NearMiss miss : nearMisses) {
          lines.addAll(miss.lines());
        }
      }
      for (String error : errors) {
        lines.add("error: " + error);
      }
      return lines;
    }
  }

  /** A rule that almost matched, or a binding whose role is missing. */
  sealed interface NearMiss {
    BindingRef binding();

    List<String> lines();

    /** How far from a match: the number of fields that missed. */
    int distance();

    record RuleMiss(BindingRef binding, int ruleIndex, PolicyRule rule, List<RuleMatcher.Miss> misses) implements NearMiss {
      public RuleMiss {
        misses = List.copyOf(misses);
      }

      /** Each missed field counts 1; a rule for the other kind of request (URL vs resource) counts as far off. */
      @Override
      public int distance() {
        int distance = 0;
        for (RuleMatcher.Miss miss : misses) {
          distance += miss.field() == RuleMatcher.Field.REQUEST_KIND ? 10 : 1;
        }
        return distance;
      }

      /** The fields that missed, e.g. [verb, resource name]. */
      public List<RuleMatcher.Field> fields() {
        return misses.stream().map(RuleMatcher.Miss::field).collect(Collectors.toList());
      }

      @Override
      public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(
            "- " + binding.shortName() + " -> " + binding.roleShortName() + ", rule " + ruleIndex + ": " + Rules.compactString(rule));
        for (RuleMatcher.Miss miss : misses) {
          lines.add("    missed " + miss.field().label() + ": " + miss.detail());
        }
        return lines;
      }
    }

    record RoleMissing(BindingRef binding, String error) implements NearMiss {
      @Override
      public int distance() {
        return 0;
      }

      @Override
      public List<String> lines() {
        return List.of("- " + binding.shortName() + " -> " + binding.roleShortName() + ": " + error + " (the binding grants nothing)");
      }
    }
  }
}
