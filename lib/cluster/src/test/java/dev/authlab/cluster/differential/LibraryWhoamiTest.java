package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The library's prediction of {@code kubectl auth whoami} and how it is compared, without a cluster. */
class LibraryWhoamiTest {

  private static final AuthenticationRequest ANY = AuthenticationRequest.get(LibraryWhoami.PATH);

  private static WhoamiResult predict(AuthnResult result) {
    return new LibraryWhoami(request -> result).whoami(ANY).result();
  }

  @Test
  void anAuthenticatedUserMayAskWhoTheyAre() {
    UserInfo jane = new UserInfo("jane", "", List.of("dev", "system:authenticated"), Map.of());
    assertThat(predict(AuthnResult.authenticated("x509", jane, "test"))).isEqualTo(new WhoamiResult.Authenticated(jane));
  }

  @Test
  void anonymousIsAuthenticatedButForbiddenToAsk() {
    UserInfo anonymous = new UserInfo("system:anonymous", "", List.of("system:unauthenticated"), Map.of());
    WhoamiResult result = predict(AuthnResult.authenticated("anonymous", anonymous, "test"));
    assertThat(result).isInstanceOf(WhoamiResult.Forbidden.class);
    assertThat(((WhoamiResult.Forbidden) result).message())
        .isEqualTo("selfsubjectreviews.authentication.k8s.io is forbidden: User \"system:anonymous\" cannot create resource "
            + "\"selfsubjectreviews\" in API group \"authentication.k8s.io\" at the cluster scope");
  }

  @Test
  void aRejectedCredentialIsUnauthorized() {
    assertThat(predict(AuthnResult.failed("token-file", "invalid bearer token"))).isInstanceOf(WhoamiResult.Unauthorized.class);
    assertThat(predict(AuthnResult.noOpinion("token-file", "no token"))).isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  @Test
  void answersAgreeOnlyOnTheSameKindAndTheSameUser() {
    UserInfo jane = UserInfo.of("jane", "system:authenticated");
    WhoamiResult.Authenticated janeAnswer = new WhoamiResult.Authenticated(jane);
    assertThat(LibraryWhoami.disagreement(janeAnswer, janeAnswer)).isEmpty();
    assertThat(LibraryWhoami.disagreement(janeAnswer, new WhoamiResult.Authenticated(UserInfo.of("jane"))))
        .hasValueSatisfying(why -> assertThat(why).startsWith("users differ"));
    assertThat(LibraryWhoami.disagreement(janeAnswer, new WhoamiResult.Unauthorized("x")))
        .hasValueSatisfying(why -> assertThat(why).startsWith("cluster authenticated"));
    assertThat(LibraryWhoami.disagreement(new WhoamiResult.Unauthorized("Unauthorized"), new WhoamiResult.Unauthorized("token expired"))).isEmpty();
    WhoamiResult.Forbidden anonymous = new WhoamiResult.Forbidden("… User \"system:anonymous\" cannot create …");
    assertThat(LibraryWhoami.disagreement(anonymous, anonymous)).isEmpty();
    assertThat(LibraryWhoami.disagreement(new WhoamiResult.Forbidden("… User \"bob\" cannot create …"), anonymous)).isPresent();
  }
}
