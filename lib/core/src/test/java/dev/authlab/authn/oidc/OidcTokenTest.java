package dev.authlab.authn.oidc;

import static dev.authlab.authn.oidc.TestKeys.EC_1;
import static dev.authlab.authn.oidc.TestKeys.EC_2;
import static dev.authlab.authn.oidc.TestKeys.RSA_1;
import static dev.authlab.authn.oidc.TestKeys.RSA_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's TestToken table (plugin/pkg/authenticator/token/oidc/oidc_test.go), case by case: the
 * same configurations, claims, keys and clock, and the same users or error texts. The provider behind
 * the distributed-claims and discovery cases is an in-memory fetcher at https://idp.test.
 */
class OidcTokenTest {

  static final Instant EXPIRED = Instant.parse("2009-11-10T22:00:00Z");
  static final Instant NOW = Instant.parse("2009-11-10T23:00:00Z");
  static final Instant VALID = Instant.parse("2009-11-11T00:00:00Z");
  static final String EXPIRED_TEXT = "2009-11-10 22:00:00 +0000 UTC";
  static final String URL = "https://idp.test";

  /** One row of the table. */
  static final class Case {
    final String name;
    JwtAuthenticator authenticator;
    UnaryOperator<OidcOptions> options = o -> o;
    JWK signingKey = RSA_1;
    JWSAlgorithm alg = JWSAlgorithm.RS256;
    List<JWK> pubKeys = List.of(RSA_1);
    String claims = "";
    UserInfo want;
    String wantErr;
    String wantInitErr;
    boolean wantSkip;
    String wantHealthPrefix;
    boolean remoteKeys;
    Map<String, String> claimResponses = new LinkedHashMap<>();
    String openIdConfig = "{\"issuer\": \"" + URL + "\", \"jwks_uri\": \"" + URL + "/.testing/keys\"}";
    boolean brokenTransport;

    Case(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, JwtAuthenticator authenticator) {
    Case c = new Case(name);
    c.authenticator = authenticator;
    return c;
  }

  static JwtAuthenticator jwt(String issuer, ClaimMappings mappings, String... audiences) {
    return JwtAuthenticator.of(Issuer.of(issuer, audiences.length == 0 ? new String[] {"my-client"} : audiences), mappings);
  }

  static ClaimMappings username(String claim, String prefix) {
    return ClaimMappings.username(PrefixedClaimOrExpression.claim(claim, prefix));
  }

  static ClaimMappings usernameAndGroups(String prefix, String groupsClaim, String groupsPrefix) {
    return username("username", prefix).withGroups(PrefixedClaimOrExpression.claim(groupsClaim, groupsPrefix));
  }

  static ClaimMappings expr(String username) {
    return ClaimMappings.username(PrefixedClaimOrExpression.expression(username));
  }

  static UserInfo user(String name, String... groups) {
    return new UserInfo(name, "", List.of(groups), Map.of());
  }

  static String claims(String json, Object... args) {
    return String.format(json, args);
  }

  static final String DISTRIBUTED = """
      {"iss": "%s", "aud": "my-client", "username": "jane",
       "_claim_names": {"groups": "src1"},
       "_claim_sources": {"src1": {"endpoint": "%s/groups", "access_token": "groups_token"}},
       "exp": %d}""";

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    long valid = VALID.getEpochSecond();
    long expired = EXPIRED.getEpochSecond();
    String basic = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d}", valid);

    Case token = c("token", jwt("https://auth.example.com", username("username", "")));
    token.claims = basic;
    token.want = user("jane");
    cases.add(token);

    Case noUsername = c("no-username", jwt("https://auth.example.com", username("username", "prefix:")));
    noUsername.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"exp\": %d}", valid);
    noUsername.wantErr = "oidc: parse username claims \"username\": claim not present";
    cases.add(noUsername);

    Case email = c("email", jwt("https://auth.example.com", username("email", "")));
    email.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"email\": \"jane@example.com\", \"email_verified\": true, \"exp\": %d}", valid);
    email.want = user("jane@example.com");
    cases.add(email);

    Case notVerified = c("email-not-verified", jwt("https://auth.example.com", username("email", "")));
    notVerified.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"email\": \"jane@example.com\", \"email_verified\": false, \"exp\": %d}", valid);
    notVerified.wantErr = "oidc: email not verified";
    cases.add(notVerified);

    Case noVerifiedClaim = c("no-email-verified-claim", jwt("https://auth.example.com", username("email", "")));
    noVerifiedClaim.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"email\": \"jane@example.com\", \"exp\": %d}", valid);
    noVerifiedClaim.want = user("jane@example.com");
    cases.add(noVerifiedClaim);

    Case badVerified = c("invalid-email-verified-claim", jwt("https://auth.example.com", username("email", "")));
    badVerified.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"email\": \"jane@example.com\", \"email_verified\": \"false\", \"exp\": %d}", valid);
    badVerified.wantErr = "oidc: parse 'email_verified' claim: json: cannot unmarshal string into Go value of type bool";
    cases.add(badVerified);

    Case groups = c("groups", jwt("https://auth.example.com", usernameAndGroups("", "groups", "")));
    groups.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d}", valid);
    groups.want = user("jane", "team1", "team2");
    cases.add(groups);

    String groupsResponse = claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d}", URL, valid);

    Case distributed = c("groups-distributed", jwt(URL, usernameAndGroups("", "groups", "")));
    distributed.claims = claims(DISTRIBUTED, URL, URL, valid);
    distributed.claimResponses.put("groups", groupsResponse);
    distributed.want = user("jane", "team1", "team2");
    cases.add(distributed);

    Case invalidClient = c("groups-distributed invalid client", jwt(URL, usernameAndGroups("", "groups", "")));
    invalidClient.claims = claims(DISTRIBUTED, URL, URL, valid);
    invalidClient.claimResponses.put("groups", groupsResponse);
    invalidClient.brokenTransport = true;
    invalidClient.wantErr = "oidc: could not expand distributed claims: while getting distributed claim \"groups\": Get \"" + URL
        + "/groups\": some unexpected oidc error";
    cases.add(invalidClient);

    Case malformedNames = c("groups-distributed-malformed-claim-names", jwt(URL, usernameAndGroups("", "groups", "")));
    malformedNames.claims = claims("""
        {"iss": "%s", "aud": "my-client", "username": "jane",
         "_claim_names": {"groups": "nonexistent-claim-source"},
         "_claim_sources": {"src1": {"endpoint": "%s/groups", "access_token": "groups_token"}}, "exp": %d}""", URL, URL, valid);
    malformedNames.claimResponses.put("groups", groupsResponse);
    malformedNames.wantErr = "oidc: verify token: oidc: source does not exist";
    cases.add(malformedNames);

    Case noSources = c("groups-distributed-malformed-names-and-sources", jwt(URL, usernameAndGroups("", "groups", "")));
    noSources.claims = claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"username\": \"jane\", \"_claim_names\": {\"groups\": \"src1\"}, \"exp\": %d}", URL, valid);
    noSources.claimResponses.put("groups", groupsResponse);
    noSources.wantErr = "oidc: verify token: oidc: source does not exist";
    cases.add(noSources);

    Case missingDistributed = c("groups-distributed-malformed-distributed-claim", jwt(URL, usernameAndGroups("", "groups", "")));
    missingDistributed.claims = claims(DISTRIBUTED, URL, URL, valid);
    missingDistributed.claimResponses.put("groups", claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"exp\": %d}", URL, valid));
    missingDistributed.wantErr = "oidc: could not expand distributed claims: jwt returned by distributed claim endpoint \"" + URL
        + "/groups\" did not contain claim: groups";
    cases.add(missingDistributed);

    Case rabbits = c("groups-distributed-unusual-name", jwt(URL, usernameAndGroups("", "rabbits", "")));
    rabbits.claims = claims("""
        {"iss": "%s", "aud": "my-client", "username": "jane",
         "_claim_names": {"rabbits": "src1"},
         "_claim_sources": {"src1": {"endpoint": "%s/rabbits", "access_token": "rabbits_token"}}, "exp": %d}""", URL, URL, valid);
    rabbits.claimResponses.put("rabbits", claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"rabbits\": [\"team1\", \"team2\"], \"exp\": %d}", URL, valid));
    rabbits.want = user("jane", "team1", "team2");
    cases.add(rabbits);

    Case wrongAudience = c("groups-distributed-wrong-audience", jwt(URL, usernameAndGroups("", "groups", "")));
    wrongAudience.claims = claims(DISTRIBUTED, URL, URL, valid);
    wrongAudience.claimResponses.put("groups", claims("{\"iss\": \"%s\", \"aud\": \"your-client\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d}", URL, valid));
    wrongAudience.wantErr = "oidc: could not expand distributed claims: verify distributed claim token: oidc: expected audience \"my-client\" got [\"your-client\"]";
    cases.add(wrongAudience);

    Case expiredDistributed = c("groups-distributed-expired-token", jwt(URL, usernameAndGroups("", "groups", "")));
    expiredDistributed.claims = claims(DISTRIBUTED, URL, URL, valid);
    expiredDistributed.claimResponses.put("groups", claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d}", URL, expired));
    expiredDistributed.wantErr = "oidc: could not expand distributed claims: verify distributed claim token: oidc: token is expired (Token Expiry: "
        + EXPIRED_TEXT + ")";
    cases.add(expiredDistributed);

    Case normalWins = c("groups-distributed-normal-claim-wins", jwt(URL, usernameAndGroups("", "groups", "")));
    normalWins.claims = claims("""
        {"iss": "%s", "aud": "my-client", "username": "jane", "groups": "team1",
         "_claim_names": {"groups": "src1"},
         "_claim_sources": {"src1": {"endpoint": "%s/groups", "access_token": "groups_token"}}, "exp": %d}""", URL, URL, valid);
    normalWins.claimResponses.put("groups", claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"groups\": [\"team2\"], \"exp\": %d}", URL, valid));
    normalWins.want = user("jane", "team1");
    cases.add(normalWins);

    Case stringGroup = c("group-string-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", "")));
    stringGroup.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": \"team1\", \"exp\": %d}", valid);
    stringGroup.want = user("jane", "team1");
    cases.add(stringGroup);

    Case stringGroupDistributed = c("group-string-claim-distributed", jwt(URL, usernameAndGroups("", "groups", "")));
    stringGroupDistributed.claims = claims(DISTRIBUTED, URL, URL, valid);
    stringGroupDistributed.claimResponses.put("groups", claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"groups\": \"team1\", \"exp\": %d}", URL, valid));
    stringGroupDistributed.want = user("jane", "team1");
    cases.add(stringGroupDistributed);

    Case aggregated = c("group-string-claim-aggregated-not-supported", jwt("https://auth.example.com", usernameAndGroups("", "groups", "")));
    aggregated.claims = claims("""
        {"iss": "https://auth.example.com", "aud": "my-client", "username": "jane",
         "_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"JWT": "some.jwt.token"}}, "exp": %d}""", valid);
    aggregated.want = user("jane");
    cases.add(aggregated);

    Case noGroups = c("no-groups-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", "")));
    noGroups.claims = basic;
    noGroups.want = user("jane");
    cases.add(noGroups);

    Case badGroups = c("invalid-groups-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", "")));
    badGroups.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": 42, \"exp\": %d}", valid);
    badGroups.wantErr = "oidc: parse groups claim \"groups\": json: cannot unmarshal number into Go value of type string";
    cases.add(badGroups);

    Case required = c("required-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.required("hd", "example.com"), ClaimValidationRule.required("sub", "test"))));
    required.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"hd\": \"example.com\", \"sub\": \"test\", \"exp\": %d}", valid);
    required.want = user("jane");
    cases.add(required);

    Case noRequired = c("no-required-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.required("hd", "example.com"))));
    noRequired.claims = basic;
    noRequired.wantErr = "oidc: required claim hd not present in ID token";
    cases.add(noRequired);

    Case badRequired = c("invalid-required-claim", jwt("https://auth.example.com", usernameAndGroups("", "groups", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.required("hd", "example.com"))));
    badRequired.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"hd\": \"example.org\", \"exp\": %d}", valid);
    badRequired.wantErr = "oidc: required claim hd value does not match. Got = example.org, want = example.com";
    cases.add(badRequired);

    Case badSignature = c("invalid-signature", jwt("https://auth.example.com", username("username", "prefix:")));
    badSignature.pubKeys = List.of(RSA_2);
    badSignature.claims = basic;
    badSignature.wantErr = "oidc: verify token: failed to verify signature: no keys matches jwk keyid";
    cases.add(badSignature);

    Case expiredToken = c("expired", jwt("https://auth.example.com", username("username", "prefix:")));
    expiredToken.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d}", expired);
    expiredToken.wantErr = "oidc: verify token: oidc: token is expired (Token Expiry: " + EXPIRED_TEXT + ")";
    cases.add(expiredToken);

    Case badAud = c("invalid-aud", jwt("https://auth.example.com", username("username", "prefix:")));
    badAud.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    badAud.wantErr = "oidc: verify token: oidc: expected audience \"my-client\" got [\"not-my-client\"]";
    cases.add(badAud);

    String twoAuds = claims("{\"iss\": \"https://auth.example.com\", \"aud\": [\"not-my-client\", \"my-client\"], \"azp\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    Case multi = c("multiple-audiences", jwt("https://auth.example.com", username("username", "")));
    multi.claims = twoAuds;
    multi.want = user("jane");
    cases.add(multi);

    Case multiConfig = c("multiple-audiences in authentication config", jwt("https://auth.example.com", username("username", ""), "random-client", "my-client"));
    multiConfig.claims = twoAuds;
    multiConfig.want = user("jane");
    cases.add(multiConfig);

    Case multiMatches = c("multiple-audiences in authentication config, multiple matches",
        jwt("https://auth.example.com", username("username", ""), "random-client", "my-client", "other-client"));
    multiMatches.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": [\"not-my-client\", \"my-client\", \"other-client\"], \"azp\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    multiMatches.want = user("jane");
    cases.add(multiMatches);

    Case multiNoMatch = c("multiple-audiences in authentication config, no match", jwt("https://auth.example.com", username("username", ""), "random-client", "my-client"));
    multiNoMatch.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": [\"not-my-client\"], \"azp\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    multiNoMatch.wantErr = "oidc: verify token: oidc: expected audience in [\"my-client\" \"random-client\"] got [\"not-my-client\"]";
    cases.add(multiNoMatch);

    JwtAuthenticator exactAudiences = jwt("https://auth.example.com", username("username", ""), "bar", "foo", "baz")
        .withClaimValidationRules(List.of(ClaimValidationRule.expression("sets.equivalent(claims.aud, [\"bar\", \"foo\", \"baz\"])",
            "audience must exactly contain [bar, foo, baz]")));
    Case nuanced = c("nuanced audience validation using claim validation rules", exactAudiences);
    nuanced.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": [\"foo\", \"bar\", \"baz\"], \"azp\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    nuanced.want = user("jane");
    cases.add(nuanced);

    Case nuancedFails = c("audience validation using claim validation rules fails", exactAudiences);
    nuancedFails.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": [\"foo\", \"baz\"], \"azp\": \"not-my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    nuancedFails.wantErr = "oidc: error evaluating claim validation expression: validation expression 'sets.equivalent(claims.aud, [\"bar\", \"foo\", \"baz\"])' failed: audience must exactly contain [bar, foo, baz]";
    cases.add(nuancedFails);

    Case otherIssuer = c("invalid-issuer", jwt("https://auth.example.com", username("username", "prefix:")));
    otherIssuer.claims = claims("{\"iss\": \"https://example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    otherIssuer.wantSkip = true;
    cases.add(otherIssuer);

    Case usernamePrefix = c("username-prefix", jwt("https://auth.example.com", username("username", "oidc:")));
    usernamePrefix.claims = basic;
    usernamePrefix.want = user("oidc:jane");
    cases.add(usernamePrefix);

    String teams = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d}", valid);
    Case groupsPrefix = c("groups-prefix", jwt("https://auth.example.com", usernameAndGroups("oidc:", "groups", "groups:")));
    groupsPrefix.claims = teams;
    groupsPrefix.want = user("oidc:jane", "groups:team1", "groups:team2");
    cases.add(groupsPrefix);

    Case groupsPrefixDistributed = c("groups-prefix-distributed", jwt(URL, usernameAndGroups("oidc:", "groups", "groups:")));
    groupsPrefixDistributed.claims = claims(DISTRIBUTED, URL, URL, valid);
    groupsPrefixDistributed.claimResponses.put("groups", groupsResponse);
    groupsPrefixDistributed.want = user("oidc:jane", "groups:team1", "groups:team2");
    cases.add(groupsPrefixDistributed);

    Case wrongAlg = c("invalid-signing-alg", jwt("https://auth.example.com", username("username", "prefix:")));
    wrongAlg.alg = JWSAlgorithm.PS256;
    wrongAlg.claims = basic;
    wrongAlg.wantErr = "oidc: verify token: oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got \"PS256\"";
    cases.add(wrongAlg);

    Case ps256 = c("ps256", jwt("https://auth.example.com", username("username", "")));
    ps256.options = o -> o.withSupportedSigningAlgs(List.of("PS256"));
    ps256.alg = JWSAlgorithm.PS256;
    ps256.claims = basic;
    ps256.want = user("jane");
    cases.add(ps256);

    Case es512 = c("es512", jwt("https://auth.example.com", username("username", "")));
    es512.options = o -> o.withSupportedSigningAlgs(List.of("ES512"));
    es512.signingKey = EC_2;
    es512.alg = JWSAlgorithm.ES512;
    es512.pubKeys = List.of(EC_1, EC_2);
    es512.claims = basic;
    es512.want = user("jane");
    cases.add(es512);

    Case notHttps = c("not-https", jwt("http://auth.example.com", username("username", "prefix:")));
    notHttps.wantInitErr = "issuer.url: Invalid value: \"http://auth.example.com\": URL scheme must be https";
    cases.add(notHttps);

    Case noUsernameClaim = c("no-username-claim", jwt("https://auth.example.com",
        ClaimMappings.username(new PrefixedClaimOrExpression("", java.util.Optional.of(""), ""))));
    noUsernameClaim.wantInitErr = "claimMappings.username: Required value: claim or expression is required";
    cases.add(noUsernameClaim);

    Case hs256 = c("invalid-sig-alg", jwt("https://auth.example.com", username("username", "prefix:")));
    hs256.options = o -> o.withSupportedSigningAlgs(List.of("HS256"));
    hs256.wantInitErr = "oidc: unsupported signing alg: \"HS256\"";
    cases.add(hs256);

    Case clientAndCa = c("client and ca mutually exclusive", JwtAuthenticator.of(
        Issuer.of("https://auth.example.com", "my-client").withCertificateAuthority(CaPem.get()), username("username", "prefix:")));
    clientAndCa.options = o -> o.withSupportedSigningAlgs(List.of("RS256"));
    clientAndCa.wantInitErr = "oidc: Client and CAContentProvider are mutually exclusive";
    cases.add(clientAndCa);

    Case keySetAndDiscovery = c("keyset and discovery URL mutually exclusive", JwtAuthenticator.of(
        Issuer.of("https://auth.example.com", "my-client").withDiscoveryURL("https://auth.example.com/foo"), username("username", "prefix:")));
    keySetAndDiscovery.wantInitErr = "oidc: KeySet and DiscoveryURL are mutually exclusive";
    cases.add(keySetAndDiscovery);

    Case health = c("health check failure", jwt("https://this-will-not-work.notatld", username("username", "prefix:")));
    health.remoteKeys = true;
    health.brokenTransport = true;
    health.wantHealthPrefix = "oidc: authenticator for issuer \"https://this-will-not-work.notatld\" is not healthy: Get "
        + "\"https://this-will-not-work.notatld/.well-known/openid-configuration\": dial tcp: lookup this-will-not-work.notatld";
    cases.add(health);

    Case google = c("accounts.google.com issuer", jwt("https://accounts.google.com", username("email", "")));
    google.claims = claims("{\"iss\": \"accounts.google.com\", \"email\": \"thomas.jefferson@gmail.com\", \"aud\": \"my-client\", \"exp\": %d}", valid);
    google.want = user("thomas.jefferson@gmail.com");
    cases.add(google);

    Case badClient = c("good token with bad client id", jwt("https://auth.example.com", username("username", "prefix:")));
    badClient.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-wrong-client\", \"username\": \"jane\", \"exp\": %d}", valid);
    badClient.wantErr = "oidc: verify token: oidc: expected audience \"my-client\" got [\"my-wrong-client\"]";
    cases.add(badClient);

    Case systemUser = c("user validation rule fails for user.username", jwt("https://auth.example.com", username("username", "system:"))
        .withUserValidationRules(List.of(new UserValidationRule("!user.username.startsWith('system:')", "username cannot used reserved system: prefix"))));
    systemUser.claims = basic;
    systemUser.wantErr = "oidc: error evaluating user info validation rule: validation expression '!user.username.startsWith('system:')' failed: username cannot used reserved system: prefix";
    cases.add(systemUser);

    Case systemGroups = c("user validation rule fails for user.groups", jwt("https://auth.example.com",
        expr("claims.username").withGroups(PrefixedClaimOrExpression.claim("groups", "system:")))
        .withUserValidationRules(List.of(new UserValidationRule("user.groups.all(group, !group.startsWith('system:'))", "groups cannot used reserved system: prefix"))));
    systemGroups.claims = teams;
    systemGroups.wantErr = "oidc: error evaluating user info validation rule: validation expression 'user.groups.all(group, !group.startsWith('system:'))' failed: groups cannot used reserved system: prefix";
    cases.add(systemGroups);

    JwtAuthenticator hdRule = jwt("https://auth.example.com", username("username", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.expression("claims.hd == \"example.com\"", "hd claim must be example.com")));
    Case hdMissing = c("claim validation rule with expression fails", hdRule);
    hdMissing.claims = basic;
    hdMissing.wantErr = "oidc: error evaluating claim validation expression: expression 'claims.hd == \"example.com\"' resulted in error: no such key: hd";
    cases.add(hdMissing);

    Case hdOk = c("claim validation rule with expression", hdRule);
    hdOk.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"hd\": \"example.com\"}", valid);
    hdOk.want = user("jane");
    cases.add(hdOk);

    String nested = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"hd\": \"example.com\", \"foo\": {\"bar\": \"baz\"}}", valid);
    Case nestedRule = c("claim validation rule with expression and nested claims", jwt("https://auth.example.com", username("username", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.expression("claims.foo.bar == \"baz\"", "foo.bar claim must be baz"))));
    nestedRule.claims = nested;
    nestedRule.want = user("jane");
    cases.add(nestedRule);

    Case mixedRules = c("claim validation rule with mix of expression and claim", jwt("https://auth.example.com", username("username", ""))
        .withClaimValidationRules(List.of(ClaimValidationRule.expression("claims.foo.bar == \"baz\"", "foo.bar claim must be baz"),
            ClaimValidationRule.required("hd", "example.com"))));
    mixedRules.claims = nested;
    mixedRules.want = user("jane");
    cases.add(mixedRules);

    Case usernameExpr = c("username claim mapping with expression", jwt("https://auth.example.com", expr("claims.username")));
    usernameExpr.claims = basic;
    usernameExpr.want = user("jane");
    cases.add(usernameExpr);

    Case usernameNested = c("username claim mapping with expression and nested claim", jwt("https://auth.example.com", expr("claims.foo.username")));
    usernameNested.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"foo\": {\"username\": \"jane\"}}", valid);
    usernameNested.want = user("jane");
    cases.add(usernameNested);

    cases.addAll(DeepClaims.cases(valid, NOW.getEpochSecond()));

    Case groupsExpr = c("groups claim mapping with expression", jwt("https://auth.example.com",
        expr("claims.username").withGroups(PrefixedClaimOrExpression.expression("claims.groups"))));
    groupsExpr.claims = teams;
    groupsExpr.want = user("jane", "team1", "team2");
    cases.add(groupsExpr);

    Case rolesExpr = c("groups claim with expression", jwt("https://auth.example.com", username("username", "oidc:")
        .withGroups(PrefixedClaimOrExpression.expression("(claims.roles.split(\",\") + claims.other_roles.split(\",\")).map(role, \"groups:\" + role)"))));
    rolesExpr.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"roles\": \"foo,bar\", \"other_roles\": \"baz,qux\", \"exp\": %d}", valid);
    rolesExpr.want = user("oidc:jane", "groups:foo", "groups:bar", "groups:baz", "groups:qux");
    cases.add(rolesExpr);

    String withUid = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d, \"uid\": \"1234\"}", valid);
    ClaimMappings exprMappings = expr("claims.username").withGroups(PrefixedClaimOrExpression.expression("claims.groups"));
    Case uidExpr = c("uid claim mapping with expression", jwt("https://auth.example.com", exprMappings.withUid(new ClaimOrExpression("", "claims.uid"))));
    uidExpr.claims = withUid;
    uidExpr.want = new UserInfo("jane", "1234", List.of("team1", "team2"), Map.of());
    cases.add(uidExpr);

    Case uidClaim = c("uid claim mapping with claim", jwt("https://auth.example.com", exprMappings.withUid(new ClaimOrExpression("uid", ""))));
    uidClaim.claims = withUid;
    uidClaim.want = new UserInfo("jane", "1234", List.of("team1", "team2"), Map.of());
    cases.add(uidClaim);

    ClaimMappings extraMappings = exprMappings.withUid(new ClaimOrExpression("", "claims.uid"))
        .withExtra(List.of(new ExtraMapping("example.org/foo", "claims.foo"), new ExtraMapping("example.org/bar", "claims.bar")));
    Case extraExpr = c("extra claim mapping with expression", jwt("https://auth.example.com", extraMappings));
    extraExpr.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d, \"uid\": \"1234\", \"foo\": \"bar\", \"bar\": [\"baz\", \"qux\"]}", valid);
    extraExpr.want = new UserInfo("jane", "1234", List.of("team1", "team2"), Map.of("example.org/foo", List.of("bar"), "example.org/bar", List.of("baz", "qux")));
    cases.add(extraExpr);

    Case derived = c("extra claim mapping, value derived from claim value", jwt("https://auth.example.com", expr("claims.username")
        .withExtra(List.of(new ExtraMapping("example.org/admin", "(has(claims.is_admin) && claims.is_admin) ? \"true\":\"\""),
            new ExtraMapping("example.org/admin_1", "claims.?is_admin.orValue(false) == true ? \"true\":\"\""),
            new ExtraMapping("example.org/non_existent", "claims.?non_existent.orValue(\"default\") == \"default\" ? \"true\":\"\"")))));
    derived.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"is_admin\": true}", valid);
    derived.want = new UserInfo("jane", "", List.of(), Map.of("example.org/admin", List.of("true"), "example.org/admin_1", List.of("true"),
        "example.org/non_existent", List.of("true")));
    cases.add(derived);

    Case hardcoded = c("hardcoded extra claim mapping", jwt("https://auth.example.com", expr("claims.username")
        .withExtra(List.of(new ExtraMapping("example.org/admin", "\"true\"")))));
    hardcoded.claims = derived.claims;
    hardcoded.want = new UserInfo("jane", "", List.of(), Map.of("example.org/admin", List.of("true")));
    cases.add(hardcoded);

    Case duplicateKey = c("extra claim mapping, multiple expressions for same key", jwt("https://auth.example.com", exprMappings
        .withUid(new ClaimOrExpression("", "claims.uid")).withExtra(List.of(new ExtraMapping("example.org/foo", "claims.foo"),
            new ExtraMapping("example.org/bar", "claims.bar"), new ExtraMapping("example.org/foo", "claims.bar")))));
    duplicateKey.wantInitErr = "claimMappings.extra[2].key: Duplicate value: \"example.org/foo\"";
    cases.add(duplicateKey);

    Case disallowed = c("disallowed issuer via configured value", jwt("https://auth.example.com", extraMappings));
    disallowed.options = o -> o.withDisallowedIssuers(List.of("https://auth.example.com"));
    disallowed.wantInitErr = "issuer.url: Invalid value: \"https://auth.example.com\": URL must not overlap with disallowed issuers: [https://auth.example.com]";
    cases.add(disallowed);

    Case emptyExtra = c("extra claim mapping, empty string value for key", jwt("https://auth.example.com", extraMappings));
    emptyExtra.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d, \"uid\": \"1234\", \"foo\": \"\", \"bar\": [\"baz\", \"qux\"]}", valid);
    emptyExtra.want = new UserInfo("jane", "1234", List.of("team1", "team2"), Map.of("example.org/bar", List.of("baz", "qux")));
    cases.add(emptyExtra);

    Case extraRule = c("extra claim mapping with user validation rule succeeds", jwt("https://auth.example.com", exprMappings
        .withUid(new ClaimOrExpression("", "claims.uid"))
        .withExtra(List.of(new ExtraMapping("example.org/foo", "'bar'"), new ExtraMapping("example.org/baz", "claims.baz"))))
        .withUserValidationRules(List.of(new UserValidationRule("'bar' in user.extra['example.org/foo'] && 'qux' in user.extra['example.org/baz']",
            "example.org/foo must be bar and example.org/baz must be qux"))));
    extraRule.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": [\"team1\", \"team2\"], \"exp\": %d, \"uid\": \"1234\", \"baz\": \"qux\"}", valid);
    extraRule.want = new UserInfo("jane", "1234", List.of("team1", "team2"), Map.of("example.org/foo", List.of("bar"), "example.org/baz", List.of("qux")));
    cases.add(extraRule);

    Case nullGroups = c("groups expression returns null", jwt("https://auth.example.com", exprMappings));
    nullGroups.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"groups\": null, \"exp\": %d, \"uid\": \"1234\", \"baz\": \"qux\"}", valid);
    nullGroups.want = user("jane");
    cases.add(nullGroups);

    List<UserValidationRule> emptyUserRules = List.of(new UserValidationRule("user.uid == \"\"", "uid must be empty string"),
        new UserValidationRule("!('bar' in user.groups)", "groups must not contain bar"),
        new UserValidationRule("!('bar' in user.extra)", "extra must not contain bar"));
    List<UserValidationRule> spaceRules = new ArrayList<>(List.of(new UserValidationRule("user.username == \" \"", "username must be single space")));
    spaceRules.addAll(emptyUserRules);
    Case onlySpace = c("test user validation rule doesn't fail when user info is empty except username", jwt("https://auth.example.com", exprMappings)
        .withUserValidationRules(spaceRules));
    onlySpace.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \" \", \"groups\": null, \"exp\": %d, \"baz\": \"qux\"}", valid);
    onlySpace.want = user(" ");
    cases.add(onlySpace);

    List<UserValidationRule> emptyRules = new ArrayList<>(List.of(new UserValidationRule("user.username == \"\"", "username must be empty string")));
    emptyRules.addAll(emptyUserRules);
    Case emptyUsername = c("empty username is allowed via claim", jwt("https://auth.example.com",
        username("username", "").withGroups(PrefixedClaimOrExpression.expression("claims.groups"))).withUserValidationRules(emptyRules));
    emptyUsername.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"\", \"groups\": null, \"exp\": %d, \"baz\": \"qux\"}", valid);
    emptyUsername.want = user("");
    cases.add(emptyUsername);

    Case minimum = c("minimum valid jwt payload", jwt("https://auth.example.com", expr("claims.user")));
    minimum.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"user\": \"jane\", \"exp\": %d}", valid);
    minimum.want = user("jane");
    cases.add(minimum);

    cases.add(discovery("discovery-url", "https://auth.example.com", URL + "/.well-known/openid-configuration", valid));
    cases.add(discovery("discovery url, issuer has a path", "https://auth.example.com/a/b/foo", URL + "/.well-known/openid-configuration", valid));
    cases.add(discovery("discovery url has a path, issuer url has no path", "https://auth.example.com", URL + "/c/d/bar/.well-known/openid-configuration", valid));
    cases.add(discovery("discovery url and issuer url have paths", "https://auth.example.com/a/b/foo", URL + "/c/d/bar/.well-known/openid-configuration", valid));
    cases.add(discovery("discovery url and issuer url have paths, issuer url has trailing slash", "https://auth.example.com/a/b/foo/",
        URL + "/c/d/bar/.well-known/openid-configuration", valid));

    Case credentialId = c("credential id set in extra even when no extra claim mappings are defined", jwt("https://auth.example.com", expr("claims.username")));
    credentialId.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"jti\": \"1234\"}", valid);
    credentialId.want = new UserInfo("jane", "", List.of(), Map.of(OidcAuthenticator.CREDENTIAL_ID_KEY, List.of("JTI=1234")));
    cases.add(credentialId);

    Case credentialIdExtra = c("credential id set in extra when extra claim mappings are defined", jwt("https://auth.example.com", expr("claims.username")
        .withExtra(List.of(new ExtraMapping("example.org/foo", "claims.foo"), new ExtraMapping("example.org/bar", "claims.bar")))));
    credentialIdExtra.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"jti\": \"1234\", \"foo\": \"bar\", \"bar\": [\"baz\", \"qux\"]}", valid);
    credentialIdExtra.want = new UserInfo("jane", "", List.of(), Map.of(OidcAuthenticator.CREDENTIAL_ID_KEY, List.of("JTI=1234"),
        "example.org/foo", List.of("bar"), "example.org/bar", List.of("baz", "qux")));
    cases.add(credentialIdExtra);

    Case numericJti = c("non-string jti claim does not set credential id in extra or error", jwt("https://auth.example.com", expr("claims.username")));
    numericJti.claims = claims("{\"iss\": \"https://auth.example.com\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d, \"jti\": 1234}", valid);
    numericJti.want = user("jane");
    cases.add(numericJti);

    Case noJti = c("missing jti claim does not set credential id in extra or error", jwt("https://auth.example.com", expr("claims.username")));
    noJti.claims = basic;
    noJti.want = user("jane");
    cases.add(noJti);

    return cases.stream();
  }

  static Case discovery(String name, String issuerUrl, String discoveryUrl, long valid) {
    Case c = c(name, JwtAuthenticator.of(Issuer.of(issuerUrl, "my-client").withDiscoveryURL(discoveryUrl), username("username", "")));
    c.claims = claims("{\"iss\": \"%s\", \"aud\": \"my-client\", \"username\": \"jane\", \"exp\": %d}", issuerUrl, valid);
    c.openIdConfig = "{\"issuer\": \"" + issuerUrl + "\", \"jwks_uri\": \"" + URL + "/.testing/keys\"}";
    c.remoteKeys = true;
    c.want = user("jane");
    return c;
  }

  /** The fake provider at https://idp.test: discovery, keys and distributed claims endpoints. */
  static OidcFetcher provider(Case c) {
    return (url, headers) -> {
      if (c.brokenTransport) {
        if (c.wantHealthPrefix != null) {
          throw new IOException("dial tcp: lookup this-will-not-work.notatld: no such host");
        }
        throw new IOException("some unexpected oidc error");
      }
      String path = url.startsWith(URL) ? url.substring(URL.length()) : url;
      switch (path) {
        case "/.well-known/openid-configuration":
        case "/c/d/bar/.well-known/openid-configuration":
          return new OidcFetcher.Response(200, c.openIdConfig);
        case "/.testing/keys":
          return new OidcFetcher.Response(200, new JWKSet(c.pubKeys.stream().map(JWK::toPublicJWK).toList()).toString());
        case "/groups":
        case "/rabbits":
          String claim = path.substring(1);
          assertThat(headers).containsEntry("Authorization", "Bearer " + claim + "_token");
          return new OidcFetcher.Response(200, TestKeys.sign(c.claimResponses.get(claim), c.signingKey, c.alg));
        default:
          return new OidcFetcher.Response(404, "unexpected URL: " + url);
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void token(Case c) {
    OidcOptions options = OidcOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withFetcher(provider(c));
    if (!c.remoteKeys) {
      options = options.withKeySet(KeySet.of(new JWKSet(c.pubKeys.stream().map(JWK::toPublicJWK).toList())));
    }
    OidcOptions finalOptions = c.options.apply(options);
    if (c.wantInitErr != null) {
      assertThatThrownBy(() -> OidcAuthenticator.create(c.authenticator, finalOptions)).hasMessage(c.wantInitErr);
      return;
    }
    OidcAuthenticator authenticator = OidcAuthenticator.create(c.authenticator, finalOptions);
    if (c.wantHealthPrefix != null) {
      assertThat(authenticator.healthCheck()).hasValueSatisfying(error -> assertThat(error).startsWith(c.wantHealthPrefix));
      return;
    }
    String token = TestKeys.sign(c.claims, c.signingKey, c.alg);
    AuthnResult result = authenticator.authenticateToken(token, List.of());
    if (c.wantErr != null) {
      assertThat(result).isInstanceOf(AuthnResult.Failed.class);
      assertThat(((AuthnResult.Failed) result).reason()).isEqualTo(c.wantErr);
      return;
    }
    if (c.wantSkip) {
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      return;
    }
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.Authenticated.class);
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) result;
    assertThat(ok.user()).isEqualTo(c.want);
    assertThat(ok.audiences()).isEmpty();
    assertThat(ok.trace().lines()).singleElement().asString().startsWith("oidc: authenticated");
  }

  /** A valid CA bundle for the mutual-exclusion case. */
  static final class CaPem {
    private static final String PEM;

    static {
      try (OidcIssuer issuer = OidcIssuer.start()) {
        PEM = issuer.caPem();
      }
    }

    static String get() {
      return PEM;
    }
  }
}
