package dev.authlab.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST subjectaccessreviews: validation, exact user and groups, status fields. */
class SubjectAccessReviewerTest {

  private final SubjectAccessReviewer allowAll = new SubjectAccessReviewer(AuthorizerChain.of(new AlwaysAllow()));
  private final SubjectAccessReviewer denyAll = new SubjectAccessReviewer(AuthorizerChain.of(new AlwaysDeny()));

  private static SubjectAccessReviewBuilder review() {
    return new SubjectAccessReviewBuilder().withApiVersion("authorization.k8s.io/v1").withKind("SubjectAccessReview");
  }

  @Test
  void allowedReviewHasAllowedTrue() {
    SubjectAccessReview sar = review().withNewSpec().withUser("jane").withNewResourceAttributes().withVerb("get").withResource("pods").endResourceAttributes().endSpec().build();
    SubjectAccessReviewer.Outcome outcome = allowAll.review(sar);
    assertThat(outcome).isInstanceOf(SubjectAccessReviewer.Outcome.Reviewed.class);
    assertThat(((SubjectAccessReviewer.Outcome.Reviewed) outcome).review().getStatus().getAllowed()).isTrue();
  }

  @Test
  void noOpinionIsNotAllowedAndNotDeniedWithTheReason() {
    SubjectAccessReview sar = review().withNewSpec().withGroups("dev").withNewNonResourceAttributes().withVerb("get").withPath("/x").endNonResourceAttributes().endSpec().build();
    SubjectAccessReview result = ((SubjectAccessReviewer.Outcome.Reviewed) denyAll.review(sar)).review();
    assertThat(result.getStatus().getAllowed()).isFalse();
    assertThat(result.getStatus().getDenied()).isNull();
    assertThat(result.getStatus().getReason()).isEqualTo("Everything is forbidden.");
  }

  @Test
  void needsExactlyOneKindOfAttributesAndAUserOrGroup() {
    assertThat(SubjectAccessReviewer.validate(review().withNewSpec().endSpec().build()))
        .containsExactly(
            "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            "spec.user: Invalid value: \"\": at least one of user or group must be specified");
    SubjectAccessReview both =
        review().withNewSpec().withUser("u").withNewResourceAttributes().endResourceAttributes().withNewNonResourceAttributes().endNonResourceAttributes().endSpec().build();
    assertThat(SubjectAccessReviewer.validate(both)).singleElement().asString().startsWith("spec.nonResourceAttributes");
    SubjectAccessReview named =
        review().withNewMetadata().withName("x").endMetadata().withNewSpec().withUser("u").withNewResourceAttributes().endResourceAttributes().endSpec().build();
    assertThat(SubjectAccessReviewer.validate(named)).containsExactly("metadata: Invalid value: \"object\": must be empty");
  }

  @Test
  void invalidReviewMessageIsTheApiServers() {
    SubjectAccessReviewer.Outcome outcome = allowAll.review(review().withNewSpec().withNewResourceAttributes().endResourceAttributes().endSpec().build());
    assertThat(((SubjectAccessReviewer.Outcome.Invalid) outcome).message())
        .isEqualTo("SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value: \"\": at least one of user or group must be specified");
  }

  @Test
  void attributesCarryExactlyTheSpecsUserAndGroupsAndDefaultVersionStar() {
    SubjectAccessReview sar =
        review().withNewSpec().withUser("jane").withGroups("dev").withNewResourceAttributes().withVerb("get").withGroup("apps").withResource("deployments").withSubresource("scale").withName("web").withNamespace("a").endResourceAttributes().endSpec().build();
    Attributes.Resource attributes = (Attributes.Resource) SubjectAccessReviewer.attributesOf(sar.getSpec());
    assertThat(attributes.user().groups()).containsExactly("dev");
    assertThat(attributes.apiVersion()).isEqualTo("*");
    assertThat(attributes.combinedResource()).isEqualTo("deployments/scale");
    assertThat(attributes.namespace()).isEqualTo("a");
  }

  @Test
  void reviewOfAsksTheSameQuestionAttributesOfReadsBack() {
    UserInfo jane = new UserInfo("jane", "u-1", List.of("dev", "system:authenticated"), Map.of("scopes", List.of("a")));
    for (Attributes asked : List.of(
        Attributes.resource(jane, "get", "pods").inNamespace("team-a").named("web").subresource("log"),
        new Attributes.Resource(jane, "list", "team-a", "apps", "v1", "deployments", "", ""),
        Attributes.resource(jane, "create", "namespaces"),
        Attributes.nonResource(jane, "get", "/healthz"))) {
      SubjectAccessReview review = SubjectAccessReviewer.reviewOf(asked);
      assertThat(SubjectAccessReviewer.validate(review)).isEmpty();
      assertThat(SubjectAccessReviewer.attributesOf(review.getSpec())).isEqualTo(asked);
    }
  }
}
