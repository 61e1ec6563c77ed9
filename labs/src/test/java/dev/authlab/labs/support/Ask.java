package dev.authlab.labs.support;

import dev.authlab.authz.SubjectAccessReviewer;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;

/** One question for an authorizer: may this subject make this request? */
public record Ask(Subject subject, Request request) {

  /** The SubjectAccessReview `kubectl auth can-i --as USER --as-group GROUP` would send. */
  public SubjectAccessReview review() {
    return SubjectAccessReviewer.reviewOf(request.attributesFor(subject.userInfo()));
  }

  @Override
  public String toString() {
    return subject + ": " + request;
  }
}
