package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Upstream's TestTokenGenerateAndValidate (pkg/serviceaccount/jwt_test.go): legacy tokens signed
 * with RSA and ECDSA keys, checked with various key sets, issuers and lookups. The authenticator
 * accepts the legacy issuer and "bar", as upstream's test sets it up; lookups are on only in the
 * cases that have objects.
 */
class TokenGenerateAndValidateTest {

  static final String USER = "system:serviceaccount:test:my-service-account";
  static final ServiceAccount SA = serviceAccount("test", "my-service-account", "12345");
  static final List<String> AUDS = List.of("api");

  static final ServiceAccountTokenIssuer RSA_SIGNER =
      ServiceAccountTokenIssuer.builder("unused", privateKey(RSA_PRIVATE_KEY)).clock(clockAt(NOW)).build();
  static final ServiceAccountTokenIssuer EC_SIGNER =
      ServiceAccountTokenIssuer.builder("unused", privateKey(ECDSA_PRIVATE_KEY)).clock(clockAt(NOW)).build();

  static final String RSA_TOKEN = RSA_SIGNER.generateLegacyToken(secret("test", "my-rsa-secret", ""), SA);
  static final String INVALID_AUTO_TOKEN = RSA_SIGNER.generateLegacyToken(secret("test", "my-rsa-secret", ""), SA);
  static final String ECDSA_TOKEN = EC_SIGNER.generateLegacyToken(secret("test", "my-ecdsa-secret", ""), SA);
  static final String BAD_ISSUER_TOKEN = legacyWithIssuer(RSA_SIGNER, "foo", "my-rsa-secret");
  static final String DIFFERENT_ISSUER_TOKEN = legacyWithIssuer(RSA_SIGNER, "bar", "my-rsa-secret");
  static final String MALFORMED_ISS = malformedIss();

  static final Secret RSA_SECRET = tokenSecret("test", "my-rsa-secret", "", RSA_TOKEN, Map.of());
  static final Secret INVALID_AUTO_SECRET =
      tokenSecret("test", "my-rsa-secret", "", INVALID_AUTO_TOKEN, Map.of("kubernetes.io/legacy-token-invalid-since", "2022-12-20"));
  static final Secret ECDSA_SECRET = tokenSecret("test", "my-ecdsa-secret", "", ECDSA_TOKEN, Map.of());

  static String legacyWithIssuer(ServiceAccountTokenIssuer signer, String iss, String secretName) {
    StandardClaims claims = new StandardClaims("", USER, List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "");
    return signer.signPayload(iss, claims, new LegacyClaims("test", "my-service-account", "12345", secretName).toJsonMembers());
  }

  /** A JSON-serialised JWS with a field whose dots make it look like a compact token from "bar". */
  static String malformedIss() {
    String token = legacyWithIssuer(EC_SIGNER, "panda", "my-ecdsa-secret");
    String[] p = token.split("\\.");
    return "{\"malformed_iss\":\"." + b64("{\"iss\":\"bar\"}") + ".\",\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0]
        + "\",\"signature\":\"" + p[2] + "\"}";
  }

  enum Expect { NO_OPINION, FAILED, OK }

  static Stream<Arguments> cases() {
    PublicKey other = publicKey(OTHER_PUBLIC_KEY);
    PublicKey rsa = publicKey(RSA_PUBLIC_KEY);
    PublicKey ecdsa = publicKey(ECDSA_PUBLIC_KEY);
    return Stream.of(
        // 1.34 reads keys through a PublicKeysGetter: no key for the token's kid is an error
        Arguments.of("no keys", RSA_TOKEN, List.of(), Optional.empty(), Expect.FAILED, "invalid signature, no keys found"),
        Arguments.of("invalid keys (rsa)", RSA_TOKEN, List.of(other, ecdsa), Optional.empty(), Expect.FAILED, "invalid signature, no keys found"),
        Arguments.of("invalid keys (ecdsa)", ECDSA_TOKEN, List.of(other, rsa), Optional.empty(), Expect.FAILED, "invalid signature, no keys found"),
        Arguments.of("valid key (rsa)", RSA_TOKEN, List.of(rsa), Optional.empty(), Expect.OK, ""),
        Arguments.of("valid key, invalid issuer (rsa)", BAD_ISSUER_TOKEN, List.of(rsa), Optional.empty(), Expect.NO_OPINION, ""),
        Arguments.of("valid key, different issuer (rsa)", DIFFERENT_ISSUER_TOKEN, List.of(rsa), Optional.empty(), Expect.OK, ""),
        Arguments.of("valid key (ecdsa)", ECDSA_TOKEN, List.of(ecdsa), Optional.empty(), Expect.OK, ""),
        Arguments.of("rotated keys (rsa)", RSA_TOKEN, List.of(other, ecdsa, rsa), Optional.empty(), Expect.OK, ""),
        Arguments.of("rotated keys (ecdsa)", ECDSA_TOKEN, List.of(other, rsa, ecdsa), Optional.empty(), Expect.OK, ""),
        Arguments.of("valid lookup", RSA_TOKEN, List.of(rsa), Optional.of(List.<HasMetadata>of(SA, RSA_SECRET, ECDSA_SECRET)), Expect.OK, ""),
        Arguments.of("invalid secret lookup", RSA_TOKEN, List.of(rsa), Optional.of(List.<HasMetadata>of(SA)), Expect.FAILED, "Token has been invalidated"),
        Arguments.of("invalid serviceaccount lookup", RSA_TOKEN, List.of(rsa), Optional.of(List.<HasMetadata>of(RSA_SECRET, ECDSA_SECRET)),
            Expect.FAILED, "serviceaccounts \"my-service-account\" not found"),
        Arguments.of("secret is marked as invalid", INVALID_AUTO_TOKEN, List.of(rsa), Optional.of(List.<HasMetadata>of(SA, INVALID_AUTO_SECRET)),
            Expect.FAILED, "the token in secret test/my-rsa-secret for service account test/my-service-account has been marked invalid. "
                + "Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the "
                + "'kubernetes.io/legacy-token-invalid-since' label from the secret to temporarily allow use of this token"),
        Arguments.of("malformed iss", MALFORMED_ISS, List.of(ecdsa), Optional.empty(), Expect.NO_OPINION, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void legacyTokenTable(String name, String token, List<PublicKey> keys, Optional<List<HasMetadata>> objects, Expect expect, String error) {
    LegacyServiceAccountTokenAuthenticator authn = LegacyServiceAccountTokenAuthenticator.of(
        List.of(LegacyServiceAccountTokenAuthenticator.LEGACY_ISSUER, "bar"), keys, AUDS,
        objects.isPresent() ? LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED : LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED,
        InMemoryServiceAccountObjects.of(objects.orElse(List.of())), clockAt(NOW));

    // a non-JWT token is never an error
    assertThat(authn.authenticateToken("invalid token", AUDS)).isInstanceOf(AuthnResult.NoOpinion.class);

    AuthnResult result = authn.authenticateToken(token, AUDS);
    switch (expect) {
      case NO_OPINION -> assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      case FAILED -> {
        assertThat(result).isInstanceOf(AuthnResult.Failed.class);
        assertThat(((AuthnResult.Failed) result).reason()).isEqualTo(error);
      }
      case OK -> {
        assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
        AuthnResult.Authenticated ok = (AuthnResult.Authenticated) result;
        assertThat(ok.user().name()).isEqualTo(USER);
        assertThat(ok.user().uid()).isEqualTo("12345");
        assertThat(ok.user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:test");
        assertThat(ok.user().extra()).isEmpty();
        assertThat(ok.audiences()).containsExactly("api");
      }
    }
  }

  @Test
  void tokensCarryTheKeyIdUpstreamComputes() {
    assertThat(headerOf(RSA_TOKEN)).isEqualTo("{\"alg\":\"RS256\",\"kid\":\"" + RSA_KEY_ID + "\"}");
    assertThat(headerOf(ECDSA_TOKEN)).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"" + ECDSA_KEY_ID + "\"}");
    assertThat(ServiceAccountKeys.keyId(publicKey(RSA_PUBLIC_KEY))).isEqualTo(RSA_KEY_ID);
    assertThat(ServiceAccountKeys.keyId(publicKey(ECDSA_PUBLIC_KEY))).isEqualTo(ECDSA_KEY_ID);
  }

  @Test
  void legacyPayloadIsWhatTheTokenControllerWrote() {
    assertThat(payloadOf(RSA_TOKEN)).isEqualTo("{\"iss\":\"kubernetes/serviceaccount\","
        + "\"kubernetes.io/serviceaccount/namespace\":\"test\","
        + "\"kubernetes.io/serviceaccount/secret.name\":\"my-rsa-secret\","
        + "\"kubernetes.io/serviceaccount/service-account.name\":\"my-service-account\","
        + "\"kubernetes.io/serviceaccount/service-account.uid\":\"12345\","
        + "\"sub\":\"system:serviceaccount:test:my-service-account\"}");
  }
}
