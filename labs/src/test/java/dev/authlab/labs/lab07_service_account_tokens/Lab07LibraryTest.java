package dev.authlab.labs.lab07_service_account_tokens;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  @DisplayName("a token minted for another audience, or one that has expired, is rejected")
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
  @DisplayName("rejects tokens for another audience, expired, from another issuer, or signed with another key")
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
