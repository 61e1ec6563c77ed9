package dev.authlab.labs.lab07_service_account_tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenAuthenticator;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.security.KeyPair;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab07LibraryTest {

  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String AUDIENCE = ISSUER;
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final ServiceAccount BUILDER = serviceAccount("lab07", "builder", "0b6e9c4a-5f1d-4d5e-9a51-7c2b1e0d3f10");
  /** The same service account deleted and created again: same name, new uid. */
  static final ServiceAccount BUILDER_RECREATED = serviceAccount("lab07", "builder", "e2f4a8c6-1b3d-4f5e-8a7c-9d0b2c4e6f81");

  static KeyPair keys;
  static KeyPair otherKeys;

  @BeforeAll
  static void keys() {
    keys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    otherKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  }

  @Test
  @DisplayName("mints a token the API server's service-account authenticator takes for the service account")
  void mintedTokenIsTheServiceAccount() {
    String token = tokens().mint(BUILDER, AUDIENCE, Instant.now(), LIFETIME);
    AuthnResult result = apiServer(InMemoryServiceAccountObjects.of(BUILDER)).authenticateToken(token, List.of());
    assertThat(result).as("the service-account authenticator's verdict on your token: %s", result.trace().lines())
        .isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo user = ((AuthnResult.Authenticated) result).user();
    assertThat(user.name()).as("user name").isEqualTo("system:serviceaccount:lab07:builder");
    assertThat(user.uid()).as("uid (the service account's)").isEqualTo(BUILDER.getMetadata().getUid());
    assertThat(user.groups()).as("groups").containsExactly("system:serviceaccounts", "system:serviceaccounts:lab07");
  }

  @Test
  @DisplayName("a token minted for another audience, or one that has expired, is rejected; it lives exactly the lifetime asked")
  void tokenForAnotherAudienceOrExpiredIsRejected() {
    ServiceAccountTokenAuthenticator apiServer = apiServer(InMemoryServiceAccountObjects.of(BUILDER));
    Instant now = Instant.now();
    assertThat(apiServer.authenticateToken(tokens().mint(BUILDER, AUDIENCE, now, LIFETIME), List.of()))
        .as("first, your token for the API server must authenticate").isInstanceOf(AuthnResult.Authenticated.class);
    AuthnResult vault = apiServer.authenticateToken(tokens().mint(BUILDER, "https://vault.example.com", now, LIFETIME), List.of());
    assertThat(vault).as("your token for audience https://vault.example.com, shown to the API server: %s", vault.trace().lines())
        .isInstanceOf(AuthnResult.Failed.class);
    AuthnResult expired = apiServer.authenticateToken(tokens().mint(BUILDER, AUDIENCE, now.minus(Duration.ofHours(2)), Duration.ofHours(1)), List.of());
    assertThat(expired).as("your token issued two hours ago for one hour: %s", expired.trace().lines())
        .isInstanceOf(AuthnResult.Failed.class);
    for (Duration lifetime : List.of(LIFETIME, Duration.ofHours(3))) {
      JWTClaimsSet claims = claimsOf(tokens().mint(BUILDER, AUDIENCE, now, lifetime));
      assertThat(epochSeconds(claims.getIssueTime())).as("iat of your token issued now for %d minutes", lifetime.toMinutes())
          .isEqualTo(now.getEpochSecond());
      assertThat(epochSeconds(claims.getNotBeforeTime())).as("nbf of your token issued now for %d minutes (when it was issued)", lifetime.toMinutes())
          .isEqualTo(now.getEpochSecond());
      assertThat(epochSeconds(claims.getExpirationTime())).as("exp of your token issued now for %d minutes (now + the lifetime asked)", lifetime.toMinutes())
          .isEqualTo(now.plus(lifetime).getEpochSecond());
    }
  }

  @Test
  @DisplayName("a token of a service account that was deleted and created again (new uid) is rejected")
  void tokenOfARecreatedServiceAccountIsRejected() {
    String token = tokens().mint(BUILDER, AUDIENCE, Instant.now(), LIFETIME);
    assertThat(apiServer(InMemoryServiceAccountObjects.of(BUILDER)).authenticateToken(token, List.of()))
        .as("first, your token must authenticate while the service account exists").isInstanceOf(AuthnResult.Authenticated.class);
    AuthnResult result = apiServer(InMemoryServiceAccountObjects.of(BUILDER_RECREATED)).authenticateToken(token, List.of());
    assertThat(result).as("the same token once builder was deleted and created again: %s", result.trace().lines())
        .isInstanceOf(AuthnResult.Failed.class);
  }

  @Test
  @DisplayName("validates a good token: one minted by the library as kube-apiserver would, and your own")
  void validatesAGoodToken() {
    ServiceAccountTokenIssuer kubeApiserver = ServiceAccountTokenIssuer.builder(ISSUER, keys.getPrivate()).clock(Clock.systemUTC()).build();
    ServiceAccountTokenIssuer.BoundToken claims = kubeApiserver.claims(BUILDER, Optional.empty(), Optional.empty(), Optional.empty(),
        LIFETIME.toSeconds(), 0, List.of(AUDIENCE));
    String issuedByTheLibrary = kubeApiserver.sign(claims.claims(), claims.boundClaims());
    TokenVerdict.Valid expected = new TokenVerdict.Valid("lab07", "builder", BUILDER.getMetadata().getUid());
    assertThat(tokens().validate(issuedByTheLibrary, AUDIENCE, Instant.now())).as("your verdict on a token kube-apiserver would issue")
        .isEqualTo(expected);
    assertThat(tokens().validate(tokens().mint(BUILDER, AUDIENCE, Instant.now(), LIFETIME), AUDIENCE, Instant.now()))
        .as("your verdict on your own token").isEqualTo(expected);
  }

  @Test
  @DisplayName("rejects tokens for another audience, expired, not yet valid, from another issuer, signed with another key, or not properly signed")
  void rejectsBadTokens() {
    Instant now = Instant.now();
    ServiceAccountTokens mine = tokens();
    assertThat(mine.validate(mine.mint(BUILDER, AUDIENCE, now, LIFETIME), AUDIENCE, now)).as("first, your verdict on a good token")
        .isInstanceOf(TokenVerdict.Valid.class);
    assertThat(mine.validate(mine.mint(BUILDER, "https://vault.example.com", now, LIFETIME), AUDIENCE, now))
        .as("your verdict on a token for https://vault.example.com").isInstanceOf(TokenVerdict.Invalid.class);
    assertThat(mine.validate(mine.mint(BUILDER, AUDIENCE, now, LIFETIME), AUDIENCE, now.plus(LIFETIME).plusSeconds(1)))
        .as("your verdict on a token one second after it expired").isInstanceOf(TokenVerdict.Invalid.class);
    String otherIssuer = new ServiceAccountTokens("https://issuer.elsewhere.example.com", keys).mint(BUILDER, AUDIENCE, now, LIFETIME);
    assertThat(mine.validate(otherIssuer, AUDIENCE, now)).as("your verdict on a token from another issuer (same key)")
        .isInstanceOf(TokenVerdict.Invalid.class);
    String otherKey = new ServiceAccountTokens(ISSUER, otherKeys).mint(BUILDER, AUDIENCE, now, LIFETIME);
    assertThat(mine.validate(otherKey, AUDIENCE, now)).as("your verdict on a token signed with another key")
        .isInstanceOf(TokenVerdict.Invalid.class);

    // kube-apiserver's own token, issued an hour from now: good in every way but its time (nbf)
    String early = libraryToken(now.plus(Duration.ofHours(1)));
    assertThat(verdict(mine, early, now, "a token whose nbf is an hour from now")).as("your verdict on a token whose nbf is an hour from now")
        .isInstanceOf(TokenVerdict.Invalid.class);
    assertThat(verdict(mine, early, now.plus(Duration.ofHours(1)), "a token whose nbf is now")).as("your verdict on the same token an hour later")
        .isInstanceOf(TokenVerdict.Valid.class);
    // the same claims, not signed, or signed by someone who only knows the public key
    String good = libraryToken(now);
    JWTClaimsSet claims = claimsOf(good);
    assertThat(verdict(mine, new PlainJWT(claims).serialize(), now, "an unsigned token (alg none)"))
        .as("your verdict on the good token's claims, unsigned (alg none)").isInstanceOf(TokenVerdict.Invalid.class);
    assertThat(verdict(mine, hs256(claims), now, "a token signed HS256 with the public key as the secret"))
        .as("your verdict on the good token's claims signed HS256 with the public key as the secret").isInstanceOf(TokenVerdict.Invalid.class);
    String stripped = good.substring(0, good.lastIndexOf('.') + 1);
    assertThat(verdict(mine, stripped, now, "a token with its signature cut off"))
        .as("your verdict on the good token with its signature cut off").isInstanceOf(TokenVerdict.Invalid.class);
  }

  /** Your verdict, or a plain-words failure when validate throws instead of answering. */
  private static TokenVerdict verdict(ServiceAccountTokens mine, String token, Instant now, String what) {
    try {
      return mine.validate(token, AUDIENCE, now);
    } catch (RuntimeException e) {
      return fail("your validate threw %s on %s; answer new TokenVerdict.Invalid(why) instead", e, what);
    }
  }

  /** A token for builder as kube-apiserver issues it at {@code issuedAt}, valid for LIFETIME. */
  private static String libraryToken(Instant issuedAt) {
    ServiceAccountTokenIssuer kubeApiserver = ServiceAccountTokenIssuer.builder(ISSUER, keys.getPrivate())
        .clock(Clock.fixed(issuedAt, ZoneOffset.UTC)).build();
    ServiceAccountTokenIssuer.BoundToken claims = kubeApiserver.claims(BUILDER, Optional.empty(), Optional.empty(), Optional.empty(),
        LIFETIME.toSeconds(), 0, List.of(AUDIENCE));
    return kubeApiserver.sign(claims.claims(), claims.boundClaims());
  }

  /** The claims signed with HMAC, using the public key's bytes as the secret (an attacker has them). */
  private static String hs256(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new MACSigner(keys.getPublic().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the test token: " + e.getMessage(), e);
    }
  }

  private static JWTClaimsSet claimsOf(String token) {
    try {
      return JWTParser.parse(token).getJWTClaimsSet();
    } catch (ParseException e) {
      return fail("your token is not a JWT: %s", e.getMessage());
    }
  }

  private static Long epochSeconds(Date date) {
    return date == null ? null : date.toInstant().getEpochSecond();
  }

  private static ServiceAccountTokens tokens() {
    return new ServiceAccountTokens(ISSUER, keys);
  }

  /** kube-apiserver's bound-token authenticator for this issuer and key, with these objects. */
  private static ServiceAccountTokenAuthenticator apiServer(ServiceAccountObjects objects) {
    return ServiceAccountTokenAuthenticator.of(List.of(ISSUER), List.of(keys.getPublic()), List.of(AUDIENCE), objects, Clock.systemUTC());
  }

  private static ServiceAccount serviceAccount(String namespace, String name, String uid) {
    return new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata().build();
  }
}
