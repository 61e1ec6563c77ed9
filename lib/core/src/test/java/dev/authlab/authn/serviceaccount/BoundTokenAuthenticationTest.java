package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Trace;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bound tokens from the TokenRequest API through the bound-token authenticator: who they make the
 * caller, and every way a token is refused, with the API server's error text.
 */
class BoundTokenAuthenticationTest {

  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final KeyPair KEYS = rsa(2048);
  static final KeyPair EC = ec("secp256r1");
  static final long T0 = 1_750_000_000L;

  static final InMemoryServiceAccountObjects OBJECTS = InMemoryServiceAccountObjects.of(
      serviceAccount("default", "build-robot", "sa-1"),
      pod("default", "web", "pod-1", "build-robot", "node-a"),
      node("node-a", "node-1"),
      node("node-b", "node-2"),
      secret("default", "bound-secret", "secret-1"));

  static ServiceAccountTokenIssuer issuer(Clock clock) {
    return ServiceAccountTokenIssuer.builder(ISSUER, KEYS.getPrivate()).objects(OBJECTS).clock(clock).idGenerator(() -> "jti-1").build();
  }

  static ServiceAccountTokenAuthenticator authn(InMemoryServiceAccountObjects objects, long now) {
    return ServiceAccountTokenAuthenticator.of(List.of(ISSUER, "https://old-issuer"), List.of(KEYS.getPublic(), EC.getPublic()), List.of(ISSUER),
        objects, clockAt(now));
  }

  static String token(TokenRequest request) {
    TokenRequestResult result = issuer(clockAt(T0)).request("default", "build-robot", request);
    assertThat(result).isInstanceOf(TokenRequestResult.Issued.class);
    return ((TokenRequestResult.Issued) result).token();
  }

  static TokenRequest bound(String kind, String name) {
    return new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withApiVersion("v1").withKind(kind).withName(name).endBoundObjectRef()
        .endSpec().build();
  }

  static String error(AuthnResult result) {
    assertThat(result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  // ---- who a bound token makes you

  @Test
  void podBoundTokenGivesPodNodeAndCredentialExtras() {
    String token = token(bound("Pod", "web"));
    AuthnResult result = authn(OBJECTS, T0 + 10).authenticateToken(token, List.of());
    assertThat(result).isInstanceOf(AuthnResult.Authenticated.class);
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) result;
    assertThat(ok.user().name()).isEqualTo("system:serviceaccount:default:build-robot");
    assertThat(ok.user().uid()).isEqualTo("sa-1");
    assertThat(ok.user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:default");
    assertThat(ok.user().extra()).isEqualTo(Map.of(
        "authentication.kubernetes.io/pod-name", List.of("web"),
        "authentication.kubernetes.io/pod-uid", List.of("pod-1"),
        "authentication.kubernetes.io/node-name", List.of("node-a"),
        "authentication.kubernetes.io/node-uid", List.of("node-1"),
        "authentication.kubernetes.io/credential-id", List.of("JTI=jti-1")));
    assertThat(ok.audiences()).containsExactly(ISSUER);
    assertThat(ok.trace().steps()).extracting(Trace.Step::authenticator).containsOnly("serviceaccount");
    assertThat(String.join("\n", ok.trace().lines())).doesNotContain(token);
  }

  @Test
  void nodeBoundTokenIsCheckedAgainstTheNode() {
    String token = token(bound("Node", "node-b"));
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) authn(OBJECTS, T0).authenticateToken(token, List.of());
    assertThat(ok.user().extra()).isEqualTo(Map.of(
        "authentication.kubernetes.io/node-name", List.of("node-b"),
        "authentication.kubernetes.io/node-uid", List.of("node-2"),
        "authentication.kubernetes.io/credential-id", List.of("JTI=jti-1")));
    assertThat(error(authn(OBJECTS.without("Node", "", "node-b"), T0).authenticateToken(token, List.of())))
        .isEqualTo("service account token has been invalidated");
    assertThat(error(authn(OBJECTS.with(node("node-b", "node-3")), T0).authenticateToken(token, List.of())))
        .isEqualTo("node UID (node-3) does not match service account node ref claim (node-2)");
  }

  @Test
  void podBoundTokensNodeIsNotLookedUp() {
    String token = token(bound("Pod", "web"));
    assertThat(authn(OBJECTS.without("Node", "", "node-a"), T0).authenticateToken(token, List.of()).isAuthenticated()).isTrue();
  }

  @Test
  void secretBoundTokenNeedsTheSecret() {
    String token = token(bound("Secret", "bound-secret"));
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) authn(OBJECTS, T0).authenticateToken(token, List.of());
    assertThat(ok.user().extra()).containsOnlyKeys("authentication.kubernetes.io/credential-id");
    assertThat(error(authn(OBJECTS.without("Secret", "default", "bound-secret"), T0).authenticateToken(token, List.of())))
        .isEqualTo("service account token has been invalidated");
  }

  @Test
  void podDeletedAndRecreatedWithAnotherUid() {
    String token = token(bound("Pod", "web"));
    InMemoryServiceAccountObjects recreated = OBJECTS.with(pod("default", "web", "pod-2", "build-robot", "node-a"));
    assertThat(error(authn(recreated, T0).authenticateToken(token, List.of())))
        .isEqualTo("pod UID (pod-2) does not match service account pod ref claim (pod-1)");
    assertThat(error(authn(OBJECTS.without("Pod", "default", "web"), T0).authenticateToken(token, List.of())))
        .isEqualTo("service account token has been invalidated");
  }

  @Test
  void podBeingDeletedHasAMinuteOfGrace() {
    String token = token(bound("Pod", "web"));
    InMemoryServiceAccountObjects deleting = OBJECTS.with(new PodBuilder(pod("default", "web", "pod-1", "build-robot", "node-a"))
        .editMetadata().withDeletionTimestamp(rfc3339(T0)).endMetadata().build());
    assertThat(authn(deleting, T0 + 60).authenticateToken(token, List.of()).isAuthenticated()).isTrue();
    assertThat(error(authn(deleting, T0 + 61).authenticateToken(token, List.of()))).isEqualTo("service account token has been invalidated");
  }

  @Test
  void serviceAccountRecreatedOrGone() {
    String token = token(new TokenRequest());
    assertThat(error(authn(OBJECTS.with(serviceAccount("default", "build-robot", "sa-2")), T0).authenticateToken(token, List.of())))
        .isEqualTo("service account UID (sa-2) does not match claim (sa-1)");
    assertThat(error(authn(OBJECTS.without("ServiceAccount", "default", "build-robot"), T0).authenticateToken(token, List.of())))
        .isEqualTo("serviceaccounts \"build-robot\" not found");
  }

  // ---- time

  @Test
  void expiryHasAMinuteOfLeeway() {
    String token = token(new TokenRequest());
    assertThat(authn(OBJECTS, T0 + 3600 + 60).authenticateToken(token, List.of()).isAuthenticated()).isTrue();
    assertThat(error(authn(OBJECTS, T0 + 3600 + 61).authenticateToken(token, List.of()))).isEqualTo("service account token has expired");
  }

  @Test
  void notYetValidAndIssuedInTheFuture() {
    String token = token(new TokenRequest());
    assertThat(authn(OBJECTS, T0 - 60).authenticateToken(token, List.of()).isAuthenticated()).isTrue();
    assertThat(error(authn(OBJECTS, T0 - 61).authenticateToken(token, List.of()))).isEqualTo("service account token is not valid yet");
    String futureIat = forge("{\"alg\":\"RS256\"}", "{\"aud\":[\"" + ISSUER + "\"],\"iat\":" + (T0 + 120) + ",\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"build-robot\",\"uid\":\"sa-1\"}}}", KEYS.getPrivate());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(futureIat, List.of()))).isEqualTo("service account token is issued in the future");
  }

  @Test
  void aTokenWithoutExpiryNeverExpires() {
    String noExp = forge("{\"alg\":\"RS256\"}", "{\"aud\":[\"" + ISSUER + "\"],\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"build-robot\",\"uid\":\"sa-1\"}}}", KEYS.getPrivate());
    assertThat(authn(OBJECTS, T0 + 100L * 365 * 24 * 3600).authenticateToken(noExp, List.of()).isAuthenticated()).isTrue();
  }

  // ---- audiences

  @Test
  void audienceMustIntersect() {
    String vault = token(new TokenRequestBuilder().withNewSpec().withAudiences("vault").endSpec().build());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(vault, List.of())))
        .isEqualTo("token audiences [\"vault\"] is invalid for the target audiences [\"" + ISSUER + "\"]");
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) authn(OBJECTS, T0).authenticateToken(vault, List.of("other", "vault"));
    assertThat(ok.audiences()).containsExactly("vault");
  }

  // ---- not ours

  @Test
  void anotherIssuerIsNotOurs() {
    String other = forge("{\"alg\":\"RS256\"}", "{\"iss\":\"https://accounts.example.com\",\"sub\":\"alice\"}", KEYS.getPrivate());
    assertThat(authn(OBJECTS, T0).authenticateToken(other, List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  @Test
  void aLegacyTokenIsNotTheBoundAuthenticators() {
    String legacy = issuer(clockAt(T0)).generateLegacyToken(secret("default", "s", ""), serviceAccount("default", "build-robot", "sa-1"));
    assertThat(authn(OBJECTS, T0).authenticateToken(legacy, List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  @Test
  void garbageIsNotOurs() {
    ServiceAccountTokenAuthenticator authn = authn(OBJECTS, T0);
    for (String garbage : List.of("", "not a jwt", "a.b", "a.b.c.d", "....", "é.é.é", "{\"iss\":\"" + ISSUER + "\"}",
        b64("{\"alg\":\"RS256\"}") + "." + b64("{\"iss\":\"" + ISSUER + "\"}") + "=.sig",
        b64("{\"alg\":\"RS256\"}") + "." + b64("[\"" + ISSUER + "\"]") + ".sig",
        b64("{\"alg\":\"RS256\"}") + "." + b64("{\"iss\":42}") + ".sig",
        "%%%." + b64("{\"iss\":\"" + ISSUER + "\"}") + ".sig",
        b64("[1]") + "." + b64("{\"iss\":\"" + ISSUER + "\"}") + ".sig",
        b64("{\"alg\":7}") + "." + b64("{\"iss\":\"" + ISSUER + "\"}") + ".sig",
        b64("{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}}") + "." + b64("{\"iss\":\"" + ISSUER + "\"}") + ".sig")) {
      assertThat(authn.authenticateToken(garbage, List.of())).as(garbage).isInstanceOf(AuthnResult.NoOpinion.class);
    }
  }

  @Test
  void oversizedTokensAreHandledQuickly() {
    ServiceAccountTokenAuthenticator authn = authn(OBJECTS, T0);
    String huge = "a".repeat(2_000_000) + "." + "b".repeat(2_000_000) + "." + "c".repeat(10);
    assertThat(authn.authenticateToken(huge, List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
    String padding = "x".repeat(1_000_000);
    String bigButOurs = forge("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"pad\":\"" + padding + "\"}", rsa(2048).getPrivate());
    assertThat(error(authn.authenticateToken(bigButOurs, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    String deeplyNested = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"iss\":\"" + ISSUER + "\",\"x\":" + deep + "}") + ".sig";
    assertThat(authn.authenticateToken(deeplyNested, List.of())).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  // ---- forged and tampered

  @Test
  void algNoneIsRefused() {
    String payload = "{\"aud\":[\"" + ISSUER + "\"],\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"build-robot\",\"uid\":\"sa-1\"}}}";
    String none = b64("{\"alg\":\"none\"}") + "." + b64(payload) + ".";
    assertThat(error(authn(OBJECTS, T0).authenticateToken(none, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
    String noneWithKid = b64("{\"alg\":\"none\",\"kid\":\"" + ServiceAccountKeys.keyId(KEYS.getPublic()) + "\"}") + "." + b64(payload) + ".";
    assertThat(error(authn(OBJECTS, T0).authenticateToken(noneWithKid, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() {
    String payload = "{\"aud\":[\"" + ISSUER + "\"],\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"build-robot\",\"uid\":\"sa-1\"}}}";
    String confused = forge("{\"alg\":\"HS256\"}", payload, KEYS.getPublic().getEncoded());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(confused, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
    String pem = forge("{\"alg\":\"HS256\"}", payload, ServiceAccountKeys.publicKeyPem(KEYS.getPublic()).getBytes());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(pem, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void tamperedPayloadFailsTheSignature() {
    String token = token(new TokenRequest());
    String tampered = withPayload(token, payloadOf(token).replace("build-robot", "admin-robot"));
    assertThat(error(authn(OBJECTS, T0).authenticateToken(tampered, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void unknownKeyIdFindsNoKeys() {
    String token = forge("{\"alg\":\"RS256\",\"kid\":\"nope\"}", "{\"iss\":\"" + ISSUER + "\"}", KEYS.getPrivate());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(token, List.of()))).isEqualTo("invalid signature, no keys found");
  }

  @Test
  void everyRsaAlgorithmGoJoseKnowsVerifiesWithTheKey() {
    String payload = "{\"aud\":[\"" + ISSUER + "\"],\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"default\",\"serviceaccount\":{\"name\":\"build-robot\",\"uid\":\"sa-1\"}}}";
    for (String alg : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")) {
      String token = forge("{\"alg\":\"" + alg + "\"}", payload, KEYS.getPrivate());
      assertThat(authn(OBJECTS, T0).authenticateToken(token, List.of()).isAuthenticated()).as(alg).isTrue();
    }
    String es256 = forge("{\"alg\":\"ES256\"}", payload, EC.getPrivate());
    assertThat(authn(OBJECTS, T0).authenticateToken(es256, List.of()).isAuthenticated()).isTrue();
    // an ES256 signature presented as ES384 does not verify with a P-256 key
    String[] parts = es256.split("\\.");
    String relabelled = b64("{\"alg\":\"ES384\"}") + "." + parts[1] + "." + parts[2];
    assertThat(error(authn(OBJECTS, T0).authenticateToken(relabelled, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void issuerIsCheckedAgainAfterTheSignature() {
    // encoding/json matches "ISS" to iss when peeking, go-jose's case-sensitive decoder does not
    String token = forge("{\"alg\":\"RS256\"}", "{\"ISS\":\"" + ISSUER + "\"}", KEYS.getPrivate());
    assertThat(error(authn(OBJECTS, T0).authenticateToken(token, List.of()))).isEqualTo("token issuer \"\" is invalid");
  }

  @Test
  void claimsOfTheWrongTypeAreReported() {
    String badExp = forge("{\"alg\":\"RS256\"}", "{\"exp\":\"soon\",\"iss\":\"" + ISSUER + "\"}", KEYS.getPrivate());
    // the RSA key verifies but the claims do not decode, the EC key fails: both errors, in key order
    assertThat(error(authn(OBJECTS, T0).authenticateToken(badExp, List.of())))
        .isEqualTo("[go-jose/go-jose/jwt: expected number value to unmarshal into NumericDate, go-jose/go-jose: error in cryptographic primitive]");
    ServiceAccountTokenAuthenticator rsaOnly = ServiceAccountTokenAuthenticator.of(List.of(ISSUER), List.of(KEYS.getPublic()), List.of(ISSUER),
        OBJECTS, clockAt(T0));
    String badPrivate = forge("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\",\"kubernetes.io\":\"x\"}", KEYS.getPrivate());
    assertThat(error(rsaOnly.authenticateToken(badPrivate, List.of())))
        .isEqualTo("json: cannot unmarshal string into Go value of type serviceaccount.kubernetes");
    String badAud = forge("{\"alg\":\"RS256\"}", "{\"aud\":[1],\"iss\":\"" + ISSUER + "\"}", KEYS.getPrivate());
    assertThat(error(rsaOnly.authenticateToken(badAud, List.of())))
        .isEqualTo("go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience");
  }

  @Test
  void aForeignKeyWithoutKidFailsWithEveryKey() {
    String token = forge("{\"alg\":\"RS256\"}", "{\"iss\":\"" + ISSUER + "\"}", rsa(2048).getPrivate());
    // both configured keys fail the same way: apimachinery prints the error once
    assertThat(error(authn(OBJECTS, T0).authenticateToken(token, List.of()))).isEqualTo("go-jose/go-jose: error in cryptographic primitive");
  }

  @Test
  void unicodeAndCommasInNamesSurvive() {
    InMemoryServiceAccountObjects objects = OBJECTS.with(serviceAccount("ns-ü", "robot,with,commas-ß", "uid-✓"));
    String token = forge("{\"alg\":\"RS256\"}", "{\"aud\":[\"" + ISSUER + "\"],\"iss\":\"" + ISSUER
        + "\",\"kubernetes.io\":{\"namespace\":\"ns-ü\",\"serviceaccount\":{\"name\":\"robot,with,commas-ß\",\"uid\":\"uid-✓\"}}}", KEYS.getPrivate());
    AuthnResult.Authenticated ok = (AuthnResult.Authenticated) authn(objects, T0).authenticateToken(token, List.of());
    assertThat(ok.user().name()).isEqualTo("system:serviceaccount:ns-ü:robot,with,commas-ß");
    assertThat(ok.user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns-ü");
  }

  @Test
  void extendedTokensPastWarnAfterAreNotedAsStale() {
    TokenRequest kubelet = new TokenRequestBuilder(bound("Pod", "web")).editSpec().withExpirationSeconds(3607L).endSpec().build();
    String token = token(kubelet);
    AuthnResult result = authn(OBJECTS, T0 + 7200).authenticateToken(token, List.of());
    assertThat(result.isAuthenticated()).isTrue();
    assertThat(String.join("\n", result.trace().lines())).contains("stale: 3593 seconds past warnafter");
  }
}
