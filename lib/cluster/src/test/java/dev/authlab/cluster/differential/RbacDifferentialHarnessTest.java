package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison harness against fake clusters backed by the library: one that is the library with
 * its bindings in another order (as an informer cache may hold them) must agree on everything; one
 * with a planted difference must be caught, written as YAML and replayable.
 */
class RbacDifferentialHarnessTest {

  @Test
  void aClusterThatIsTheLibraryInAnotherOrderAgreesOnEveryReview() {
    RbacDifferential.Result total = RbacDifferential.Result.empty();
    for (long seed : List.of(5L, 6L)) {
      RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
      LibraryReviewer library = LibraryReviewer.withBootstrap(policy.allObjects());
      List<HasMetadata> shuffled = new ArrayList<>(BootstrapPolicy.objects());
      shuffled.addAll(policy.allObjects());
      Collections.reverse(shuffled);
      LibraryReviewer fake = new LibraryReviewer(RbacPolicy.of(shuffled));
      List<SubjectAccessReview> reviews = RandomAccessReviews.generate(policy, library.policy(), seed, 1000);
      total = total.plus(RbacDifferential.run(reviews, review -> fake.review(review).answer(), library, 4));
    }
    assertThat(total.summary()).isEqualTo("2000 agree, 0 disagree");
    assertThat(total.allowedByBoth()).isGreaterThan(200);
  }

  @Test
  void aPlantedDifferenceIsCaughtWrittenAndReplayable(@TempDir Path dir) {
    long seed = 8;
    RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
    LibraryReviewer library = LibraryReviewer.withBootstrap(policy.allObjects());
    // The fake cluster's aggregation controller never ran: aggregated roles keep the rules they were created with.
    List<HasMetadata> unaggregated = new ArrayList<>();
    for (HasMetadata object : policy.allObjects()) {
      if (object instanceof ClusterRole role && role.getAggregationRule() != null) {
        unaggregated.add(new ClusterRoleBuilder(role).withAggregationRule(null).build());
      } else {
        unaggregated.add(object);
      }
    }
    LibraryReviewer broken = LibraryReviewer.withBootstrap(unaggregated);
    List<SubjectAccessReview> reviews = RandomAccessReviews.generate(policy, library.policy(), seed, 1500);
    RbacDifferential.Result result = RbacDifferential.run(reviews, review -> broken.review(review).answer(), library, 3);
    assertThat(result.disagree()).as(result.summary()).isPositive();
    RbacDifferential.Outcome first = result.disagreements().get(0);
    assertThat(first.why()).hasValueSatisfying(why -> assertThat(why).startsWith("verdict: cluster no opinion, library allow"));

    List<Path> files = RbacDifferential.write(result.disagreements().subList(0, 1), List.of(seed), policy.allObjects(), dir);
    DifferentialCase replayed = DifferentialCase.read(files.get(0));
    assertThat(replayed.seeds()).containsExactly(seed);
    assertThat(replayed.review().getSpec()).isEqualTo(first.review().getSpec());
    assertThat(replayed.cluster()).isEqualTo(first.cluster());
    assertThat(replayed.library()).isEqualTo(first.library().answer());
    assertThat(replayed.objects()).hasSameSizeAs(policy.allObjects());
    ReplayDisagreementTest.Replay replay = ReplayDisagreementTest.replay(replayed);
    assertThat(replay.library().answer()).isEqualTo(first.library().answer());
    assertThat(replay.stillDisagrees()).isTrue();
    assertThat(replay.report()).contains("cluster:", "library:", "why:");
  }

  @Test
  void anAllowReasonNamingAnotherGrantingBindingIsNotADisagreement() {
    RandomRbacPolicy policy = RandomRbacPolicy.generate(11);
    LibraryReviewer library = LibraryReviewer.withBootstrap(policy.allObjects());
    int multiple = 0;
    for (SubjectAccessReview review : RandomAccessReviews.generate(policy, library.policy(), 11, 2000)) {
      LibraryReviewer.Answer answer = library.review(review);
      if (answer.allowReasons().size() > 1) {
        multiple++;
        for (String reason : answer.allowReasons()) {
          assertThat(Comparison.disagreement(new ReviewAnswer(true, false, reason, ""), answer)).isEmpty();
        }
      }
    }
    assertThat(multiple).as("reviews that several bindings allow").isPositive();
  }
}
