package dev.authlab.authz;

import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoErrors;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What POST /apis/authorization.k8s.io/v1/subjectaccessreviews does: validate the review, ask the
 * authorizer about exactly the user and groups in the spec (no system:authenticated is added), and
 * fill in status.allowed, status.denied and status.reason.
 */
public final class SubjectAccessReviewer {

  private final Authorizer authorizer;

  public SubjectAccessReviewer(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** The outcome: the review with its status, or the API server's 422 for an invalid one. */
  public sealed interface Outcome {
    record Reviewed(SubjectAccessReview review, Decision decision) implements Outcome {}

    record Invalid(String message, List<String> fieldErrors) implements Outcome {
      public Invalid {
        fieldErrors = List.copyOf(fieldErrors);
      }
    }
  }

  public Outcome review(SubjectAccessReview review) {
    List<String> errors = validate(review);
    if (!errors.isEmpty()) {
      String name = review.getMetadata() == null || review.getMetadata().getName() == null ? "" : review.getMetadata().getName();
      return new Outcome.Invalid("SubjectAccessReview.authorization.k8s.io \"" + name + "\" is invalid: " + GoErrors.aggregate(errors), errors);
    }
    Decision decision = authorizer.authorize(attributesOf(review.getSpec()));
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(decision instanceof Decision.Allow);
    if (decision instanceof Decision.Deny) {
      status.setDenied(true);
    }
    if (!decision.reason().isEmpty()) {
      status.setReason(decision.reason());
    }
    SubjectAccessReview result = new SubjectAccessReviewBuilder(review).withStatus(status).build();
    if (result.getApiVersion() == null) {
      result.setApiVersion("authorization.k8s.io/v1");
    }
    return new Outcome.Reviewed(result, decision);
  }

  /** The checks of upstream's ValidateSubjectAccessReview, with its field paths and wording. */
  public static List<String> validate(SubjectAccessReview review) {
    List<String> errors = new ArrayList<>();
    SubjectAccessReviewSpec spec = review.getSpec() == null ? new SubjectAccessReviewSpec() : review.getSpec();
    ResourceAttributes resource = spec.getResourceAttributes();
    NonResourceAttributes nonResource = spec.getNonResourceAttributes();
    if (resource != null && nonResource != null) {
      errors.add("spec.nonResourceAttributes: Invalid value: \"object\": cannot be specified in combination with resourceAttributes");
    }
    if (resource == null && nonResource == null) {
      errors.add("spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    boolean noUser = spec.getUser() == null || spec.getUser().isEmpty();
    boolean noGroups = spec.getGroups() == null || spec.getGroups().isEmpty();
    if (noUser && noGroups) {
      errors.add("spec.user: Invalid value: \"\": at least one of user or group must be specified");
    }
    if (!metadataEmpty(review.getMetadata())) {
      errors.add("metadata: Invalid value: \"object\": must be empty");
    }
    return errors;
  }

  private static boolean metadataEmpty(ObjectMeta meta) {
    if (meta == null) {
      return true;
    }
    ObjectMeta copy = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(meta).withManagedFields().build();
    return copy.equals(new ObjectMeta());
  }

  /** The authorizer attributes of a review spec, as the API server builds them. */
  public static Attributes attributesOf(SubjectAccessReviewSpec spec) {
    UserInfo user =
        new UserInfo(
            spec.getUser() == null ? "" : spec.getUser(),
            spec.getUid(),
            spec.getGroups() == null ? List.of() : spec.getGroups(),
            spec.getExtra() == null ? Map.of() : spec.getExtra());
    ResourceAttributes r = spec.getResourceAttributes();
    if (r != null) {
      String version = r.getVersion() == null || r.getVersion().isEmpty() ? "*" : r.getVersion();
      return new Attributes.Resource(
          user, r.getVerb(), r.getNamespace(), r.getGroup(), version, r.getResource(), r.getSubresource(), r.getName());
    }
    NonResourceAttributes n = spec.getNonResourceAttributes();
    return new Attributes.NonResource(user, n == null ? "" : n.getVerb(), n == null ? "" : n.getPath());
  }

  /**
   * The SubjectAccessReview that asks about these attributes (what {@code kubectl auth can-i --as}
   * sends): the inverse of {@link #attributesOf}, so one question can go to the library and to an
   * API server alike.
   */
  public static SubjectAccessReview reviewOf(Attributes attributes) {
    UserInfo user = attributes.user();
    SubjectAccessReviewSpec spec = new SubjectAccessReviewSpec();
    spec.setUser(user.name());
    spec.setUid(user.uid().isEmpty() ? null : user.uid());
    spec.setGroups(user.groups().isEmpty() ? null : new ArrayList<>(user.groups()));
    spec.setExtra(user.extra().isEmpty() ? null : new java.util.LinkedHashMap<>(user.extra()));
    if (attributes instanceof Attributes.Resource r) {
      ResourceAttributes resource = new ResourceAttributes();
      resource.setVerb(r.verb());
      resource.setNamespace(emptyToNull(r.namespace()));
      resource.setGroup(r.apiGroup());
      resource.setVersion(r.apiVersion().equals("*") ? null : r.apiVersion());
      resource.setResource(r.resource());
      resource.setSubresource(emptyToNull(r.subresource()));
      resource.setName(emptyToNull(r.name()));
      spec.setResourceAttributes(resource);
    } else {
      Attributes.NonResource n = (Attributes.NonResource) attributes;
      NonResourceAttributes nonResource = new NonResourceAttributes();
      nonResource.setVerb(n.verb());
      nonResource.setPath(n.path());
      spec.setNonResourceAttributes(nonResource);
    }
    return new SubjectAccessReviewBuilder().withSpec(spec).build();
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
