package dev.authlab.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The groups the API server's impersonation filter gives an impersonated user. */
class ImpersonationTest {

  @Test
  void aUserGetsSystemAuthenticatedAddedToTheRequestedGroups() {
    assertThat(Impersonation.userFor("jane", List.of("dev"), Map.of()).groups()).containsExactly("dev", "system:authenticated");
    assertThat(Impersonation.userFor("jane", List.of(), Map.of()).groups()).containsExactly("system:authenticated");
  }

  @Test
  void systemAuthenticatedOrUnauthenticatedRequestedExplicitlyIsNotAddedAgain() {
    assertThat(Impersonation.userFor("jane", List.of("system:authenticated"), Map.of()).groups()).containsExactly("system:authenticated");
    assertThat(Impersonation.userFor("jane", List.of("system:unauthenticated"), Map.of()).groups())
        .containsExactly("system:unauthenticated");
  }

  @Test
  void serviceAccountWithoutGroupsGetsItsServiceAccountGroups() {
    assertThat(Impersonation.userFor("system:serviceaccount:team-a:ci", List.of(), Map.of()).groups())
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");
  }

  @Test
  void serviceAccountWithGroupsKeepsOnlyThose() {
    assertThat(Impersonation.userFor("system:serviceaccount:team-a:ci", List.of("x"), Map.of()).groups())
        .containsExactly("x", "system:authenticated");
  }

  @Test
  void malformedServiceAccountNamesAreOrdinaryUsers() {
    assertThat(Impersonation.userFor("system:serviceaccount:Team-A:ci", List.of(), Map.of()).groups()).containsExactly("system:authenticated");
    assertThat(Impersonation.userFor("system:serviceaccount:a:b:c", List.of(), Map.of()).groups()).containsExactly("system:authenticated");
    assertThat(Impersonation.userFor("system:serviceaccount:team-a:", List.of(), Map.of()).groups()).containsExactly("system:authenticated");
  }

  @Test
  void anonymousGetsSystemUnauthenticatedNotAuthenticated() {
    assertThat(Impersonation.userFor("system:anonymous", List.of(), Map.of()).groups()).containsExactly("system:unauthenticated");
    assertThat(Impersonation.userFor("system:anonymous", List.of("x"), Map.of()).groups()).containsExactly("x", "system:unauthenticated");
  }
}
