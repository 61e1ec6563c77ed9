package dev.authlab.testkit;

import static dev.authlab.testkit.AuthlabAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthenticatorChain;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.authz.Decision;
import org.junit.jupiter.api.Test;

class DecisionAndAuthnAssertTest {

  private static Decision decide(String user, String group, String verb, String type, String namespace) {
    Subject subject = group == null ? Subject.user(user) : Subject.user(user).inGroups(group);
    return Access.authorize(Policies.EXAMPLE, Request.of(verb, type).in(namespace).attributesFor(subject.userInfo()));
  }

  @Test
  void decisionsAreAllowedGrantedByABinding() {
    Decision decision = decide("jane", "dev", "get", "pods", "team-a");
    assertThat(decision).isAllowed().grantedBy("RoleBinding team-a/developers");
    assertThat(decision).grantedBy("RoleBinding \"developers/team-a\" of Role \"developer\" to Group \"dev\"");
    assertThat(decide("jane", "dev", "get", "secrets", "team-a")).isDenied().isNotAllowed().hasNoOpinion();
  }

  @Test
  void aWrongBindingNamesTheRealOne() {
    assertThatThrownBy(() -> assertThat(decide("jane", "dev", "get", "pods", "team-a")).grantedBy("ClusterRoleBinding view-all"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected Allow granted by ClusterRoleBinding view-all, but it was granted by RoleBinding team-a/developers")
        .hasMessageContaining("\n  allowed by RoleBinding team-a/developers");
  }

  @Test
  void isAllowedFailsWithTheExplanation() {
    assertThatThrownBy(() -> assertThat(decide("jane", "dev", "delete", "pods", "team-a")).isAllowed())
        .hasMessageStartingWith("Expected Allow, got NoOpinion")
        .hasMessageContaining("Why:")
        .hasMessageContaining("missed verb: verb \"delete\" not in [\"get\" \"list\" \"watch\"]");
    assertThatThrownBy(() -> assertThat(decide("jane", "dev", "delete", "pods", "team-a")).isExplicitlyDenied())
        .hasMessageStartingWith("Expected Deny, got NoOpinion");
    assertThatThrownBy(() -> assertThat(decide("jane", "dev", "get", "pods", "team-a")).isDenied())
        .hasMessageContaining("Expected not allowed, got Allow (reason: RBAC: allowed by RoleBinding");
  }

  @Test
  void systemMastersHasNoGrantingBinding() {
    Decision decision = decide("root", "system:masters", "delete", "nodes", "");
    assertThatThrownBy(() -> assertThat(decision).grantedBy("ClusterRoleBinding cluster-admin"))
        .hasMessageContaining("but no RBAC binding granted it");
  }

  private static final Authenticator CHAIN =
      AuthenticatorChain.of(new BearerTokenAuthenticator(TokenFileAuthenticator.fromCsv("tokens.csv", "t0ken,jane,u-1,\"dev,ops\"\n")));

  @Test
  void authenticatorsAuthenticateAndReject() {
    assertThat(CHAIN).authenticates(AuthenticationRequest.withBearerToken("t0ken")).asUser("jane").withGroups("dev").withUid("u-1");
    assertThat(CHAIN).rejects(AuthenticationRequest.withBearerToken("wrong")).rejects(AuthenticationRequest.get("/"));
    assertThat(CHAIN.authenticate(AuthenticationRequest.withBearerToken("t0ken"))).isAuthenticated().withOnlyGroups("ops", "dev");
    assertThat(UserInfo.of("bob", "a")).asUser("bob").withGroups("a");
  }

  @Test
  void authenticationFailuresCarryTheTrace() {
    assertThatThrownBy(() -> assertThat(CHAIN).authenticates(AuthenticationRequest.withBearerToken("wrong")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to authenticate the request, got ")
        .hasMessageContaining("\nTrace:\n  ");
    assertThatThrownBy(() -> assertThat(CHAIN).authenticates(AuthenticationRequest.withBearerToken("t0ken")).withGroups("dev", "admins"))
        .hasMessageContaining("Expected user \"jane\" to be in groups [\"dev\" \"admins\"], but it is not in [\"admins\"]")
        .hasMessageContaining("\nTrace:");
    assertThatThrownBy(() -> assertThat(CHAIN).authenticates(AuthenticationRequest.withBearerToken("t0ken")).asUser("bob"))
        .hasMessageContaining("Expected user \"bob\", got \"jane\"");
    assertThatThrownBy(() -> assertThat(CHAIN).rejects(AuthenticationRequest.withBearerToken("t0ken")))
        .hasMessageContaining("to reject the request, but it authenticated as \"jane\" groups=[\"dev\" \"ops\"]");
  }
}
