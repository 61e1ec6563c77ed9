package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static LibraryReviewer.Answer library(ReviewAnswer answer, String... allowReasons) {
    return new LibraryReviewer.Answer(answer, Set.of(allowReasons), List.of());
  }

  @Test
  void differentVerdictsDisagree() {
    assertThat(Comparison.disagreement(new ReviewAnswer(false, false, "", ""), library(new ReviewAnswer(true, false, "", ""), "")))
        .hasValue("verdict: cluster no opinion, library allow");
    assertThat(Comparison.disagreement(new ReviewAnswer(false, true, "", ""), library(new ReviewAnswer(false, false, "", ""))))
        .hasValue("verdict: cluster deny, library no opinion");
  }

  @Test
  void anAllowMayNameAnyGrantingBinding() {
    LibraryReviewer.Answer mine = library(new ReviewAnswer(true, false, "RBAC: allowed by A", ""), "RBAC: allowed by A", "RBAC: allowed by B");
    assertThat(Comparison.disagreement(new ReviewAnswer(true, false, "RBAC: allowed by B", ""), mine)).isEmpty();
    assertThat(Comparison.disagreement(new ReviewAnswer(true, false, "RBAC: allowed by C", ""), mine))
        .hasValueSatisfying(why -> assertThat(why).startsWith("allow reason: cluster \"RBAC: allowed by C\""));
  }

  @Test
  void missingRoleErrorsCompareAsSets() {
    String a = "clusterrole.rbac.authorization.k8s.io \"x\" not found";
    String b = "role.rbac.authorization.k8s.io \"y\" not found";
    LibraryReviewer.Answer mine = library(new ReviewAnswer(false, false, "RBAC: [" + a + ", " + b + "]", ""));
    assertThat(Comparison.disagreement(new ReviewAnswer(false, false, "RBAC: [" + b + ", " + a + "]", ""), mine)).isEmpty();
    assertThat(Comparison.disagreement(new ReviewAnswer(false, false, "RBAC: " + a, ""), mine)).isPresent();
    assertThat(Comparison.disagreement(new ReviewAnswer(false, false, "", ""), mine)).isPresent();
  }

  @Test
  void reasonsOfSeveralAuthorizersAreSplitOnNewlines() {
    assertThat(Comparison.errorsOf("RBAC: [a, b]\nnode says no")).containsExactly("a", "b", "node says no");
    assertThat(Comparison.errorsOf("")).isEmpty();
  }

  @Test
  void anEvaluationErrorIsADisagreement() {
    assertThat(Comparison.disagreement(new ReviewAnswer(false, false, "", "boom"), library(new ReviewAnswer(false, false, "", ""))))
        .hasValueSatisfying(why -> assertThat(why).startsWith("evaluation error"));
  }
}
