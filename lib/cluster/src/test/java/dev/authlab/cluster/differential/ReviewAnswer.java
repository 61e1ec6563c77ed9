package dev.authlab.cluster.differential;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status fields of a SubjectAccessReview that the comparison looks at, never null: empty
 * strings for unset reasons, false for an unset {@code denied}.
 */
record ReviewAnswer(boolean allowed, boolean denied, String reason, String evaluationError) {

  ReviewAnswer {
    reason = reason == null ? "" : reason;
    evaluationError = evaluationError == null ? "" : evaluationError;
  }

  static ReviewAnswer of(SubjectAccessReviewStatus status) {
    if (status == null) {
      return new ReviewAnswer(false, false, "", "no status in the response");
    }
    return new ReviewAnswer(
        Boolean.TRUE.equals(status.getAllowed()), Boolean.TRUE.equals(status.getDenied()), status.getReason(), status.getEvaluationError());
  }

  static ReviewAnswer failed(String error) {
    return new ReviewAnswer(false, false, "", error);
  }

  SubjectAccessReviewStatus toStatus() {
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(allowed);
    if (denied) {
      status.setDenied(true);
    }
    if (!reason.isEmpty()) {
      status.setReason(reason);
    }
    if (!evaluationError.isEmpty()) {
      status.setEvaluationError(evaluationError);
    }
    return status;
  }

  /** allow / deny / no opinion, as a word. */
  String verdict() {
    if (allowed) {
      return "allow";
    }
    return denied ? "deny" : "no opinion";
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("allowed", allowed);
    map.put("denied", denied);
    map.put("reason", reason);
    if (!evaluationError.isEmpty()) {
      map.put("evaluationError", evaluationError);
    }
    return map;
  }

  @Override
  public String toString() {
    String text = verdict() + (reason.isEmpty() ? "" : " (" + reason.replace("\n", " | ") + ")");
    return evaluationError.isEmpty() ? text : text + " [evaluation error: " + evaluationError + "]";
  }
}
