package dev.authlab.labs.lab01_authentication_workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AnonymousAuthenticator;
import dev.authlab.authn.ApiServerAuthenticator;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthenticatorChain;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import dev.authlab.labs.support.OwnWork;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 01 against the library: your {@link FirstSuccessChain} must answer as the kit's
 * {@link AuthenticatorChain#of} (upstream's union) does, and {@link ApiServerOrder} must order the
 * methods as {@link ApiServerAuthenticator} does.
 */
@Tag("library")
class Lab01LibraryTest {

  static final AuthenticationRequest REQUEST = AuthenticationRequest.get("/api/v1/namespaces/team-a/pods");

  @Test
  @DisplayName("the first authenticator that succeeds decides, and the ones after it are not asked")
  void firstSuccessWins() {
    yourOwnChain();
    Counted later = new Counted(success("token-file", UserInfo.of("carol", "ops")));
    List<Authenticator> chain = List.of(noOpinion("requestheader"), success("x509", UserInfo.of("jane", "dev")), later);

    AuthnResult result = new FirstSuccessChain(chain).authenticate(REQUEST);
    assertSameUser(result, AuthenticatorChain.of(chain).authenticate(REQUEST), "no opinion, then jane's certificate, then carol's token");
    assertThat(later.calls.get()).as("times the authenticator after the successful one was asked").isZero();
  }

  @Test
  @DisplayName("a failing authenticator does not stop the chain: the next one still gets its chance")
  void failureDoesNotStopTheChain() {
    yourOwnChain();
    List<Authenticator> chain = List.of(
        failure("requestheader", "x509: certificate signed by unknown authority"),
        failure("x509", "x509: certificate has expired or is not yet valid"),
        success("bearer-token", new UserInfo("alice", "1001", List.of("devs"), java.util.Map.of())));

    assertSameUser(new FirstSuccessChain(chain).authenticate(REQUEST), AuthenticatorChain.of(chain).authenticate(REQUEST),
        "two failures, then alice's token");
  }

  @Test
  @DisplayName("when nobody succeeds, every error is reported, in order")
  void failuresAreReportedTogether() {
    yourOwnChain();
    List<Authenticator> chain = List.of(
        failure("x509", "x509: certificate signed by unknown authority"),
        noOpinion("requestheader"),
        failure("bearer-token", "invalid bearer token"));

    AuthnResult result = new FirstSuccessChain(chain).authenticate(REQUEST);
    assertThat(result).as("a failure, a no opinion, a failure: the union's answer").isInstanceOf(AuthnResult.Failed.class);
    String reason = ((AuthnResult.Failed) result).reason();
    assertThat(reason).as("the reason your chain reports (the kit's union says \"%s\")", ((AuthnResult.Failed) AuthenticatorChain.of(chain).authenticate(REQUEST)).reason())
        .containsSubsequence("x509: certificate signed by unknown authority", "invalid bearer token");

    AuthnResult single = new FirstSuccessChain(List.of(noOpinion("x509"), failure("bearer-token", "invalid bearer token"))).authenticate(REQUEST);
    assertThat(single).as("no opinion, then one failure").isInstanceOf(AuthnResult.Failed.class);
    assertThat(((AuthnResult.Failed) single).reason()).as("the reason for a single failure is that failure's reason").isEqualTo("invalid bearer token");
  }

  @Test
  @DisplayName("when nobody recognises the request the answer is no opinion, not a failure")
  void nobodyRecognisesIsNoOpinion() {
    yourOwnChain();
    assertThat(new FirstSuccessChain(List.of(noOpinion("x509"), success("bearer-token", UserInfo.of("alice")))).authenticate(REQUEST))
        .as("no opinion, then a success").isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(new FirstSuccessChain(List.of(noOpinion("requestheader"), noOpinion("x509"), noOpinion("bearer-token"))).authenticate(REQUEST))
        .as("three authenticators with no opinion (the kit's union: %s)",
            AuthenticatorChain.of(noOpinion("requestheader"), noOpinion("x509"), noOpinion("bearer-token")).authenticate(REQUEST).getClass().getSimpleName())
        .isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(new FirstSuccessChain(List.of()).authenticate(REQUEST)).as("an empty chain").isInstanceOf(AuthnResult.NoOpinion.class);
  }

  @Test
  @DisplayName("puts the configured methods in kube-apiserver's order, not the blog post's")
  void ordersMethodsAsKubeApiServerDoes() {
    yourOwnOrder();
    List<Set<AuthnMethod>> configurations = List.of(
        EnumSet.allOf(AuthnMethod.class),
        EnumSet.of(AuthnMethod.TOKEN_FILE, AuthnMethod.CLIENT_CERTIFICATE),
        EnumSet.of(AuthnMethod.TOKEN_FILE, AuthnMethod.WEBHOOK_TOKEN, AuthnMethod.OIDC, AuthnMethod.SERVICE_ACCOUNT_TOKEN),
        EnumSet.of(AuthnMethod.WEBHOOK_TOKEN, AuthnMethod.AUTHENTICATING_PROXY, AuthnMethod.ANONYMOUS),
        EnumSet.of(AuthnMethod.OIDC));
    for (Set<AuthnMethod> configured : configurations) {
      List<AuthnMethod> reversed = new ArrayList<>(configured);
      java.util.Collections.reverse(reversed);
      assertThat(ApiServerOrder.arrange(reversed))
          .as("the order kube-apiserver asks %s (expected) vs yours (actual)", configured)
          .containsExactlyElementsOf(kubeApiServersOrder(configured));
    }
  }

  // ---- the reader's own work: the kit classes the answers are compared with must not do it for them

  static void yourOwnChain() {
    OwnWork.assertDoesNotUse(FirstSuccessChain.class,
        "ask the authenticators yourself; the kit's union is what your chain is compared with",
        "AuthenticatorChain", "TokenAuthenticatorUnion", "ApiServerAuthenticator", "AuthnSettings", "JwtAuthenticators", "ServiceAccountConfig");
  }

  static void yourOwnOrder() {
    OwnWork.assertDoesNotUse(ApiServerOrder.class,
        "write the order down yourself; the kit's ApiServerAuthenticator is what your order is compared with",
        "ApiServerAuthenticator", "AuthnSettings");
  }

  // ---- the oracle: ApiServerAuthenticator built with one stand-in per configured method

  static List<AuthnMethod> kubeApiServersOrder(Set<AuthnMethod> configured) {
    ApiServerAuthenticator.Builder builder = ApiServerAuthenticator.builder();
    for (AuthnMethod method : configured) {
      switch (method) {
        case TOKEN_FILE -> builder.tokenFile(token(method));
        case CLIENT_CERTIFICATE -> builder.clientCertificates(noOpinion(method.name()));
        case WEBHOOK_TOKEN -> builder.webhook(token(method));
        case OIDC -> builder.jwt(token(method));
        case AUTHENTICATING_PROXY -> builder.requestHeader(noOpinion(method.name()));
        case SERVICE_ACCOUNT_TOKEN -> builder.serviceAccounts(token(method));
        case ANONYMOUS -> builder.anonymous(AnonymousAuthenticator.anyPath());
        default -> throw new IllegalStateException("unknown method " + method);
      }
    }
    List<AuthnMethod> order = new ArrayList<>();
    for (String step : builder.build().order()) {
      String name = step.startsWith("bearer token: ") ? step.substring("bearer token: ".length()) : step;
      if (name.equals("anonymous")) {
        order.add(AuthnMethod.ANONYMOUS);
      } else if (java.util.Arrays.stream(AuthnMethod.values()).anyMatch(m -> m.name().equals(name))) {
        order.add(AuthnMethod.valueOf(name));
      }
      // the loopback token and the group adder are not methods anyone configures
    }
    return order;
  }

  private static TokenAuthenticator token(AuthnMethod method) {
    return new TokenAuthenticator() {
      @Override
      public AuthnResult authenticateToken(String token, List<String> audiences) {
        return AuthnResult.noOpinion(method.name(), "a stand-in");
      }

      @Override
      public String name() {
        return method.name();
      }
    };
  }

  // ---- stand-in authenticators

  private static void assertSameUser(AuthnResult yours, AuthnResult union, String what) {
    assertThat(union).isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo expected = ((AuthnResult.Authenticated) union).user();
    assertThat(yours).as("%s: the union authenticates %s; your chain's answer", what, expected.name()).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) yours).user()).as("%s: the user", what).isEqualTo(expected);
  }

  static Authenticator success(String name, UserInfo user) {
    return named(name, AuthnResult.authenticated(name, user, "a stand-in that accepts everything"));
  }

  static Authenticator failure(String name, String error) {
    return named(name, AuthnResult.failed(name, error));
  }

  static Authenticator noOpinion(String name) {
    return named(name, AuthnResult.noOpinion(name, "a stand-in with no opinion"));
  }

  private static Authenticator named(String name, AuthnResult answer) {
    return new Authenticator() {
      @Override
      public AuthnResult authenticate(AuthenticationRequest request) {
        return answer;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /** Counts how often it is asked. */
  static final class Counted implements Authenticator {
    final AtomicInteger calls = new AtomicInteger();
    private final Authenticator delegate;

    Counted(Authenticator delegate) {
      this.delegate = delegate;
    }

    @Override
    public AuthnResult authenticate(AuthenticationRequest request) {
      calls.incrementAndGet();
      return delegate.authenticate(request);
    }
  }
}
