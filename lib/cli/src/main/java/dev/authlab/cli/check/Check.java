package dev.authlab.cli.check;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One expectation about one subject, as written in the expectations file, decided by the testkit's
 * {@link Access} checks, so `authlab check` and the AssertJ assertions always give the same answer.
 * {@link #text()} is how the results table and the JUnit report name it, e.g. {@code can get pods -n team-a}.
 */
public sealed interface Check permits Check.Can, Check.Cannot, Check.CanOnly, Check.CannotEscalate, Check.CannotImpersonate {

  SubjectSpec subject();

  CheckKind kind();

  /** The expectation as the file wrote it, without the subject. */
  String text();

  /** Decides the check against the policy. */
  Verdict verify(RbacPolicy policy);

  /** The subject may make the request. */
  record Can(SubjectSpec subject, String line, Request request) implements Check {
    public Can {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public CheckKind kind() {
      return CheckKind.CAN;
    }

    @Override
    public String text() {
      return "can " + line;
    }

    @Override
    public Verdict verify(RbacPolicy policy) {
      return Access.can(policy, subject.subject(), request);
    }
  }

  /** The subject may not make the request. */
  record Cannot(SubjectSpec subject, String line, Request request) implements Check {
    public Cannot {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public CheckKind kind() {
      return CheckKind.CANNOT;
    }

    @Override
    public String text() {
      return "cannot " + line;
    }

    @Override
    public Verdict verify(RbacPolicy policy) {
      return Access.cannot(policy, subject.subject(), request);
    }
  }

  /**
   * In the namespace the subject holds exactly these rules, nothing more and nothing less (the
   * bootstrap roles every signed-in user holds, {@link Access#EVERYONE_ROLES}, left out).
   */
  record CanOnly(SubjectSpec subject, String namespace, List<String> lines, List<PolicyRule> rules) implements Check {
    public CanOnly {
      Objects.requireNonNull(namespace, "namespace");
      lines = List.copyOf(lines);
      rules = List.copyOf(rules);
    }

    @Override
    public CheckKind kind() {
      return CheckKind.CAN_ONLY;
    }

    @Override
    public String text() {
      return "canOnly -n " + namespace + " (" + lines.size() + (lines.size() == 1 ? " rule)" : " rules)");
    }

    @Override
    public Verdict verify(RbacPolicy policy) {
      return Access.canOnly(policy, subject.subject(), namespace, rules);
    }
  }

  /**
   * The subject cannot grant itself more than it holds (escalate or bind on roles, role or binding
   * writes the escalation check lets through, impersonation): in one namespace and cluster-wide, or,
   * without a namespace, everywhere the policy has objects.
   */
  record CannotEscalate(SubjectSpec subject, Optional<String> namespace) implements Check {
    public CannotEscalate {
      Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public CheckKind kind() {
      return CheckKind.CANNOT_ESCALATE;
    }

    @Override
    public String text() {
      return "cannotEscalate" + namespace.map(ns -> " -n " + ns).orElse("");
    }

    @Override
    public Verdict verify(RbacPolicy policy) {
      return namespace.isPresent()
          ? Access.cannotEscalate(policy, subject.subject(), namespace.get())
          : Access.cannotEscalate(policy, subject.subject());
    }
  }

  /** The subject cannot impersonate users, groups, UIDs or service accounts (scoped like {@link CannotEscalate}). */
  record CannotImpersonate(SubjectSpec subject, Optional<String> namespace) implements Check {
    public CannotImpersonate {
      Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public CheckKind kind() {
      return CheckKind.CANNOT_IMPERSONATE;
    }

    @Override
    public String text() {
      return "cannotImpersonate" + namespace.map(ns -> " -n " + ns).orElse("");
    }

    @Override
    public Verdict verify(RbacPolicy policy) {
      return namespace.isPresent()
          ? Access.cannotImpersonate(policy, subject.subject(), namespace.get())
          : Access.cannotImpersonate(policy, subject.subject());
    }
  }
}
