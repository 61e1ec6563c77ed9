package dev.authlab.cluster.differential;

import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.SubjectAccessReviewer;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.RuleMatcher;
import dev.authlab.authz.rbac.RuleResolver;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The library's side of the comparison: the bootstrap policy plus the given objects, behind the
 * chain kube-apiserver builds for {@code --authorization-mode=RBAC} (system:masters first), asked
 * through {@link SubjectAccessReviewer} as the API server's review endpoint would ask.
 */
final class LibraryReviewer {

  private final RbacPolicy policy;
  private final SubjectAccessReviewer reviewer;

  LibraryReviewer(RbacPolicy policy) {
    this.policy = policy;
    this.reviewer = new SubjectAccessReviewer(AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy)));
  }

  /** Bootstrap objects first, then these (later objects replace earlier ones of the same name, as on a cluster). */
  static LibraryReviewer withBootstrap(Collection<? extends HasMetadata> objects) {
    return new LibraryReviewer(RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(objects).build());
  }

  RbacPolicy policy() {
    return policy;
  }

  /** The library's answer, every reason an allow could honestly carry, and its explanation. */
  record Answer(ReviewAnswer answer, Set<String> allowReasons, List<String> explanation) {
    Answer {
      allowReasons = Set.copyOf(allowReasons);
      explanation = List.copyOf(explanation);
    }
  }

  Answer review(SubjectAccessReview review) {
    SubjectAccessReviewer.Outcome outcome = reviewer.review(review);
    if (outcome instanceof SubjectAccessReviewer.Outcome.Invalid invalid) {
      return new Answer(ReviewAnswer.failed("invalid: " + invalid.message()), Set.of(), List.of(invalid.message()));
    }
    SubjectAccessReviewer.Outcome.Reviewed reviewed = (SubjectAccessReviewer.Outcome.Reviewed) outcome;
    ReviewAnswer answer = ReviewAnswer.of(reviewed.review().getStatus());
    Set<String> reasons = new LinkedHashSet<>();
    if (answer.allowed()) {
      reasons.add(answer.reason());
      if (!answer.reason().isEmpty()) {
        reasons.addAll(everyGrant(SubjectAccessReviewer.attributesOf(review.getSpec())));
      }
    }
    return new Answer(answer, reasons, reviewed.decision().explanation().lines());
  }

  /**
   * "RBAC: allowed by …" for every binding with a rule that allows the request. The API server
   * names the first one it meets, and it meets ClusterRoleBindings in its informer cache's order,
   * which is a Go map's: any of these is a right answer.
   */
  private Set<String> everyGrant(Attributes attributes) {
    Set<String> reasons = new LinkedHashSet<>();
    new RuleResolver(policy)
        .visitRulesFor(
            attributes.user(),
            attributes.namespace(),
            visit -> {
              if (visit instanceof RuleResolver.Visit.RuleFrom from && RuleMatcher.allows(attributes, from.rule())) {
                reasons.add("RBAC: allowed by " + from.binding().describe());
              }
              return true;
            });
    return reasons;
  }
}
