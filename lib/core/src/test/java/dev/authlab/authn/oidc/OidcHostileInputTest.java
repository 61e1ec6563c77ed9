package dev.authlab.authn.oidc;

import static dev.authlab.authn.oidc.TestKeys.RSA_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.UserInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens an attacker or a broken client would send, each rejection with upstream's reason. */
class OidcHostileInputTest {

  static final Instant NOW = Instant.parse("2009-11-10T23:00:00Z");
  static final String ISSUER = "https://auth.example.com";

  static OidcAuthenticator authenticator(List<String> algs) {
    return OidcAuthenticator.create(JwtAuthenticator.of(Issuer.of(ISSUER, "my-client"),
            ClaimMappings.username(PrefixedClaimOrExpression.claim("username", "")).withGroups(PrefixedClaimOrExpression.claim("groups", ""))),
        OidcOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withSupportedSigningAlgs(algs)
            .withKeySet(KeySet.of(TestKeys.publicSet(RSA_1))));
  }

  static final OidcAuthenticator RS256_ONLY = authenticator(List.of());
  static final OidcAuthenticator ALL_ALGS = authenticator(OidcAuthenticator.ALL_VALID_SIGNING_ALGORITHMS);

  static String claims(String extra) {
    return "{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": " + (NOW.getEpochSecond() + 3600) + extra + "}";
  }

  static String failure(TokenAuthenticator a, String token) {
    AuthnResult result = a.authenticateToken(token, List.of());
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.Failed.class);
    String reason = ((AuthnResult.Failed) result).reason();
    assertThat(reason).doesNotContain(token);
    assertThat(String.join("\n", result.trace().lines())).doesNotContain(token);
    return reason;
  }

  static void noOpinion(String token) {
    AuthnResult result = ALL_ALGS.authenticateToken(token, List.of());
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(result.trace().lines()).singleElement().asString().startsWith("oidc: no opinion");
  }

  @Test
  void algNoneIsNeverAccepted() {
    String unsigned = TestKeys.unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(""), "");
    assertThat(failure(ALL_ALGS, unsigned)).isEqualTo("oidc: verify token: oidc: id token signed with unsupported algorithm, expected "
        + "[\"ES256\" \"ES384\" \"ES512\" \"PS256\" \"PS384\" \"PS512\" \"RS256\" \"RS384\" \"RS512\"] got \"none\"");
  }

  @Test
  void hs256SignedWithThePublicKeyAsSecretIsRejected() throws JOSEException {
    byte[] secret = RSA_1.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA_1.getKeyID()).build(), new Payload(claims("")));
    forged.sign(new MACSigner(secret));
    assertThat(failure(RS256_ONLY, forged.serialize()))
        .isEqualTo("oidc: verify token: oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got \"HS256\"");
    assertThat(failure(ALL_ALGS, forged.serialize())).contains("got \"HS256\"");
  }

  @Test
  void aTamperedPayloadFailsTheSignature() {
    String token = TestKeys.sign(claims(""), RSA_1, JWSAlgorithm.RS256);
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + TestKeys.b64(claims(", \"groups\": [\"system:masters\"]")) + "." + parts[2];
    assertThat(failure(RS256_ONLY, tampered)).isEqualTo("oidc: verify token: failed to verify signature: go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void expiryHasNoLeewayButNotBeforeHasAMinute() {
    String expiredBySecond = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": "
        + (NOW.getEpochSecond() - 1) + "}", RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, expiredBySecond)).isEqualTo("oidc: verify token: oidc: token is expired (Token Expiry: 2009-11-10 22:59:59 +0000 UTC)");
    String expiresNow = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": " + NOW.getEpochSecond() + "}",
        RSA_1, JWSAlgorithm.RS256);
    assertThat(RS256_ONLY.authenticateToken(expiresNow, List.of())).isInstanceOf(AuthnResult.Authenticated.class);

    String withinLeeway = TestKeys.sign(claims(", \"nbf\": " + (NOW.getEpochSecond() + 60)), RSA_1, JWSAlgorithm.RS256);
    assertThat(RS256_ONLY.authenticateToken(withinLeeway, List.of())).isInstanceOf(AuthnResult.Authenticated.class);
    String tooEarly = TestKeys.sign(claims(", \"nbf\": " + (NOW.getEpochSecond() + 61)), RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, tooEarly)).isEqualTo(
        "oidc: verify token: oidc: current time 2009-11-10 23:00:00 +0000 UTC before the nbf (not before) time: 2009-11-10 23:01:01 +0000 UTC");
    String futureIat = TestKeys.sign(claims(", \"iat\": " + (NOW.getEpochSecond() + 86400)), RSA_1, JWSAlgorithm.RS256);
    assertThat(RS256_ONLY.authenticateToken(futureIat, List.of())).as("go-oidc does not check iat").isInstanceOf(AuthnResult.Authenticated.class);
  }

  @Test
  void missingOrOddExpiry() {
    String noExp = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\"}", RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, noExp)).isEqualTo("oidc: verify token: oidc: token is expired (Token Expiry: 0001-01-01 00:00:00 +0000 UTC)");
    String stringExp = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": \"" + (NOW.getEpochSecond() + 10)
        + "\"}", RSA_1, JWSAlgorithm.RS256);
    assertThat(RS256_ONLY.authenticateToken(stringExp, List.of())).as("a numeric string is a json.Number").isInstanceOf(AuthnResult.Authenticated.class);
    String wordExp = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"exp\": \"soon\"}", RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, wordExp))
        .isEqualTo("oidc: verify token: oidc: failed to unmarshal claims: json: invalid number literal, trying to unmarshal \"\\\"soon\\\"\" into Number");
    String numericSub = TestKeys.sign(claims(", \"sub\": 42"), RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, numericSub))
        .isEqualTo("oidc: verify token: oidc: failed to unmarshal claims: json: cannot unmarshal number into Go struct field idToken.sub of type string");
  }

  @Test
  void otherIssuersAndNonTokensAreNotOurs() {
    noOpinion(TestKeys.sign(claims("").replace(ISSUER, "https://evil.example.com"), RSA_1, JWSAlgorithm.RS256));
    noOpinion(TestKeys.sign(claims("").replace(ISSUER, ISSUER + "/"), RSA_1, JWSAlgorithm.RS256));
    noOpinion("not-a-jwt");
    noOpinion("a.b.c");
    noOpinion("a.b");
    noOpinion("a.b.c.d");
    noOpinion("");
    noOpinion("{\"iss\": \"" + ISSUER + "\"}");
    noOpinion("   {\"payload\": \"" + TestKeys.b64(claims("")) + "\"}");
    noOpinion("eyJhbGciOiJSUzI1NiJ9." + TestKeys.b64(claims("")) + "=.sig");
    noOpinion("eyJhbGciOiJSUzI1NiJ9." + TestKeys.b64("{\"iss\": 42}") + ".sig");
    noOpinion("eyJhbGciOiJSUzI1NiJ9." + TestKeys.b64("[\"" + ISSUER + "\"]") + ".sig");
    noOpinion("eyJhbGciOiJSUzI1NiJ9." + TestKeys.b64("{\"iss\": \"" + ISSUER + "\"} trailing") + ".sig");
  }

  @Test
  void theIssuerPeekFollowsGoJsonCaseFolding() {
    String shouting = TestKeys.sign("{\"ISS\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": " + (NOW.getEpochSecond() + 60) + "}",
        RSA_1, JWSAlgorithm.RS256);
    assertThat(RS256_ONLY.authenticateToken(shouting, List.of())).isInstanceOf(AuthnResult.Authenticated.class);
  }

  @Test
  void garbageThatCarriesOurIssuerFails() {
    String badHeader = "!!!." + TestKeys.b64(claims("")) + ".sig";
    assertThat(failure(RS256_ONLY, badHeader)).isEqualTo("oidc: verify token: oidc: malformed jwt: illegal base64 data at input byte 0");
    String numericKid = TestKeys.unsigned("{\"alg\":\"RS256\",\"kid\":7}", claims(""), "c2ln");
    assertThat(failure(RS256_ONLY, numericKid)).isEqualTo("oidc: verify token: oidc: malformed jwt: json: cannot unmarshal number into Go value of type string");
    String noSignature = TestKeys.unsigned("{\"alg\":\"RS256\",\"kid\":\"" + RSA_1.getKeyID() + "\"}", claims(""), "");
    assertThat(failure(RS256_ONLY, noSignature)).isEqualTo("oidc: verify token: failed to verify signature: go-jose/go-jose: error in cryptographic primitive");
    String unknownKid = TestKeys.unsigned("{\"alg\":\"RS256\",\"kid\":\"nope\"}", claims(""), "c2ln");
    assertThat(failure(RS256_ONLY, unknownKid)).isEqualTo("oidc: verify token: failed to verify signature: no keys matches jwk keyid");
  }

  @Test
  void wrongAudienceIsAnError() {
    String token = TestKeys.sign(claims("").replace("\"my-client\"", "[\"kubernetes\", \"evil\"]"), RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, token)).isEqualTo("oidc: verify token: oidc: expected audience \"my-client\" got [\"kubernetes\" \"evil\"]");
  }

  @Test
  void oversizedTokensAreHandledWithoutBlowingUp() {
    String big = "x".repeat(1 << 20);
    String token = TestKeys.sign(claims(", \"padding\": \"" + big + "\""), RSA_1, JWSAlgorithm.RS256);
    AuthnResult result = RS256_ONLY.authenticateToken(token, List.of());
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    noOpinion(big);
    noOpinion(big + "." + big + "." + big);
  }

  @Test
  void unicodeAndCommasInNamesAreKeptVerbatim() {
    String token = TestKeys.sign("{\"iss\": \"" + ISSUER + "\", \"aud\": \"my-client\", \"username\": \"Zoë, \\\"the admin\\\" 管理者\", "
        + "\"groups\": [\"a,b\", \"système\", \"\"], \"exp\": " + (NOW.getEpochSecond() + 60) + "}", RSA_1, JWSAlgorithm.RS256);
    AuthnResult result = RS256_ONLY.authenticateToken(token, List.of());
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user()).isEqualTo(new UserInfo("Zoë, \"the admin\" 管理者", "", List.of("a,b", "système", ""), java.util.Map.of()));
  }

  @Test
  void errorTextsQuoteLikeGo() {
    String token = TestKeys.sign(claims("").replace("\"my-client\"", "\"tab\\there\\u00a0\""), RSA_1, JWSAlgorithm.RS256);
    assertThat(failure(RS256_ONLY, token)).isEqualTo("oidc: verify token: oidc: expected audience \"my-client\" got [\"tab\\there\\u00a0\"]");
  }
}
