package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's TestValidatePrivateClaims (pkg/serviceaccount/claims_test.go): what the bound-token
 * validator says about times and the objects a token names, deletion a moment ago included.
 */
class ValidatePrivateClaimsTest {

  static final ServiceAccount SA = serviceAccount("ns", "saname", "sauid");
  static final Secret SECRET = secret("ns", "secretname", "secretuid");
  static final Pod POD = pod("ns", "podname", "poduid", "saname", "");
  static final Node NODE = node("nodename", "nodeuid");

  static final BoundClaims.Ref SA_REF = new BoundClaims.Ref("saname", "sauid");

  static BoundClaims claims(BoundClaims.Ref sa, Optional<BoundClaims.Ref> pod, Optional<BoundClaims.Ref> secret, Optional<BoundClaims.Ref> node) {
    return new BoundClaims("ns", sa, pod, secret, node, OptionalLong.empty());
  }

  static BoundClaims plain() {
    return claims(SA_REF, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static Arguments row(String name, List<HasMetadata> objects, BoundClaims claims, long expiry, long notBefore, String error) {
    return Arguments.of(name, objects, claims, expiry, notBefore, error);
  }

  static Stream<Arguments> cases() {
    List<Arguments> rows = new ArrayList<>(List.of(
        row("good", List.of(SA), plain(), 0, 0, ""),
        row("expired", List.of(SA), plain(), NOW - 1000 * 3600, 0, "service account token has expired"),
        row("not yet valid", List.of(SA), plain(), 0, NOW + 1000 * 3600, "service account token is not valid yet"),
        row("missing serviceaccount", List.of(), plain(), 0, 0, "serviceaccounts \"saname\" not found"),
        row("missing secret", List.of(SA), claims(SA_REF, Optional.empty(), Optional.of(new BoundClaims.Ref("secretname", "secretuid")), Optional.empty()),
            0, 0, "service account token has been invalidated"),
        row("missing pod", List.of(SA), claims(SA_REF, Optional.of(new BoundClaims.Ref("podname", "poduid")), Optional.empty(), Optional.empty()),
            0, 0, "service account token has been invalidated"),
        row("missing node", List.of(SA), claims(SA_REF, Optional.empty(), Optional.empty(), Optional.of(new BoundClaims.Ref("nodename", "nodeuid"))),
            0, 0, "service account token has been invalidated"),
        row("different uid serviceaccount", List.of(SA), claims(new BoundClaims.Ref("saname", "sauidold"), Optional.empty(), Optional.empty(), Optional.empty()),
            0, 0, "service account UID (sauid) does not match claim (sauidold)"),
        row("different uid secret", List.of(SA, SECRET),
            claims(SA_REF, Optional.empty(), Optional.of(new BoundClaims.Ref("secretname", "secretuidold")), Optional.empty()),
            0, 0, "secret UID (secretuid) does not match service account secret ref claim (secretuidold)"),
        row("different uid pod", List.of(SA, POD),
            claims(SA_REF, Optional.of(new BoundClaims.Ref("podname", "poduidold")), Optional.empty(), Optional.empty()),
            0, 0, "pod UID (poduid) does not match service account pod ref claim (poduidold)"),
        row("different uid node", List.of(SA, NODE),
            claims(SA_REF, Optional.empty(), Optional.empty(), Optional.of(new BoundClaims.Ref("nodename", "nodeuidold"))),
            0, 0, "node UID (nodeuid) does not match service account node ref claim (nodeuidold)")));
    // deletion: a minute's leeway; deleted 61 seconds ago is gone
    Object[][] deletions = {
        {"valid", null, false},
        {"deleted now", NOW, false},
        {"deleted near past", NOW - 1, false},
        {"deleted near future", NOW + 1, false},
        {"deleted now-leeway", NOW - 60, false},
        {"deleted now-leeway-1", NOW - 61, true}};
    for (Object[] d : deletions) {
      String when = d[1] == null ? null : rfc3339((Long) d[1]);
      boolean gone = (Boolean) d[2];
      ServiceAccount sa = new ServiceAccountBuilder(SA).editMetadata().withDeletionTimestamp(when).endMetadata().build();
      Secret secret = new SecretBuilder(SECRET).editMetadata().withDeletionTimestamp(when).endMetadata().build();
      Pod pod = new PodBuilder(POD).editMetadata().withDeletionTimestamp(when).endMetadata().build();
      Node node = new NodeBuilder(NODE).editMetadata().withDeletionTimestamp(when).endMetadata().build();
      String invalidated = gone ? "service account token has been invalidated" : "";
      rows.add(row(d[0] + " serviceaccount", List.of(sa), plain(), 0, 0, gone ? "service account ns/saname has been deleted" : ""));
      rows.add(row(d[0] + " secret", List.of(SA, secret),
          claims(SA_REF, Optional.empty(), Optional.of(new BoundClaims.Ref("secretname", "secretuid")), Optional.empty()), 0, 0, invalidated));
      rows.add(row(d[0] + " pod", List.of(SA, pod),
          claims(SA_REF, Optional.of(new BoundClaims.Ref("podname", "poduid")), Optional.empty(), Optional.empty()), 0, 0, invalidated));
      rows.add(row(d[0] + " node", List.of(SA, node),
          claims(SA_REF, Optional.empty(), Optional.empty(), Optional.of(new BoundClaims.Ref("nodename", "nodeuid"))), 0, 0, invalidated));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validatesTimesAndObjects(String name, List<HasMetadata> objects, BoundClaims bound, long expiry, long notBefore, String error) {
    ServiceAccountTokenAuthenticator authn = ServiceAccountTokenAuthenticator.of(List.of("iss"), List.of(), List.of("iss"),
        InMemoryServiceAccountObjects.of(objects), clockAt(NOW));
    // as upstream's test: exp defaults to now (still inside the leeway), nbf to the epoch
    StandardClaims claims = new StandardClaims("iss", "", List.of(), OptionalLong.of(expiry != 0 ? expiry : NOW), OptionalLong.of(notBefore),
        OptionalLong.empty(), "");
    ServiceAccountTokenAuthenticator.Validation result = authn.validate(claims, bound, new ArrayList<>());
    if (error.isEmpty()) {
      assertThat(result).isInstanceOf(ServiceAccountTokenAuthenticator.Validation.Valid.class);
    } else {
      assertThat(result).isInstanceOf(ServiceAccountTokenAuthenticator.Validation.Invalid.class);
      assertThat(((ServiceAccountTokenAuthenticator.Validation.Invalid) result).error()).isEqualTo(error);
    }
  }
}
