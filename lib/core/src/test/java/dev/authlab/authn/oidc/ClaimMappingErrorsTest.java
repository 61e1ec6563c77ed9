package dev.authlab.authn.oidc;

import static dev.authlab.authn.oidc.TestKeys.RSA_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authlab.authn.AuthnResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The mapping error paths of oidc.go (CEL results of the wrong type, empty CEL usernames, extra errors
 * without the "oidc:" prefix), Go's claim unmarshalling (TestUnmarshalClaim, TestUnmarshalClaimError)
 * and cel-go's rendering of numbers.
 */
class ClaimMappingErrorsTest {

  static final Instant NOW = Instant.parse("2009-11-10T23:00:00Z");

  static AuthnResult run(ClaimMappings mappings, String extraClaims) {
    OidcAuthenticator a = OidcAuthenticator.create(JwtAuthenticator.of(Issuer.of("https://auth.example.com", "my-client"), mappings),
        OidcOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withKeySet(KeySet.of(TestKeys.publicSet(RSA_1))));
    String token = TestKeys.sign("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": "
        + (NOW.getEpochSecond() + 60) + extraClaims + "}", RSA_1, JWSAlgorithm.RS256);
    return a.authenticateToken(token, List.of());
  }

  static String error(ClaimMappings mappings, String extraClaims) {
    AuthnResult result = run(mappings, extraClaims);
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  static ClaimMappings username(String expression) {
    return ClaimMappings.username(PrefixedClaimOrExpression.expression(expression));
  }

  @Test
  void celResultsOfTheWrongKind() {
    assertThat(error(username("claims.n"), ", \"n\": 1"))
        .isEqualTo("oidc: error evaluating username claim expression: username claim expression must return a string");
    assertThat(error(username("claims.blank"), ", \"blank\": \"\"")).isEqualTo("oidc: empty username via CEL expression is not allowed");
    assertThat(error(username("claims.username").withUid(new ClaimOrExpression("", "claims.n")), ", \"n\": 1"))
        .isEqualTo("oidc: error evaluating uid claim expression: uid claim expression must return a string");
    assertThat(error(username("claims.username").withGroups(PrefixedClaimOrExpression.expression("claims.g")), ", \"g\": [\"a\", 1]"))
        .isEqualTo("oidc: error evaluating group claim expression: expression must return a string or a list of strings");
    assertThat(error(username("claims.username").withExtra(List.of(new ExtraMapping("example.org/x", "claims.o"))), ", \"o\": {\"a\": 1}"))
        .isEqualTo("oidc: error evaluating extra claim expression: claims.o: expression must return a string or a list of strings");
  }

  @Test
  void extraEvaluationErrorsCarryNoOidcPrefix() {
    assertThat(error(username("claims.username").withExtra(List.of(new ExtraMapping("example.org/x", "claims.missing"))), ""))
        .isEqualTo("expression 'claims.missing' resulted in error: no such key: missing");
  }

  @Test
  void claimBasedMappingsFollowGoUnmarshalling() {
    assertThat(error(ClaimMappings.username(PrefixedClaimOrExpression.claim("username", "")).withUid(new ClaimOrExpression("uid", "")), ""))
        .isEqualTo("oidc: parse uid claim \"uid\": claim not present");
    assertThat(error(ClaimMappings.username(PrefixedClaimOrExpression.claim("n", "")), ", \"n\": 7"))
        .isEqualTo("oidc: parse username claims \"n\": json: cannot unmarshal number into Go value of type string");
    assertThat(((AuthnResult.Authenticated) run(ClaimMappings.username(PrefixedClaimOrExpression.claim("nothing", "")), ", \"nothing\": null"))
        .user().name()).as("null unmarshals to the empty string").isEmpty();
    assertThat(error(ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "")), ", \"email\": \"j@x\", \"email_verified\": null"))
        .as("null email_verified is false").isEqualTo("oidc: email not verified");
    assertThat(error(ClaimMappings.username(PrefixedClaimOrExpression.claim("username", "")).withGroups(PrefixedClaimOrExpression.claim("g", "")),
        ", \"g\": [\"a\", 2]")).isEqualTo("oidc: parse groups claim \"g\": json: cannot unmarshal array into Go value of type string");
  }

  @Test
  void unmarshalClaim() throws Exception {
    JsonNode claims = Jwt.JSON.readTree("{\"aud\": \"foo\", \"email_verified\": true, \"groups\": [\"a\", \"b\", \"c\"], \"token\": \"96bb299a-02e9-11e8\"}");
    assertThat(OidcAuthenticator.stringClaim(claims.get("aud"))).isEqualTo("foo");
    assertThat(OidcAuthenticator.boolClaim(claims.get("email_verified"))).isTrue();
    assertThat(OidcAuthenticator.stringOrArray(claims.get("groups"))).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> OidcAuthenticator.boolClaim(claims.get("aud"))).hasMessage("json: cannot unmarshal string into Go value of type bool");
    assertThatThrownBy(() -> OidcAuthenticator.boolClaim(claims.get("token"))).satisfies(e -> assertThat(e.getMessage()).doesNotContain("96bb299a"));
  }

  @Test
  void numbersRenderLikeCelGo() {
    assertThat(GoText.formatG(1.0)).isEqualTo("1");
    assertThat(GoText.formatG(1.5)).isEqualTo("1.5");
    assertThat(GoText.formatG(1700081020.5)).isEqualTo("1.7000810205e+09");
    assertThat(GoText.formatG(123456)).isEqualTo("123456");
    assertThat(GoText.formatG(1e6)).isEqualTo("1e+06");
    assertThat(GoText.formatG(0.0001)).isEqualTo("0.0001");
    assertThat(GoText.formatG(0.00001)).isEqualTo("1e-05");
    assertThat(GoText.formatG(-2.5e-7)).isEqualTo("-2.5e-07");
    AuthnResult result = run(username("claims.username").withExtra(List.of(new ExtraMapping("example.org/n", "[string(claims.i), string(claims.d), string(claims.big)]"))),
        ", \"i\": 1, \"d\": 2.5, \"big\": 1e21");
    assertThat(((AuthnResult.Authenticated) result).user().extra()).containsEntry("example.org/n", List.of("1", "2.5", "1e+21"));
  }

  @Test
  void escapedNamesUnescapeOnlyWhenTheyAreValidEscapes() {
    assertThat(CelExpressions.unescape("example__dot__org__slash__foo")).contains("example.org/foo");
    assertThat(CelExpressions.unescape("a__underscores__b")).contains("a__b");
    assertThat(CelExpressions.unescape("__namespace__")).contains("namespace");
    assertThat(CelExpressions.unescape("x__namespace__")).isEmpty();
    assertThat(CelExpressions.unescape("a__bogus__b")).isEmpty();
    assertThat(CelExpressions.unescape("plain")).isEmpty();
  }
}
