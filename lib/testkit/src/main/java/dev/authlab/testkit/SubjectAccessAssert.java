package dev.authlab.testkit;

import dev.authlab.authz.rbac.RbacPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * What one subject may do under a policy. {@link #can} and {@link #cannot} return an {@link Expectation}
 * whose {@code in(namespace)} or {@code clusterWide()} performs the check (so the namespace reads
 * last, as in kubectl); the others check at once. Every check returns this assertion, so checks chain.
 * A failure message is the {@link Verdict}: a summary, then the explanation on indented lines.
 */
public class SubjectAccessAssert extends AbstractAssert<SubjectAccessAssert, RbacPolicy> {

  private final Subject subject;

  public SubjectAccessAssert(RbacPolicy actual, Subject subject) {
    super(actual, SubjectAccessAssert.class);
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  public Subject subject() {
    return subject;
  }

  /** Expects the request to be allowed; finish with {@code in(ns)}, {@code clusterWide()} or {@code inAllNamespaces()}. */
  public Expectation can(String verb, String type) {
    return new Expectation(true, Request.of(verb, type));
  }

  /** Expects the request to be refused; finish with {@code in(ns)}, {@code clusterWide()} or {@code inAllNamespaces()}. */
  public Expectation cannot(String verb, String type) {
    return new Expectation(false, Request.of(verb, type));
  }

  /** Expects the request (built with {@link Request}) to be allowed, as it is. */
  public SubjectAccessAssert can(Request request) {
    return check(Access.can(actual, subject, request));
  }

  /** Expects the request (built with {@link Request}) to be refused, as it is. */
  public SubjectAccessAssert cannot(Request request) {
    return check(Access.cannot(actual, subject, request));
  }

  /**
   * Expects exactly these permissions, nothing more or less: {@link RuleSpec} strings such as
   * {@code "get,list,watch pods,pods/log"}. Finish with {@code in(ns)} or {@code clusterWide()}.
   */
  public ExactExpectation canOnly(String... ruleSpecs) {
    return new ExactExpectation(RuleSpec.parseAll(List.of(ruleSpecs)), false);
  }

  /** Expects exactly these rules; finish with {@code in(ns)} or {@code clusterWide()}. */
  public ExactExpectation canOnly(List<PolicyRule> rules) {
    return new ExactExpectation(new ArrayList<>(rules), false);
  }

  /** Cannot escalate cluster-wide nor in any namespace the policy has objects in (see {@link Access#cannotEscalate}). */
  public SubjectAccessAssert cannotEscalate() {
    return check(Access.cannotEscalate(actual, subject));
  }

  /** Cannot escalate cluster-wide nor in this namespace. */
  public SubjectAccessAssert cannotEscalateIn(String namespace) {
    return check(Access.cannotEscalate(actual, subject, namespace));
  }

  /** Cannot impersonate users, groups, uids or service accounts anywhere. */
  public SubjectAccessAssert cannotImpersonate() {
    return check(Access.cannotImpersonate(actual, subject));
  }

  /** Cannot impersonate users, groups or uids, nor service accounts of this namespace. */
  public SubjectAccessAssert cannotImpersonateIn(String namespace) {
    return check(Access.cannotImpersonate(actual, subject, namespace));
  }

  private SubjectAccessAssert check(Verdict verdict) {
    isNotNull();
    if (verdict instanceof Verdict.Fail) {
      failWithMessage("%s", verdict.render());
    }
    return myself;
  }

  /** A request waiting for its scope; {@link #named} narrows it, the other methods check it. */
  public final class Expectation {
    private final boolean allowed;
    private final Request request;

    Expectation(boolean allowed, Request request) {
      this.allowed = allowed;
      this.request = request;
    }

    /** The request is for this one object; still needs {@code in(ns)} or {@code clusterWide()}. */
    public Expectation named(String name) {
      return new Expectation(allowed, request.named(name));
    }

    /** Checks the request in the namespace. */
    public SubjectAccessAssert in(String namespace) {
      return run(request.in(namespace));
    }

    /** Checks the request without a namespace: a cluster-scoped resource, or a non-resource URL. */
    public SubjectAccessAssert clusterWide() {
      return run(request.clusterWide());
    }

    /** Checks a namespaced resource across all namespaces, as {@code kubectl auth can-i -A} (only cluster-wide grants count). */
    public SubjectAccessAssert inAllNamespaces() {
      return run(request.clusterWide());
    }

    private SubjectAccessAssert run(Request scoped) {
      return check(allowed ? Access.can(actual, subject, scoped) : Access.cannot(actual, subject, scoped));
    }
  }

  /** An exact permission set waiting for its scope. */
  public final class ExactExpectation {
    private final List<PolicyRule> rules;
    private final boolean includeEveryoneRoles;

    ExactExpectation(List<PolicyRule> rules, boolean includeEveryoneRoles) {
      this.rules = List.copyOf(rules);
      this.includeEveryoneRoles = includeEveryoneRoles;
    }

    /** Counts the bootstrap roles every user holds ({@link Access#EVERYONE_ROLES}) as well; they are ignored by default. */
    public ExactExpectation includingEveryoneRoles() {
      return new ExactExpectation(rules, true);
    }

    public SubjectAccessAssert in(String namespace) {
      return check(Access.canOnly(actual, subject, namespace, rules, includeEveryoneRoles));
    }

    public SubjectAccessAssert clusterWide() {
      return check(Access.canOnly(actual, subject, "", rules, includeEveryoneRoles));
    }
  }
}
