package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The legacy validator (pkg/serviceaccount/legacy.go): claims, lookups, and the 1.29+ invalidation label. */
class LegacyValidatorTest {

  static final KeyPair KEYS = rsa(2048);
  static final ServiceAccount SA = serviceAccount("ns", "robot", "sa-1");
  static final ServiceAccountTokenIssuer SIGNER = ServiceAccountTokenIssuer.builder("https://issuer", KEYS.getPrivate()).build();
  static final String TOKEN = SIGNER.generateLegacyToken(secret("ns", "robot-token", "s-1"), SA);
  static final List<String> API = List.of("https://kubernetes.default.svc");

  static LegacyServiceAccountTokenAuthenticator authn(LegacyServiceAccountTokenAuthenticator.Lookup lookup, HasMetadata... objects) {
    return LegacyServiceAccountTokenAuthenticator.of(List.of(KEYS.getPublic()), API, lookup, InMemoryServiceAccountObjects.of(objects), clockAt(NOW));
  }

  static LegacyServiceAccountTokenAuthenticator withLookup(HasMetadata... objects) {
    return authn(LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED, objects);
  }

  static String legacy(String sub, String ns, String saName, String saUid, String secretName) {
    StandardClaims claims = new StandardClaims("", sub, List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "");
    return SIGNER.sign(claims, new LegacyClaims(ns, saName, saUid, secretName));
  }

  static String error(AuthnResult result) {
    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  @Test
  void missingClaimsInUpstreamsOrder() {
    LegacyServiceAccountTokenAuthenticator authn = authn(LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED);
    String sub = "system:serviceaccount:ns:robot";
    assertThat(error(authn.authenticateToken(legacy("", "ns", "robot", "sa-1", "t"), List.of()))).isEqualTo("sub claim is missing");
    assertThat(error(authn.authenticateToken(legacy(sub, "", "robot", "sa-1", "t"), List.of()))).isEqualTo("namespace claim is missing");
    assertThat(error(authn.authenticateToken(legacy(sub, "ns", "robot", "sa-1", ""), List.of()))).isEqualTo("secretName claim is missing");
    assertThat(error(authn.authenticateToken(legacy(sub, "ns", "", "sa-1", "t"), List.of()))).isEqualTo("serviceAccountName claim is missing");
    assertThat(error(authn.authenticateToken(legacy(sub, "ns", "robot", "", "t"), List.of()))).isEqualTo("serviceAccountUID claim is missing");
    assertThat(error(authn.authenticateToken(legacy("system:serviceaccount:other:robot", "ns", "robot", "sa-1", "t"), List.of())))
        .isEqualTo("sub claim is invalid");
    assertThat(error(authn.authenticateToken(legacy("system:serviceaccount:ns:Robot", "ns", "Robot", "sa-1", "t"), List.of())))
        .isEqualTo("sub claim is invalid");
  }

  @Test
  void withoutLookupAnyWellFormedTokenIsAccepted() {
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) authn(LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED)
        .authenticateToken(TOKEN, List.of());
    assertThat(ok.user().name()).isEqualTo("system:serviceaccount:ns:robot");
    assertThat(ok.user().uid()).isEqualTo("sa-1");
    assertThat(ok.user().extra()).isEmpty();
    assertThat(ok.audiences()).isEqualTo(API);
  }

  @Test
  void legacyTokensAreGoodForTheApiAudiencesOnly() {
    LegacyServiceAccountTokenAuthenticator authn = authn(LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED);
    assertThat(error(authn.authenticateToken(TOKEN, List.of("vault"))))
        .isEqualTo("token audiences [\"https://kubernetes.default.svc\"] is invalid for the target audiences [\"vault\"]");
    assertThat(((AuthnResult.Authenticated) authn.authenticateToken(TOKEN, List.of("vault", "https://kubernetes.default.svc"))).audiences())
        .containsExactly("https://kubernetes.default.svc");
  }

  @Test
  void aLegacyTokenWhoseSecretIsGone() {
    assertThat(error(withLookup(SA).authenticateToken(TOKEN, List.of()))).isEqualTo("Token has been invalidated");
  }

  @Test
  void secretBeingDeletedHasNoGrace() {
    var deleting = new SecretBuilder(tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of())).editMetadata()
        .withDeletionTimestamp(rfc3339(NOW + 3600)).endMetadata().build();
    assertThat(error(withLookup(SA, deleting).authenticateToken(TOKEN, List.of()))).isEqualTo("Token has been invalidated");
  }

  @Test
  void secretMustHoldThisToken() {
    var other = tokenSecret("ns", "robot-token", "s-1", "something else", Map.of());
    assertThat(error(withLookup(SA, other).authenticateToken(TOKEN, List.of()))).isEqualTo("Token does not match server's copy");
  }

  @Test
  void serviceAccountMustExistUnchanged() {
    var secret = tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of());
    assertThat(error(withLookup(secret).authenticateToken(TOKEN, List.of()))).isEqualTo("serviceaccounts \"robot\" not found");
    assertThat(error(withLookup(secret, serviceAccount("ns", "robot", "sa-2")).authenticateToken(TOKEN, List.of())))
        .isEqualTo("ServiceAccount UID (sa-2) does not match claim (sa-1)");
    var deleting = new ServiceAccountBuilder(SA).editMetadata().withDeletionTimestamp(rfc3339(NOW)).endMetadata().build();
    assertThat(error(withLookup(secret, deleting).authenticateToken(TOKEN, List.of()))).isEqualTo("ServiceAccount ns/robot has been deleted");
  }

  @Test
  void invalidSinceLabelRejectsUntilRemoved() {
    var labelled = tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of("kubernetes.io/legacy-token-invalid-since", "2023-10-25"));
    assertThat(error(withLookup(SA, labelled).authenticateToken(TOKEN, List.of()))).isEqualTo(
        "the token in secret ns/robot-token for service account ns/robot has been marked invalid. Use tokens from the TokenRequest API or "
            + "manually created secret-based tokens, or remove the 'kubernetes.io/legacy-token-invalid-since' label from the secret to "
            + "temporarily allow use of this token");
    // an empty label value does not count, as upstream checks for a non-empty value
    var empty = tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of("kubernetes.io/legacy-token-invalid-since", ""));
    assertThat(withLookup(SA, empty).authenticateToken(TOKEN, List.of()).isAuthenticated()).isTrue();
  }

  @Test
  void tracksAutoGeneratedAndManualTokens() {
    var secret = tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of());
    var listing = new ServiceAccountBuilder(SA).withSecrets(new ObjectReferenceBuilder().withName("robot-token").build()).build();
    assertThat(String.join("\n", withLookup(listing, secret).authenticateToken(TOKEN, List.of()).trace().lines()))
        .contains("auto-generated secret-based token", "kubernetes.io/legacy-token-last-used=2018-01-01")
        .doesNotContain(TOKEN);
    var usedToday = tokenSecret("ns", "robot-token", "s-1", TOKEN, Map.of("kubernetes.io/legacy-token-last-used", "2018-01-01"));
    assertThat(String.join("\n", withLookup(SA, usedToday).authenticateToken(TOKEN, List.of()).trace().lines()))
        .contains("manually created secret-based token")
        .doesNotContain("labels the secret");
  }

  @Test
  void expiryIsNotCheckedOnLegacyTokens() {
    StandardClaims expired = new StandardClaims("", "system:serviceaccount:ns:robot", List.of(), OptionalLong.of(NOW - 86400), OptionalLong.empty(),
        OptionalLong.empty(), "");
    String token = SIGNER.sign(expired, new LegacyClaims("ns", "robot", "sa-1", "t"));
    assertThat(authn(LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED).authenticateToken(token, List.of()).isAuthenticated()).isTrue();
  }

  @Test
  void stringDataCountsForObjectsNotYetStored() {
    var secret = new SecretBuilder().withNewMetadata().withNamespace("ns").withName("robot-token").endMetadata()
        .withStringData(Map.of("token", TOKEN)).build();
    assertThat(withLookup(SA, secret).authenticateToken(TOKEN, List.of()).isAuthenticated()).isTrue();
  }

  @Test
  void boundTokensAreNotTheLegacyAuthenticators() {
    var issuer = ServiceAccountTokenIssuer.builder("https://issuer", KEYS.getPrivate()).objects(InMemoryServiceAccountObjects.of(SA)).build();
    String bound = ((TokenRequestResult.Issued) issuer.request("ns", "robot", new io.fabric8.kubernetes.api.model.authentication.TokenRequest())).token();
    assertThat(withLookup(SA).authenticateToken(bound, List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }
}
