package dev.authlab.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.BearerTokenAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The authenticator against the built-in OpenID provider over real HTTPS: discovery, JWKS, rotation, health. */
class OidcIssuerEndToEndTest {

  static JwtAuthenticator config(OidcIssuer idp) {
    return JwtAuthenticator.of(idp.issuer("kubernetes"), ClaimMappings.username(PrefixedClaimOrExpression.expression(
            "claims.?email_verified.orValue(false) ? claims.email : 'oidc:' + claims.sub"))
        .withGroups(PrefixedClaimOrExpression.claim("groups", "oidc:")));
  }

  @Test
  void verifiesTokensThroughDiscoveryOverHttps() {
    try (OidcIssuer idp = OidcIssuer.start()) {
      OidcAuthenticator oidc = OidcAuthenticator.create(config(idp), OidcOptions.defaults().withSupportedSigningAlgs(OidcAuthenticator.ALL_VALID_SIGNING_ALGORITHMS));
      assertThat(oidc.healthCheck()).isEmpty();
      String token = idp.token().subject("1234").email("jane@example.com", true).groups("dev", "ops").sign();
      AuthnResult result = new BearerTokenAuthenticator(oidc).authenticate(AuthenticationRequest.withBearerToken(token));
      assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(((AuthnResult.Authenticated) result).user()).isEqualTo(new UserInfo("jane@example.com", "", List.of("oidc:dev", "oidc:ops"), Map.of()));
      assertThat(result.trace().lines()).anyMatch(line -> line.startsWith("oidc: authenticated - token from " + idp.url()));

      String unverified = idp.token().subject("1234").email("jane@example.com", false).algorithm(JWSAlgorithm.ES256).sign();
      AuthnResult second = oidc.authenticateToken(unverified, List.of());
      assertThat(((AuthnResult.Authenticated) second).user().name()).isEqualTo("oidc:1234");
      assertThat(idp.requestCount(Discovery.WELL_KNOWN)).isEqualTo(1);
      assertThat(idp.requestCount(OidcIssuer.JWKS_PATH)).as("keys are cached").isEqualTo(1);
    }
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() {
    try (OidcIssuer idp = OidcIssuer.start()) {
      OidcAuthenticator oidc = OidcAuthenticator.create(config(idp), OidcOptions.defaults());
      assertThat(oidc.authenticateToken(idp.token().subject("a").sign(), List.of())).isInstanceOf(AuthnResult.Authenticated.class);
      String oldKid = idp.currentKeyId();
      String newKid = idp.rotateKey();
      assertThat(newKid).isNotEqualTo(oldKid);
      assertThat(oidc.authenticateToken(idp.token().subject("b").sign(), List.of())).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(idp.requestCount(OidcIssuer.JWKS_PATH)).isEqualTo(2);

      idp.retireOldKeys();
      String forgedKid = idp.token().subject("c").keyId("retired-or-unknown").sign();
      AuthnResult failed = oidc.authenticateToken(forgedKid, List.of());
      assertThat(((AuthnResult.Failed) failed).reason()).isEqualTo("oidc: verify token: failed to verify signature: failed to verify id token signature");
    }
  }

  @Test
  void anUnreachableIssuerIsNotInitializedAndRetriedEvery10Seconds() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      public ZoneId getZone() {
        return ZoneId.of("UTC");
      }

      public Clock withZone(ZoneId zone) {
        return this;
      }

      public Instant instant() {
        return now.get();
      }
    };
    try (OidcIssuer idp = OidcIssuer.start(clock)) {
      String token = idp.token().subject("jane").sign();
      int[] calls = {0};
      OidcFetcher https = OidcFetcher.https(idp.caPem());
      OidcFetcher flaky = (url, headers) -> {
        calls[0]++;
        if (calls[0] == 1) {
          throw new java.io.IOException("dial tcp 127.0.0.1:1: connect: connection refused");
        }
        return https.get(url, headers);
      };
      OidcAuthenticator oidc = OidcAuthenticator.create(JwtAuthenticator.of(Issuer.of(idp.url(), "kubernetes"),
          ClaimMappings.username(PrefixedClaimOrExpression.claim("sub", ""))), OidcOptions.defaults().withClock(clock).withFetcher(flaky));
      AuthnResult first = oidc.authenticateToken(token, List.of());
      assertThat(((AuthnResult.Failed) first).reason()).isEqualTo("oidc: authenticator not initialized");
      assertThat(first.trace().lines()).singleElement().asString().contains("connection refused");
      assertThat(oidc.healthCheck()).contains("oidc: authenticator for issuer \"" + idp.url() + "\" is not healthy: Get \"" + idp.url()
          + "/.well-known/openid-configuration\": dial tcp 127.0.0.1:1: connect: connection refused");
      now.set(now.get().plus(Duration.ofSeconds(9)));
      assertThat(oidc.authenticateToken(token, List.of())).isInstanceOf(AuthnResult.Failed.class);
      assertThat(calls[0]).as("no retry before 10 seconds").isEqualTo(1);
      now.set(now.get().plus(Duration.ofSeconds(1)));
      assertThat(oidc.authenticateToken(token, List.of())).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(oidc.healthCheck()).isEmpty();
    }
  }

  @Test
  void distributedGroupsClaimsAreResolvedFromTheProvider() {
    try (OidcIssuer idp = OidcIssuer.start()) {
      idp.serve("/groups", idp.token().claim("groups", List.of("from-endpoint")).sign());
      OidcAuthenticator oidc = OidcAuthenticator.create(JwtAuthenticator.of(idp.issuer(),
              ClaimMappings.username(PrefixedClaimOrExpression.claim("sub", "")).withGroups(PrefixedClaimOrExpression.claim("groups", ""))),
          OidcOptions.defaults());
      String token = idp.token().subject("jane").claim("_claim_names", Map.of("groups", "src1"))
          .claim("_claim_sources", Map.of("src1", Map.of("endpoint", idp.url() + "/groups"))).sign();
      AuthnResult result = oidc.authenticateToken(token, List.of());
      assertThat(((AuthnResult.Authenticated) result).user().groups()).containsExactly("from-endpoint");
    }
  }

  @Test
  void severalIssuersFormAFailOnErrorUnionThatIsAudienceAgnostic() {
    try (OidcIssuer first = OidcIssuer.start(); OidcIssuer second = OidcIssuer.start()) {
      AuthenticationConfiguration config = AuthenticationConfiguration.of(
          JwtAuthenticator.of(first.issuer(), ClaimMappings.username(PrefixedClaimOrExpression.claim("sub", "first:"))),
          JwtAuthenticator.of(second.issuer(), ClaimMappings.username(PrefixedClaimOrExpression.claim("sub", "second:"))));
      TokenAuthenticator jwt = config.tokenAuthenticator(List.of("https://kubernetes.default.svc"), OidcOptions.defaults());

      AuthnResult fromSecond = jwt.authenticateToken(second.token().subject("bob").sign(), List.of());
      assertThat(((AuthnResult.Authenticated) fromSecond).user().name()).isEqualTo("second:bob");
      assertThat(fromSecond.trace().lines()).first().asString().startsWith("oidc: no opinion");

      AuthnResult expired = jwt.authenticateToken(first.token().subject("ann").expiresIn(Duration.ofMinutes(-5)).sign(), List.of());
      assertThat(((AuthnResult.Failed) expired).reason()).startsWith("oidc: verify token: oidc: token is expired");
      assertThat(expired.trace().lines()).hasSize(1);

      AuthnResult forApi = jwt.authenticateToken(first.token().subject("ann").sign(), List.of("https://kubernetes.default.svc", "other"));
      assertThat(((AuthnResult.Authenticated) forApi).audiences()).containsExactly("https://kubernetes.default.svc");
      assertThat(jwt.authenticateToken(first.token().subject("ann").sign(), List.of("vault"))).isInstanceOf(AuthnResult.NoOpinion.class);

      AuthnResult stranger = jwt.authenticateToken(TestKeys.sign("{\"iss\": \"https://elsewhere\"}", TestKeys.RSA_1, JWSAlgorithm.RS256), List.of());
      assertThat(stranger).isInstanceOf(AuthnResult.NoOpinion.class);
    }
  }
}
