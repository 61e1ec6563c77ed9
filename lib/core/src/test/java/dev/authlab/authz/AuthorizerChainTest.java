package dev.authlab.authz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The API server's union of authorization modes (upstream apiserver authorization/union
 * union_test.go) and the built-in modes of authorizerfactory (builtin_test.go).
 */
class AuthorizerChainTest {

  private static final Attributes ANY = Attributes.resource(UserInfo.of("jane", "devs"), "get", "pods");

  /** An authorizer that answers fixed and records that it was asked. */
  private static final class Fixed implements Authorizer {
    private final String name;
    private final Decision decision;
    private final List<String> calls;

    Fixed(String name, Decision decision, List<String> calls) {
      this.name = name;
      this.decision = decision;
      this.calls = calls;
    }

    @Override
    public Decision authorize(Attributes attributes) {
      calls.add(name);
      return decision;
    }

    @Override
    public String name() {
      return name;
    }
  }

  private final List<String> calls = new ArrayList<>();

  private Authorizer allow(String name, String reason) {
    return new Fixed(name, Decision.allow(reason), calls);
  }

  private Authorizer deny(String name, String reason) {
    return new Fixed(name, Decision.deny(reason), calls);
  }

  private Authorizer abstain(String name, String reason) {
    return new Fixed(name, Decision.noOpinion(reason), calls);
  }

  @Nested
  class UpstreamUnion {

    @Test
    void secondAuthorizerAllowsAfterTheFirstAbstains() {
      assertThat(AuthorizerChain.of(abstain("a", ""), allow("b", "")).authorize(ANY)).isInstanceOf(Decision.Allow.class);
    }

    @Test
    void firstAuthorizerAllowsAndTheRestAreNotAsked() {
      assertThat(AuthorizerChain.of(allow("a", ""), abstain("b", "")).authorize(ANY)).isInstanceOf(Decision.Allow.class);
      assertThat(calls).containsExactly("a");
    }

    @Test
    void noAuthorizerAllowsSoTheChainAbstains() {
      assertThat(AuthorizerChain.of(abstain("a", ""), abstain("b", "")).authorize(ANY)).isInstanceOf(Decision.NoOpinion.class);
    }

    @Test
    void emptyChainAbstains() {
      Decision decision = AuthorizerChain.of().authorize(ANY);
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEmpty();
    }

    @Test
    void allowBeforeDenyWins() {
      assertThat(AuthorizerChain.of(abstain("a", ""), allow("b", ""), deny("c", "")).authorize(ANY)).isInstanceOf(Decision.Allow.class);
      assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void denyBeforeAllowWins() {
      assertThat(AuthorizerChain.of(abstain("a", ""), deny("b", ""), allow("c", "")).authorize(ANY)).isInstanceOf(Decision.Deny.class);
      assertThat(calls).containsExactly("a", "b");
    }
  }

  @Nested
  class Reasons {

    @Test
    void allowCarriesOnlyTheAllowingAuthorizersReason() {
      Decision decision = AuthorizerChain.of(abstain("a", "not mine"), allow("b", "yes because")).authorize(ANY);
      assertThat(decision.reason()).isEqualTo("yes because");
    }

    @Test
    void denyCarriesOnlyTheDenyingAuthorizersReason() {
      Decision decision = AuthorizerChain.of(abstain("a", "not mine"), deny("b", "no because")).authorize(ANY);
      assertThat(decision.reason()).isEqualTo("no because");
    }

    @Test
    void abstentionJoinsTheNonEmptyReasonsWithNewlines() {
      Decision decision = AuthorizerChain.of(abstain("a", "first"), abstain("b", ""), abstain("c", "third")).authorize(ANY);
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEqualTo("first\nthird");
    }

    @Test
    void explanationListsEveryAuthorizerAskedInOrder() {
      Decision decision = AuthorizerChain.of(abstain("a", ""), deny("b", "no"), allow("c", "")).authorize(ANY);
      assertThat(decision.explanation()).isInstanceOf(AuthorizerChain.ChainExplanation.class);
      assertThat(((AuthorizerChain.ChainExplanation) decision.explanation()).steps()).extracting(AuthorizerChain.Step::authorizer).containsExactly("a", "b");
    }
  }

  @Nested
  class BuiltInModes {

    @Test
    void alwaysAllowAllowsWithAnEmptyReason() {
      Decision decision = new AlwaysAllow().authorize(ANY);
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      assertThat(decision.reason()).isEmpty();
    }

    @Test
    void alwaysDenyAbstainsWithEverythingIsForbidden() {
      Decision decision = new AlwaysDeny().authorize(ANY);
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
      assertThat(decision.reason()).isEqualTo("Everything is forbidden.");
    }

    @Test
    void alwaysDenyFirstStillLetsALaterModeAllow() {
      Decision decision = AuthorizerChain.of(new AlwaysDeny(), new AlwaysAllow()).authorize(ANY);
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      assertThat(decision.reason()).isEmpty();
    }

    @Test
    void alwaysDenyReasonIsJoinedWithTheOthersWhenNobodyAllows() {
      Decision decision = AuthorizerChain.of(abstain("rbac", "RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found"), new AlwaysDeny()).authorize(ANY);
      assertThat(decision.reason()).isEqualTo("RBAC: clusterrole.rbac.authorization.k8s.io \"x\" not found\nEverything is forbidden.");
    }

    @Test
    void privilegedGroupAllowsAnyMemberAndAbstainsForOthers() {
      PrivilegedGroupAuthorizer auth = new PrivilegedGroupAuthorizer(List.of("allow-01", "allow-01"));
      Decision yes = auth.authorize(Attributes.resource(new UserInfo("", "", List.of("no", "allow-01"), java.util.Map.of()), "get", "pods"));
      Decision no = auth.authorize(Attributes.resource(new UserInfo("", "", List.of("no", "deny-01"), java.util.Map.of()), "get", "pods"));
      assertThat(yes).isInstanceOf(Decision.Allow.class);
      assertThat(yes.reason()).isEmpty();
      assertThat(no).isInstanceOf(Decision.NoOpinion.class);
      assertThat(no.reason()).isEmpty();
    }

    @Test
    void systemMastersIsAllowedBeforeAnyConfiguredMode() {
      AuthorizerChain chain = AuthorizerChain.kubeApiServer(deny("webhook", "no"));
      Decision decision = chain.authorize(Attributes.resource(UserInfo.of("root", "system:masters"), "delete", "nodes"));
      assertThat(decision).isInstanceOf(Decision.Allow.class);
      assertThat(calls).isEmpty();
      assertThat(chain.authorize(ANY)).isInstanceOf(Decision.Deny.class);
    }

    @Test
    void systemMastersMustBeAnExactGroupName() {
      Decision decision = PrivilegedGroupAuthorizer.systemMasters().authorize(Attributes.resource(UserInfo.of("x", "System:Masters", "system:master"), "get", "pods"));
      assertThat(decision).isInstanceOf(Decision.NoOpinion.class);
    }
  }
}
