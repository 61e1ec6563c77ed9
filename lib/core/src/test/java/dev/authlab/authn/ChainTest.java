package dev.authlab.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The request-path pieces around the plugins: unions, bearer tokens, group adder, audiences, anonymous. */
class ChainTest {

  static Authenticator says(String name, AuthnResult result) {
    return new Authenticator() {
      @Override
      public AuthnResult authenticate(AuthenticationRequest request) {
        return result;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  static AuthnResult user(String name, String... groups) {
    return AuthnResult.authenticated("fake", UserInfo.of(name, groups), "fake");
  }

  static final AuthenticationRequest ANY = AuthenticationRequest.get("/");

  /** Upstream request/union union_test.go. */
  @Nested
  class Union {
    @Test
    void firstAuthenticatorThatAcceptsWins() {
      AuthnResult result = AuthenticatorChain.of(says("a", user("alice")), says("b", user("bob"))).authenticate(ANY);
      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("alice");
    }

    @Test
    void noOpinionFallsThroughToTheNext() {
      AuthnResult result = AuthenticatorChain.of(says("a", AuthnResult.noOpinion("a", "not mine")), says("b", user("bob"))).authenticate(ANY);
      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("bob");
      assertThat(result.trace().steps()).extracting(Trace.Step::authenticator).containsExactly("a", "fake");
    }

    @Test
    void anErrorDoesNotStopTheUnionButIsReportedIfNobodyAccepts() {
      assertThat(AuthenticatorChain.of(says("a", AuthnResult.failed("a", "bad")), says("b", user("bob"))).authenticate(ANY).isAuthenticated())
          .isTrue();
      AuthnResult result =
          AuthenticatorChain.of(says("a", AuthnResult.failed("a", "first")), says("b", AuthnResult.noOpinion("b", "x")), says("c", AuthnResult.failed("c", "second")))
              .authenticate(ANY);
      assertThat(result).isInstanceOf(AuthnResult.Failed.class);
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("[first, second]");
    }

    @Test
    void repeatedErrorsAreReportedOnce() {
      AuthnResult result = AuthenticatorChain.of(says("a", AuthnResult.failed("a", "same")), says("b", AuthnResult.failed("b", "same"))).authenticate(ANY);
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("same");
    }

    @Test
    void allNoOpinionIsNoOpinion() {
      assertThat(AuthenticatorChain.of(says("a", AuthnResult.noOpinion("a", "x"))).authenticate(ANY)).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(AuthenticatorChain.of().authenticate(ANY)).isInstanceOf(AuthnResult.NoOpinion.class);
    }

    @Test
    void failOnErrorStopsAtTheFirstError() {
      List<String> called = new ArrayList<>();
      Authenticator second =
          request -> {
            called.add("second");
            return user("late");
          };
      AuthnResult result = AuthenticatorChain.failOnError(says("a", AuthnResult.failed("a", "bad token")), second).authenticate(ANY);
      assertThat(result).isInstanceOf(AuthnResult.Failed.class);
      assertThat(called).isEmpty();
    }
  }

  /** Upstream bearertoken_test.go. */
  @Nested
  class BearerToken {
    private final List<String> seen = new ArrayList<>();

    private final TokenAuthenticator accepts =
        (token, audiences) -> {
          seen.add(token);
          return AuthnResult.authenticated("t", UserInfo.of("myuser"), "ok");
        };

    private AuthnResult run(TokenAuthenticator tokens, String... headers) {
      AuthenticationRequest request = AuthenticationRequest.get("/");
      for (String header : headers) {
        request = request.withHeader("Authorization", header);
      }
      return new BearerTokenAuthenticator(tokens).authenticate(request);
    }

    @Test
    void validTokenAuthenticates() {
      assertThat(run(accepts, "Bearer token").isAuthenticated()).isTrue();
      assertThat(seen).containsExactly("token");
    }

    @Test
    void valuesAfterTheTokenAreIgnored() {
      for (String header : List.of("Bearer token a", "Bearer token a b c", "Bearer token   a")) {
        seen.clear();
        assertThat(run(accepts, header).isAuthenticated()).as(header).isTrue();
        assertThat(seen).containsExactly("token");
      }
    }

    @Test
    void schemeIsCaseInsensitiveAndOuterSpaceTrimmed() {
      assertThat(run(accepts, "  bEaReR token  ").isAuthenticated()).isTrue();
    }

    @Test
    void noHeaderOtherSchemesAndEmptyTokensAreNotOurs() {
      TokenAuthenticator mustNotBeCalled =
          (token, audiences) -> {
            throw new AssertionError("token authenticator called for " + token.length() + " chars");
          };
      assertThat(run(mustNotBeCalled)).isInstanceOf(AuthnResult.NoOpinion.class);
      for (String header : List.of("", "Bearer", "bear token", "Bearer: token", "Basic 123", "Bearer ")) {
        assertThat(run(mustNotBeCalled, header)).as(header).isInstanceOf(AuthnResult.NoOpinion.class);
      }
    }

    @Test
    void extraSpaceBeforeTheTokenIsIgnoredWithAReason() {
      AuthnResult result = run(accepts, "Bearer  token");
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason()).contains("extra space");
    }

    @Test
    void unrecognisedTokenIsAnInvalidBearerTokenError() {
      AuthnResult result = run((token, audiences) -> AuthnResult.noOpinion("t", "unknown"), "Bearer 123");
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("invalid bearer token");
    }

    @Test
    void anAuthenticatorsOwnErrorIsKept() {
      AuthnResult result = run((token, audiences) -> AuthnResult.failed("t", "custom"), "Bearer 123");
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("custom");
    }

    @Test
    void onlyTheFirstAuthorizationHeaderCounts() {
      run(accepts, "Bearer first", "Bearer second");
      assertThat(seen).containsExactly("first");
    }
  }

  /** Upstream group/authenticated_group_adder_test.go. */
  @Nested
  class GroupAdder {
    private UserInfo through(AuthnResult inner) {
      return ((AuthnResult.Authenticated) new AuthenticatedGroupAdder(says("a", inner)).authenticate(ANY)).user();
    }

    @Test
    void addsSystemAuthenticated() {
      assertThat(through(user("user", "group"))).extracting(UserInfo::groups).isEqualTo(List.of("group", "system:authenticated"));
    }

    @Test
    void doesNotAddItTwiceNorToUnauthenticatedOrAnonymous() {
      assertThat(through(user("user", "system:authenticated", "g")).groups()).containsExactly("system:authenticated", "g");
      assertThat(through(user("user", "system:unauthenticated")).groups()).containsExactly("system:unauthenticated");
      assertThat(through(user("system:anonymous")).groups()).isEmpty();
    }

    @Test
    void failuresPassThroughUntouched() {
      AuthnResult failed = AuthnResult.failed("a", "x");
      assertThat(new AuthenticatedGroupAdder(says("a", failed)).authenticate(ANY)).isSameAs(failed);
    }
  }

  /** Upstream authenticator/audagnostic_test.go. */
  @Nested
  class AudienceAgnostic {
    private final TokenAuthenticator plain = (token, audiences) -> AuthnResult.authenticated("plain", UserInfo.of("u"), "ok");

    @Test
    void noExpectedAudiencesLeavesTheResultAlone() {
      AuthnResult result = new AudienceAgnosticTokenAuthenticator(List.of("api"), plain).authenticateToken("t", List.of());
      assertThat(((AuthnResult.Authenticated) result).audiences()).isEmpty();
    }

    @Test
    void sharedAudiencesAreReturned() {
      AuthnResult result = new AudienceAgnosticTokenAuthenticator(List.of("api", "other"), plain).authenticateToken("t", List.of("other", "x"));
      assertThat(((AuthnResult.Authenticated) result).audiences()).containsExactly("other");
    }

    @Test
    void noSharedAudienceMeansNotThisAuthenticatorsToken() {
      assertThat(new AudienceAgnosticTokenAuthenticator(List.of("api"), plain).authenticateToken("t", List.of("vault")))
          .isInstanceOf(AuthnResult.NoOpinion.class);
    }

    @Test
    void aWrappedAuthenticatorThatReturnsAudiencesIsAnError() {
      TokenAuthenticator aware =
          (token, audiences) -> new AuthnResult.Authenticated(UserInfo.of("u"), List.of("api"), Trace.empty());
      assertThat(new AudienceAgnosticTokenAuthenticator(List.of("api"), aware).authenticateToken("t", List.of("api")))
          .isInstanceOf(AuthnResult.Failed.class);
    }

    // the request-level wrapper (upstream WrapAudienceAgnosticRequest, used for the authenticating proxy)

    private final Authenticator proxy = says("requestheader", user("proxied"));

    @Test
    void requestWithoutExpectedAudiencesIsPassedThroughUntouched() {
      AuthnResult result = new AudienceAgnosticAuthenticator(List.of("api"), proxy).authenticate(ANY);
      assertThat(((AuthnResult.Authenticated) result).audiences()).isEmpty();
      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("proxied");
    }

    @Test
    void requestSharedAudiencesAreReturnedInTheRequestsOrder() {
      AuthnResult result = new AudienceAgnosticAuthenticator(List.of("api", "other", "third"), proxy)
          .authenticate(ANY.withAudiences(List.of("x", "third", "api")));
      assertThat(((AuthnResult.Authenticated) result).audiences()).containsExactly("third", "api");
    }

    @Test
    void requestWithNoSharedAudienceIsNotThisAuthenticatorsAndTheDelegateIsNotAsked() {
      List<AuthenticationRequest> asked = new ArrayList<>();
      Authenticator counting = request -> {
        asked.add(request);
        return user("proxied");
      };
      AuthnResult result = new AudienceAgnosticAuthenticator(List.of("api"), counting).authenticate(ANY.withAudiences(List.of("vault")));
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(asked).isEmpty();
    }

    @Test
    void requestWithNoApiAudiencesAcceptsNothingThatExpectsAudiences() {
      assertThat(new AudienceAgnosticAuthenticator(List.of(), proxy).authenticate(ANY.withAudiences(List.of("api"))))
          .isInstanceOf(AuthnResult.NoOpinion.class);
    }

    @Test
    void requestFailuresAndNoOpinionsPassThrough() {
      AuthnResult failed = AuthnResult.failed("requestheader", "x509: certificate signed by unknown authority");
      assertThat(new AudienceAgnosticAuthenticator(List.of("api"), says("requestheader", failed)).authenticate(ANY.withAudiences(List.of("api"))))
          .isEqualTo(failed);
      AuthnResult none = AuthnResult.noOpinion("requestheader", "no client certificate");
      assertThat(new AudienceAgnosticAuthenticator(List.of("api"), says("requestheader", none)).authenticate(ANY.withAudiences(List.of("api"))))
          .isEqualTo(none);
    }

    @Test
    void requestAuthenticatorThatReturnsAudiencesIsAnError() {
      Authenticator aware = says("aware", new AuthnResult.Authenticated(UserInfo.of("u"), List.of("api"), Trace.empty()));
      AuthnResult result = new AudienceAgnosticAuthenticator(List.of("api"), aware).authenticate(ANY.withAudiences(List.of("api")));
      assertThat(((AuthnResult.Failed) result).reason())
          .isEqualTo("audience agnostic authenticator wrapped an authenticator that returned audiences: [\"api\"]");
    }

    @Test
    void theApiServersChainWrapsTheProxy() {
      ApiServerAuthenticator chain = ApiServerAuthenticator.builder().apiAudiences(List.of("api")).requestHeader(proxy).build();
      AuthnResult ours = chain.authenticate(ANY.withAudiences(List.of("api")));
      assertThat(((AuthnResult.Authenticated) ours).audiences()).containsExactly("api");
      assertThat(chain.authenticate(ANY.withAudiences(List.of("vault"))).isAuthenticated()).isFalse();
    }
  }

  /** kube-apiserver's cache around its token union (tokencache.New(tokenAuth, true, 10s, 0)). */
  @Nested
  class TokenCache {
    private final List<String> asked = new ArrayList<>();
    private volatile boolean accepting = true;
    private final TokenAuthenticator backend = new TokenAuthenticator() {
      @Override
      public AuthnResult authenticateToken(String token, List<String> audiences) {
        asked.add(token);
        if (token.startsWith("bad")) {
          return AuthnResult.noOpinion("backend", "unknown token");
        }
        return accepting ? AuthnResult.authenticated("backend", UserInfo.of("bound"), "known") : AuthnResult.failed("backend", "pod not found");
      }

      @Override
      public String name() {
        return "backend";
      }
    };
    private final CachedTokenAuthenticatorTest.StepClock clock = new CachedTokenAuthenticatorTest.StepClock();

    private AuthnResult send(ApiServerAuthenticator chain, String token, List<String> audiences) {
      return chain.authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(audiences));
    }

    @Test
    void aSuccessIsRememberedForTenSecondsByDefault() {
      ApiServerAuthenticator chain = ApiServerAuthenticator.builder().serviceAccounts(backend).clock(clock).build();
      AuthnResult first = send(chain, "t", List.of("api"));
      accepting = false; // the pod the token is bound to is deleted
      clock.step(Duration.ofSeconds(10).minusNanos(1));
      AuthnResult cached = send(chain, "t", List.of("api"));

      assertThat(asked).containsExactly("t");
      assertThat(((AuthnResult.Authenticated) cached).user().name()).isEqualTo("bound");
      assertThat(first.trace().lines()).anySatisfy(line -> assertThat(line).startsWith("token-cache: note - cache miss; cached for 10s (success TTL)"));
      assertThat(cached.trace().lines()).anySatisfy(line -> assertThat(line).startsWith("token-cache: note - cache hit"));

      clock.step(Duration.ofNanos(1));
      AuthnResult expired = send(chain, "t", List.of("api"));
      assertThat(asked).containsExactly("t", "t");
      assertThat(expired).isInstanceOf(AuthnResult.Failed.class);
    }

    @Test
    void rejectionsAreNotRememberedByDefault() {
      ApiServerAuthenticator chain = ApiServerAuthenticator.builder().serviceAccounts(backend).clock(clock).build();
      send(chain, "bad", List.of());
      AuthnResult again = send(chain, "bad", List.of());
      assertThat(asked).containsExactly("bad", "bad");
      assertThat(again.trace().lines()).as("nothing to say about a rejection that is never cached")
          .noneSatisfy(line -> assertThat(line).startsWith("token-cache"));
    }

    @Test
    void theAudiencesArePartOfTheKey() {
      ApiServerAuthenticator chain = ApiServerAuthenticator.builder().serviceAccounts(backend).clock(clock).build();
      send(chain, "t", List.of("api"));
      send(chain, "t", List.of("other"));
      assertThat(asked).containsExactly("t", "t");
    }

    @Test
    void theTtlsAreConfigurableAndZeroMeansNoCache() {
      ApiServerAuthenticator uncached = ApiServerAuthenticator.builder().serviceAccounts(backend).tokenCache(Duration.ZERO, Duration.ZERO).build();
      send(uncached, "t", List.of());
      AuthnResult second = send(uncached, "t", List.of());
      assertThat(asked).containsExactly("t", "t");
      assertThat(second.trace().lines()).noneSatisfy(line -> assertThat(line).startsWith("token-cache"));

      asked.clear();
      ApiServerAuthenticator failuresToo = ApiServerAuthenticator.builder().serviceAccounts(backend).tokenCache(Duration.ofMinutes(1), Duration.ofSeconds(5))
          .clock(clock).build();
      send(failuresToo, "bad", List.of());
      send(failuresToo, "bad", List.of());
      assertThat(asked).containsExactly("bad");
    }

    @Test
    void theLoopbackAndRequestAuthenticatorsAreNotCached() {
      List<String> proxied = new ArrayList<>();
      Authenticator proxy = request -> {
        proxied.add(request.path());
        return user("proxied");
      };
      ApiServerAuthenticator chain = ApiServerAuthenticator.builder().requestHeader(proxy).serviceAccounts(backend).clock(clock).build();
      chain.authenticate(ANY);
      chain.authenticate(ANY);
      assertThat(proxied).hasSize(2);
    }
  }

  /** Upstream anonymous_test.go. */
  @Nested
  class Anonymous {
    @Test
    void anonymousIsSystemAnonymousInSystemUnauthenticated() {
      UserInfo user = ((AuthnResult.Authenticated) AnonymousAuthenticator.anyPath().authenticate(ANY)).user();
      assertThat(user.name()).isEqualTo("system:anonymous");
      assertThat(user.groups()).containsExactly("system:unauthenticated");
    }

    @Test
    void conditionsLimitAnonymousToListedPaths() {
      AnonymousAuthenticator health = AnonymousAuthenticator.onlyPaths(List.of("/healthz", "/readyz"));
      assertThat(health.authenticate(AuthenticationRequest.get("/healthz")).isAuthenticated()).isTrue();
      assertThat(health.authenticate(AuthenticationRequest.get("/api/v1/pods")).isAuthenticated()).isFalse();
    }

    @Test
    void aBadTokenIsNeverAnonymousInTheApiServersChain() {
      Authenticator chain =
          AuthenticatorChain.failOnError(
              new AuthenticatedGroupAdder(AuthenticatorChain.of(new BearerTokenAuthenticator((t, a) -> AuthnResult.noOpinion("t", "unknown")))),
              AnonymousAuthenticator.anyPath());
      assertThat(chain.authenticate(AuthenticationRequest.withBearerToken("stolen"))).isInstanceOf(AuthnResult.Failed.class);
      assertThat(((AuthnResult.Authenticated) chain.authenticate(ANY)).user().name()).isEqualTo("system:anonymous");
    }
  }

  @Test
  void headersAreCaseInsensitive() {
    AuthenticationRequest request = AuthenticationRequest.get("/").withHeader("X-Remote-User", "a").withHeader("x-remote-user", "b");
    assertThat(request.headerValues("X-REMOTE-USER")).containsExactly("a", "b");
    assertThat(request.withoutHeader("x-Remote-User").header("X-Remote-User")).isEmpty();
  }
}
