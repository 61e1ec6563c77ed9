package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Upstream's TestClaims (pkg/serviceaccount/claims_test.go): the claims of bound tokens. */
class ClaimsTest {

  static final ServiceAccount SA = serviceAccount("myns", "mysvcacct", "mysvcacct-uid");
  static final Pod POD = pod("myns", "mypod", "mypod-uid", "mysvcacct", "");
  static final Secret SECRET = secret("myns", "mysecret", "mysecret-uid");
  static final Node NODE = node("mynode", "mynode-uid");
  static final BoundClaims.Ref SA_REF = new BoundClaims.Ref("mysvcacct", "mysvcacct-uid");

  final ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder("https://issuer", privateKey(RSA_PRIVATE_KEY))
      .clock(clockAt(NOW)).idGenerator(() -> "fixed").build();

  static StandardClaims standard(List<String> aud, long exp) {
    return new StandardClaims("", "system:serviceaccount:myns:mysvcacct", aud, OptionalLong.of(NOW + exp), OptionalLong.of(NOW),
        OptionalLong.of(NOW), "fixed");
  }

  @Test
  void podAndSecretTogetherAreAnInternalError() {
    assertThatThrownBy(() -> issuer.claims(SA, Optional.of(POD), Optional.of(SECRET), Optional.empty(), 0, 0, List.of()))
        .hasMessage("internal error, token can only be bound to one object type");
  }

  @Test
  void podBindingWithEmptyAudience() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.of(POD), Optional.empty(), Optional.empty(), 100, 0, List.of());
    assertThat(t.claims()).isEqualTo(standard(List.of(), 100));
    assertThat(t.boundClaims()).isEqualTo(new BoundClaims("myns", SA_REF, Optional.of(new BoundClaims.Ref("mypod", "mypod-uid")),
        Optional.empty(), Optional.empty(), OptionalLong.empty()));
    // an empty audience is left out, as are unset times and empty strings
    assertThat(t.claims().toJson())
        .isEqualTo("{\"exp\":1514764900,\"iat\":1514764800,\"jti\":\"fixed\",\"nbf\":1514764800,\"sub\":\"system:serviceaccount:myns:mysvcacct\"}");
    assertThat(t.boundClaims().toJson())
        .isEqualTo("{\"kubernetes.io\":{\"namespace\":\"myns\",\"pod\":{\"name\":\"mypod\",\"uid\":\"mypod-uid\"},"
            + "\"serviceaccount\":{\"name\":\"mysvcacct\",\"uid\":\"mysvcacct-uid\"}}}");
  }

  @Test
  void secretBindingWithSingleAudience() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.empty(), Optional.of(SECRET), Optional.empty(), 100, 0, List.of("1"));
    assertThat(t.claims()).isEqualTo(standard(List.of("1"), 100));
    assertThat(t.boundClaims().secret()).contains(new BoundClaims.Ref("mysecret", "mysecret-uid"));
    assertThat(t.boundClaims().pod()).isEmpty();
    // go-jose v2 writes even a single audience as an array
    assertThat(t.claims().toJson()).startsWith("{\"aud\":[\"1\"],");
  }

  @Test
  void noBindingWithMultiMemberAudience() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.empty(), Optional.empty(), Optional.empty(), 100, 0, List.of("1", "2"));
    assertThat(t.claims()).isEqualTo(standard(List.of("1", "2"), 100));
    assertThat(t.boundClaims()).isEqualTo(new BoundClaims("myns", SA_REF, Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty()));
  }

  @Test
  void warnAfterProvided() {
    ServiceAccountTokenIssuer.BoundToken t =
        issuer.claims(SA, Optional.of(POD), Optional.empty(), Optional.empty(), 60 * 60 * 24, 60 * 60, List.of());
    assertThat(t.claims().expiry()).hasValue(NOW + 60 * 60 * 24);
    assertThat(t.boundClaims().warnAfter()).hasValue(NOW + 60 * 60);
  }

  @Test
  void nodeAlone() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.empty(), Optional.empty(), Optional.of(NODE), 0, 0, List.of());
    assertThat(t.claims()).isEqualTo(standard(List.of(), 0));
    assertThat(t.boundClaims().node()).contains(new BoundClaims.Ref("mynode", "mynode-uid"));
    assertThat(t.boundClaims().pod()).isEmpty();
  }

  @Test
  void nodeAndPod() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.of(POD), Optional.empty(), Optional.of(NODE), 0, 0, List.of());
    assertThat(t.boundClaims().pod()).contains(new BoundClaims.Ref("mypod", "mypod-uid"));
    assertThat(t.boundClaims().node()).contains(new BoundClaims.Ref("mynode", "mynode-uid"));
  }

  @Test
  void nodeAndSecretAreAnInternalError() {
    assertThatThrownBy(() -> issuer.claims(SA, Optional.empty(), Optional.of(SECRET), Optional.of(NODE), 0, 0, List.of()))
        .hasMessage("internal error, token can only be bound to one object type");
  }

  @Test
  void everyTokenHasAJti() {
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(SA, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, List.of());
    assertThat(t.claims().id()).isEqualTo("fixed");
  }

  @Test
  void signedPayloadMergesClaimsAndSortsKeysLikeGoJose() {
    ServiceAccountTokenIssuer.BoundToken t =
        issuer.claims(SA, Optional.of(POD), Optional.empty(), Optional.of(NODE), 3600, 0, List.of("https://issuer"));
    String token = issuer.sign(t.claims(), t.boundClaims());
    assertThat(payloadOf(token)).isEqualTo("{\"aud\":[\"https://issuer\"],\"exp\":1514768400,\"iat\":1514764800,\"iss\":\"https://issuer\","
        + "\"jti\":\"fixed\",\"kubernetes.io\":{\"namespace\":\"myns\",\"node\":{\"name\":\"mynode\",\"uid\":\"mynode-uid\"},"
        + "\"pod\":{\"name\":\"mypod\",\"uid\":\"mypod-uid\"},\"serviceaccount\":{\"name\":\"mysvcacct\",\"uid\":\"mysvcacct-uid\"}},"
        + "\"nbf\":1514764800,\"sub\":\"system:serviceaccount:myns:mysvcacct\"}");
  }

  @Test
  void goStyleEscapingInPayload() {
    ServiceAccount odd = serviceAccount("ns", "a<b>&c", "u\u2028\u0001");
    ServiceAccountTokenIssuer.BoundToken t = issuer.claims(odd, Optional.empty(), Optional.empty(), Optional.empty(), 600, 0, List.of());
    assertThat(t.boundClaims().toJson()).contains("\"name\":\"a\\u003cb\\u003e\\u0026c\"", "\"uid\":\"u\\u2028\\u0001\"");
  }
}
