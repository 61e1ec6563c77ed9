package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnResult;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TokenRequest API (pkg/registry/core/serviceaccount/storage/token.go): defaults, limits, bound
 * objects, the expiry cap and the kubelet's extended tokens; the last two ported from upstream's
 * TestCreate_Token_WithExpiryCap and TestTokenRequest_ServiceAccountUIDValidation.
 */
class TokenRequestTest {

  static final KeyPair KEYS = rsa(2048);
  static final List<String> API = List.of("aud-1", "aud-2");

  static final InMemoryServiceAccountObjects OBJECTS = InMemoryServiceAccountObjects.of(
      serviceAccount("default", "foo", "sa-uid"),
      pod("default", "test", "pod-uid", "foo", ""),
      pod("default", "other-sa-pod", "pod-uid-2", "someone-else", ""),
      pod("default", "lost", "pod-uid-3", "foo", "node-gone"),
      secret("default", "s", "secret-uid"),
      node("n1", "node-uid"));

  static ServiceAccountTokenIssuer.Builder builder() {
    return ServiceAccountTokenIssuer.builder("https://issuer", KEYS.getPrivate()).apiAudiences(API).objects(OBJECTS).clock(clockAt(NOW))
        .idGenerator(() -> "jti");
  }

  static TokenRequestResult.Issued issued(TokenRequestResult result) {
    assertThat(result).isInstanceOf(TokenRequestResult.Issued.class);
    return (TokenRequestResult.Issued) result;
  }

  static TokenRequestResult.Rejected rejected(TokenRequestResult result) {
    assertThat(result).isInstanceOf(TokenRequestResult.Rejected.class);
    return (TokenRequestResult.Rejected) result;
  }

  static TokenRequest podBound(String pod, long seconds, List<String> audiences) {
    return new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds).withAudiences(audiences)
        .withNewBoundObjectRef().withKind("Pod").withApiVersion("v1").withName(pod).endBoundObjectRef().endSpec().build();
  }

  @Test
  void defaultsToTheApiAudiencesAndAnHour() {
    TokenRequestResult.Issued out = issued(builder().build().request("default", "foo", new TokenRequest()));
    assertThat(out.tokenRequest().getSpec().getAudiences()).isEqualTo(API);
    assertThat(out.tokenRequest().getSpec().getExpirationSeconds()).isEqualTo(3600L);
    assertThat(out.tokenRequest().getMetadata().getName()).isEqualTo("foo");
    assertThat(out.tokenRequest().getMetadata().getNamespace()).isEqualTo("default");
    assertThat(out.tokenRequest().getMetadata().getUid()).isEqualTo("sa-uid");
    assertThat(out.tokenRequest().getMetadata().getCreationTimestamp()).isEqualTo("2018-01-01T00:00:00Z");
    assertThat(out.tokenRequest().getStatus().getExpirationTimestamp()).isEqualTo("2018-01-01T01:00:00Z");
    assertThat(out.claims().audience()).isEqualTo(API);
    assertThat(out.claims().issuer()).isEqualTo("https://issuer");
    assertThat(out.claims().expiry()).hasValue(NOW + 3600);
    assertThat(out.claims().id()).isEqualTo("jti");
    assertThat(out.warnings()).isEmpty();
    assertThat(out.toString()).doesNotContain(out.token());
  }

  @Test
  void expirationLimits() {
    TokenRequest tooShort = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(60L).endSpec().build();
    TokenRequestResult.Rejected r = rejected(builder().build().request("default", "foo", tooShort));
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.message())
        .isEqualTo("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes");
    TokenRequest tooLong = new TokenRequestBuilder().withNewSpec().withExpirationSeconds((1L << 32) + 1).endSpec().build();
    assertThat(rejected(builder().build().request("default", "foo", tooLong)).message()).isEqualTo(
        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds");
    TokenRequest minimum = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build();
    assertThat(issued(builder().build().request("default", "foo", minimum)).claims().expiry()).hasValue(NOW + 600);
  }

  @Test
  void maxExpirationShortensWithAWarning() {
    TokenRequest day = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(86400L).endSpec().build();
    TokenRequestResult.Issued out = issued(builder().maxExpiration(Duration.ofHours(2)).build().request("default", "foo", day));
    assertThat(out.warnings()).containsExactly("requested expiration of 86400 seconds shortened to 7200 seconds");
    assertThat(out.tokenRequest().getSpec().getExpirationSeconds()).isEqualTo(7200L);
    assertThat(out.claims().expiry()).hasValue(NOW + 7200);
  }

  static Stream<Arguments> expiryCap() {
    long year = ServiceAccountTokenIssuer.EXPIRATION_EXTENSION_SECONDS;
    return Stream.of(
        Arguments.of("passed expiration respected if less than max", false, 5 * 3600, year, 3607),
        Arguments.of("maxExtendedExpirationSeconds honoured", true, 2 * 3600, 5 * 3600, 5 * 3600),
        Arguments.of("ExpirationExtensionSeconds used for exp", true, 2 * year, year, year),
        Arguments.of("ExpirationSeconds used for exp", true, 5 * 3600, year, year),
        Arguments.of("requested time use with extension disabled", false, 5 * 3600, year, 3607),
        Arguments.of("maxExpirationSeconds honoured with extension disabled", false, 30 * 60, year, 30 * 60));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiryCap")
  void createTokenWithExpiryCap(String name, boolean extend, long max, long maxExtended, long expectedAge) {
    // storage fields set directly, as upstream's test does (30m is below what the flag allows)
    ServiceAccountTokenIssuer issuer = builder()
        .maxExpiration(Duration.ofSeconds(max))
        .maxExtendedExpiration(Duration.ofSeconds(maxExtended))
        .expirationExtension(extend ? ServiceAccountTokenIssuer.ExpirationExtension.ENABLED : ServiceAccountTokenIssuer.ExpirationExtension.DISABLED)
        .build();
    TokenRequestResult.Issued out = issued(issuer.request("default", "foo", podBound("test", 3607, API)));
    assertThat(out.claims().expiry()).hasValue(NOW + expectedAge);
    if (extend && expectedAge != 3607) {
      assertThat(out.boundClaims().warnAfter()).hasValue(NOW + 3607);
      // the status keeps the requested expiry, not the extended one
      assertThat(out.tokenRequest().getStatus().getExpirationTimestamp()).isEqualTo(rfc3339(NOW + 3607).replace(".000", ""));
    }
  }

  @Test
  void noExtensionForOtherAudiencesOrWithoutAPod() {
    assertThat(issued(builder().build().request("default", "foo", podBound("test", 3607, List.of("vault")))).claims().expiry()).hasValue(NOW + 3607);
    TokenRequest unbound = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3607L).endSpec().build();
    assertThat(issued(builder().build().request("default", "foo", unbound)).claims().expiry()).hasValue(NOW + 3607);
  }

  @Test
  void serviceAccountUidValidation() {
    TokenRequest matching = new TokenRequestBuilder().withNewMetadata().withUid("sa-uid").endMetadata().build();
    assertThat(issued(builder().build().request("default", "foo", matching)).tokenRequest().getMetadata().getUid()).isEqualTo("sa-uid");
    TokenRequest wrong = new TokenRequestBuilder().withNewMetadata().withName("foo").withUid("wrong-sa-uid-456").endMetadata().build();
    TokenRequestResult.Rejected r = rejected(builder().build().request("default", "foo", wrong));
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.message()).isEqualTo("Operation cannot be fulfilled on TokenRequest.authentication.k8s.io \"foo\": "
        + "the UID in the token request (wrong-sa-uid-456) does not match the UID of the service account (sa-uid)");
  }

  @Test
  void nameAndNamespaceMustMatchTheUrl() {
    TokenRequest other = new TokenRequestBuilder().withNewMetadata().withName("other").endMetadata().build();
    assertThat(rejected(builder().build().request("default", "foo", other)).message()).isEqualTo(
        "TokenRequest.authentication.k8s.io \"foo\" is invalid: metadata.name: Invalid value: \"other\": must match the service account name if specified");
    TokenRequest otherNs = new TokenRequestBuilder().withNewMetadata().withNamespace("kube-system").endMetadata().build();
    assertThat(rejected(builder().build().request("default", "foo", otherNs)).message()).isEqualTo(
        "TokenRequest.authentication.k8s.io \"foo\" is invalid: metadata.namespace: Invalid value: \"kube-system\": must match the service account namespace if specified");
  }

  @Test
  void missingObjects() {
    TokenRequestResult.Rejected noSa = rejected(builder().build().request("default", "nobody", new TokenRequest()));
    assertThat(noSa.code()).isEqualTo(404);
    assertThat(noSa.message()).isEqualTo("serviceaccounts \"nobody\" not found");
    assertThat(rejected(builder().build().request("default", "foo", podBound("ghost", 3600, API))).message()).isEqualTo("pods \"ghost\" not found");
    TokenRequest node = new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("Node").withApiVersion("v1").withName("n9")
        .endBoundObjectRef().endSpec().build();
    assertThat(rejected(builder().build().request("default", "foo", node)).message()).isEqualTo("nodes \"n9\" not found");
  }

  @Test
  void podMustRunAsTheServiceAccount() {
    TokenRequestResult.Rejected r = rejected(builder().build().request("default", "foo", podBound("other-sa-pod", 3600, API)));
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.message()).isEqualTo("cannot bind token for serviceaccount \"foo\" to pod running with different serviceaccount name.");
  }

  @Test
  void boundObjectUidMustMatch() {
    TokenRequest req = new TokenRequestBuilder(podBound("test", 3600, API)).editSpec().editBoundObjectRef().withUid("old-uid").endBoundObjectRef()
        .endSpec().build();
    TokenRequestResult.Rejected r = rejected(builder().build().request("default", "foo", req));
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.message()).isEqualTo("Operation cannot be fulfilled on Pod \"test\": the UID in the bound object reference (old-uid) does not "
        + "match the UID in record. The object might have been deleted and then recreated");
  }

  @Test
  void onlyPodsSecretsAndNodes() {
    TokenRequest deployment = new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("Deployment").withApiVersion("apps/v1")
        .withName("d").endBoundObjectRef().endSpec().build();
    assertThat(rejected(builder().build().request("default", "foo", deployment)).message())
        .isEqualTo("cannot bind token to object of type apps/v1, Kind=Deployment");
    TokenRequest configMap = new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("ConfigMap").withApiVersion("v1")
        .withName("c").endBoundObjectRef().endSpec().build();
    assertThat(rejected(builder().build().request("default", "foo", configMap)).message())
        .isEqualTo("cannot bind token to object of type /v1, Kind=ConfigMap");
  }

  @Test
  void podOnAMissingNodeStillNamesTheNode() {
    TokenRequestResult.Issued out = issued(builder().build().request("default", "foo", podBound("lost", 3600, API)));
    assertThat(out.boundClaims().node()).contains(new BoundClaims.Ref("node-gone", ""));
    AuthnResult result = ServiceAccountTokenAuthenticator.of(List.of("https://issuer"), List.of(KEYS.getPublic()), API, OBJECTS, clockAt(NOW))
        .authenticateToken(out.token(), List.of());
    assertThat(((AuthnResult.Authenticated) result).user().extra()).containsEntry("authentication.kubernetes.io/node-name", List.of("node-gone"))
        .doesNotContainKey("authentication.kubernetes.io/node-uid");
  }

  @Test
  void secretAndNodeBindings() {
    TokenRequest secret = new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("Secret").withApiVersion("v1").withName("s")
        .endBoundObjectRef().endSpec().build();
    assertThat(issued(builder().build().request("default", "foo", secret)).boundClaims().secret()).contains(new BoundClaims.Ref("s", "secret-uid"));
    TokenRequest node = new TokenRequestBuilder().withNewSpec().withNewBoundObjectRef().withKind("Node").withApiVersion("v1").withName("n1")
        .endBoundObjectRef().endSpec().build();
    assertThat(issued(builder().build().request("default", "foo", node)).boundClaims().node()).contains(new BoundClaims.Ref("n1", "node-uid"));
  }

  @Test
  void ecdsaSigningKeysPickTheAlgorithmByCurve() {
    assertThat(ServiceAccountTokenIssuer.builder("i", ec("secp256r1").getPrivate()).build().algorithm()).isEqualTo("ES256");
    assertThat(ServiceAccountTokenIssuer.builder("i", ec("secp384r1").getPrivate()).build().algorithm()).isEqualTo("ES384");
    assertThat(ServiceAccountTokenIssuer.builder("i", ec("secp521r1").getPrivate()).build().algorithm()).isEqualTo("ES512");
    KeyPair p384 = ec("secp384r1");
    ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder("https://issuer", p384.getPrivate()).objects(OBJECTS).clock(clockAt(NOW)).build();
    String token = issued(issuer.request("default", "foo", new TokenRequest())).token();
    AuthnResult result = ServiceAccountTokenAuthenticator.of(List.of("https://issuer"), List.of(SaFixtures.publicKey(issuer.publicKeyPem())),
        List.of("https://issuer"), OBJECTS, clockAt(NOW)).authenticateToken(token, List.of());
    assertThat(result.isAuthenticated()).isTrue();
    assertThat(headerOf(token)).isEqualTo("{\"alg\":\"ES384\",\"kid\":\"" + issuer.keyId() + "\"}");
  }

  @Test
  void extraMetadataIsKept() {
    TokenRequest labelled = new TokenRequestBuilder().withNewMetadata().withLabels(Map.of("a", "b")).endMetadata().build();
    assertThat(issued(builder().build().request("default", "foo", labelled)).tokenRequest().getMetadata().getLabels()).containsEntry("a", "b");
  }
}
