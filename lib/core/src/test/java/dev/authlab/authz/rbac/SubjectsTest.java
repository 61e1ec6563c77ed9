package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.subject;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upstream pkg/registry/rbac/validation rule_test.go TestAppliesTo, plus the service-account defaulting it relies on. */
class SubjectsTest {

  private static Subject sa(String namespace, String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
  }

  @Test
  void singleUserSubjectMatchingTheUsername() {
    assertThat(Subjects.firstApplying(who("foobar"), List.of(subject("User", "foobar")), "")).contains(0);
  }

  @Test
  void secondOfTwoUserSubjectsMatches() {
    assertThat(Subjects.firstApplying(who("foobar"), List.of(subject("User", "barfoo"), subject("User", "foobar")), "")).contains(1);
  }

  @Test
  void noUserSubjectMatches() {
    assertThat(Subjects.firstApplying(who("zimzam"), List.of(subject("User", "barfoo"), subject("User", "foobar")), "")).isEmpty();
  }

  @Test
  void groupSubjectMatchesAGroupOfTheUser() {
    assertThat(Subjects.firstApplying(who("zimzam", "foobar"), List.of(subject("User", "barfoo"), subject("Group", "foobar")), "")).contains(1);
  }

  @Test
  void groupMatchingIgnoresTheNamespace() {
    assertThat(Subjects.firstApplying(who("zimzam", "foobar"), List.of(subject("User", "barfoo"), subject("Group", "foobar")), "namespace1"))
        .contains(1);
  }

  @Test
  void serviceAccountSubjectWithItsOwnNamespaceMatchesItsUsername() {
    List<Subject> subjects = List.of(subject("User", "barfoo"), subject("Group", "foobar"), sa("kube-system", "default"));
    assertThat(Subjects.firstApplying(who("system:serviceaccount:kube-system:default"), subjects, "default")).contains(2);
  }

  @Test
  void starUserSubjectDoesNotMatchAllUsers() {
    assertThat(Subjects.firstApplying(who("foobar"), List.of(subject("User", "*")), "default")).isEmpty();
  }

  @Test
  void authenticatedAndUnauthenticatedGroupsMatchAnAuthenticatedUserOnTheFirst() {
    List<Subject> subjects = List.of(subject("Group", UserInfo.ALL_AUTHENTICATED), subject("Group", UserInfo.ALL_UNAUTHENTICATED));
    assertThat(Subjects.firstApplying(who("foobar", UserInfo.ALL_AUTHENTICATED), subjects, "default")).contains(0);
  }

  @Test
  void authenticatedAndUnauthenticatedGroupsMatchAnAnonymousUserOnTheSecond() {
    List<Subject> subjects = List.of(subject("Group", UserInfo.ALL_AUTHENTICATED), subject("Group", UserInfo.ALL_UNAUTHENTICATED));
    assertThat(Subjects.firstApplying(who(UserInfo.ANONYMOUS, UserInfo.ALL_UNAUTHENTICATED), subjects, "default")).contains(1);
  }

  @Test
  void noSubjectsMatchNoOne() {
    assertThat(Subjects.firstApplying(who(""), List.of(), "ns")).isEmpty();
  }

  @Test
  void serviceAccountWithoutNamespaceTakesTheBindingNamespace() {
    Subject noNamespace = sa(null, "builder");
    assertThat(Subjects.appliesTo(who("system:serviceaccount:ci:builder"), noNamespace, "ci")).isTrue();
    assertThat(Subjects.appliesTo(who("system:serviceaccount:other:builder"), noNamespace, "ci")).isFalse();
    assertThat(Subjects.serviceAccountUsername(noNamespace, "ci")).contains("system:serviceaccount:ci:builder");
  }

  @Test
  void serviceAccountWithEmptyNamespaceAlsoTakesTheBindingNamespace() {
    assertThat(Subjects.appliesTo(who("system:serviceaccount:ci:builder"), sa("", "builder"), "ci")).isTrue();
  }

  @Test
  void serviceAccountWithoutAnyNamespaceMatchesNoOne() {
    Subject noNamespace = sa(null, "builder");
    assertThat(Subjects.appliesTo(who("system:serviceaccount::builder"), noNamespace, "")).isFalse();
    assertThat(Subjects.appliesTo(who("builder"), noNamespace, "")).isFalse();
    assertThat(Subjects.serviceAccountUsername(noNamespace, "")).isEqualTo(Optional.empty());
  }

  @Test
  void serviceAccountOwnNamespaceWinsOverTheBindingNamespace() {
    assertThat(Subjects.appliesTo(who("system:serviceaccount:ci:builder"), sa("ci", "builder"), "other")).isTrue();
    assertThat(Subjects.appliesTo(who("system:serviceaccount:other:builder"), sa("ci", "builder"), "other")).isFalse();
  }

  @Test
  void serviceAccountIsNotMatchedThroughItsGroups() {
    assertThat(Subjects.appliesTo(who("x", "system:serviceaccounts", "system:serviceaccounts:ci"), sa("ci", "builder"), "ci")).isFalse();
  }

  @Test
  void unknownAndMiscasedKindsMatchNoOne() {
    for (String kind : List.of("user", "USER", "group", "serviceaccount", "Bot", "")) {
      assertThat(Subjects.appliesTo(who("jane", "jane"), subject(kind, "jane"), "ns")).as(kind).isFalse();
    }
  }

  @Test
  void userWithEmptyNameMatchesEmptyUserSubject() {
    assertThat(Subjects.appliesTo(who(""), subject("User", ""), "")).isTrue();
    assertThat(Subjects.appliesTo(who("jane"), subject("User", ""), "")).isFalse();
  }

  @Test
  void userSubjectWithoutANameIsTheEmptyName() {
    Subject unnamed = new SubjectBuilder().withKind("User").build();
    assertThat(Subjects.appliesTo(who(""), unnamed, "")).isTrue();
  }
}
