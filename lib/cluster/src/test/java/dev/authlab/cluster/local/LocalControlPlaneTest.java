package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ControlPlane API against a real API server started with a static token file and a client CA of our own. */
@WithControlPlane(settings = "authn")
class LocalControlPlaneTest {

  static final StaticToken ALICE = new StaticToken("alice-0b6f1c2d3e4f5a6b", "alice", "1001", List.of("devs", "qa"));
  static final CertificateAuthority USERS_CA = CertificateAuthority.selfSigned("authlab-test-users", KeyAlgorithm.ECDSA_P256);
  static final CertificateAuthority FRONT_PROXY_CA = CertificateAuthority.selfSigned("authlab-test-front-proxy", KeyAlgorithm.ECDSA_P256);

  static AuthnSettings authn() {
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(ALICE))
        .clientCa(ClientCaConfig.of(List.of(USERS_CA.certificate())))
        .requestHeader(RequestHeaderConfig.kubeadmDefaults(List.of(FRONT_PROXY_CA.certificate())))
        .build();
  }

  @Test
  void theAdminCanListNamespaces(ControlPlane cp) {
    List<String> names = cp.adminClient().namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    assertThat(names).contains("default", "kube-system", "kube-public", "kube-node-lease");
  }

  @Test
  void aStaticTokenIsWhoTheLibrarySays(ControlPlane cp) {
    WhoamiResult server = cp.whoami(new Credential.Token(ALICE.token()));
    AuthnResult library = cp.authn().authenticator(AuthnSettings.Environment.defaults())
        .authenticate(AuthenticationRequest.withBearerToken(ALICE.token()));

    assertThat(server).isInstanceOf(WhoamiResult.Authenticated.class);
    assertThat(library).isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) server).user();
    assertThat(user).isEqualTo(((AuthnResult.Authenticated) library).user());
    assertThat(user).isEqualTo(new UserInfo("alice", "1001", List.of("devs", "qa", "system:authenticated"), Map.of()));
  }

  @Test
  void anUnknownTokenIsUnauthorized(ControlPlane cp) {
    assertThat(cp.whoami(new Credential.Token("not-in-the-file"))).isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  @Test
  void aCertificateFromTheConfiguredClientCaIsItsSubject(ControlPlane cp) {
    IssuedCertificate bob = USERS_CA.issue(CertificateSpec.clientCertificate("bob", "ops"), KeyAlgorithm.ECDSA_P256);
    WhoamiResult result = cp.whoami(new Credential.ClientCertificate(bob.certificatePem(), bob.privateKeyPem()));
    assertThat(result).isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) result).user();
    assertThat(user.name()).isEqualTo("bob");
    assertThat(user.groups()).containsExactly("ops", "system:authenticated");
  }

  @Test
  void proxyHeadersAreWhoTheLibrarySaysEveryValueCounted(ControlPlane cp) {
    IssuedCertificate proxy = FRONT_PROXY_CA.issue(CertificateSpec.clientCertificate("front-proxy-client"), KeyAlgorithm.ECDSA_P256);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Remote-User", List.of("carol"));
    headers.put("X-Remote-Group", List.of("devs", "ops"));
    headers.put("X-Remote-Extra-Scopes", List.of("view", "edit"));

    WhoamiResult server = cp.whoami(new Credential.ProxyHeaders(proxy.certificatePem(), proxy.privateKeyPem(), headers));
    AuthenticationRequest request = AuthenticationRequest.get("/apis/authentication.k8s.io/v1/selfsubjectreviews")
        .withClientCertificates(List.of(proxy.certificate()));
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      for (String value : header.getValue()) {
        request = request.withHeader(header.getKey(), value);
      }
    }
    AuthnResult library = cp.authn().authenticator(AuthnSettings.Environment.defaults()).authenticate(request);

    assertThat(server).isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) server).user();
    assertThat(user).isEqualTo(new UserInfo("carol", "", List.of("devs", "ops", "system:authenticated"), Map.of("scopes", List.of("view", "edit"))));
    assertThat(library).isInstanceOfSatisfying(AuthnResult.Authenticated.class, a -> assertThat(a.user()).isEqualTo(user));
  }

  @Test
  void proxyHeadersFromAnUnknownProxyAreNotBelieved(ControlPlane cp) {
    IssuedCertificate impostor = USERS_CA.issue(CertificateSpec.clientCertificate("front-proxy-client"), KeyAlgorithm.ECDSA_P256);
    WhoamiResult result = cp.whoami(new Credential.ProxyHeaders(impostor.certificatePem(), impostor.privateKeyPem(),
        Map.of("X-Remote-User", List.of("root"), "X-Remote-Group", List.of("system:masters"))));
    // the certificate itself is still a valid client certificate: the headers are ignored, not trusted
    assertThat(result).isInstanceOfSatisfying(WhoamiResult.Authenticated.class,
        a -> assertThat(a.user().name()).isEqualTo("front-proxy-client"));
  }

  @Test
  void theAdminCertificateStillGetsIn(ControlPlane cp) {
    LocalControlPlane local = (LocalControlPlane) cp;
    WhoamiResult result = cp.whoami(local.adminCredential());
    assertThat(result).isInstanceOf(WhoamiResult.Authenticated.class);
    assertThat(((WhoamiResult.Authenticated) result).user().groups()).containsExactly("system:masters", "system:authenticated");
  }

  @Test
  void anonymousMayNotAskWhoItIs(ControlPlane cp) {
    // RBAC gives selfsubjectreviews to system:authenticated only (system:basic-user)
    assertThat(cp.whoami(new Credential.Anonymous())).isInstanceOf(WhoamiResult.Forbidden.class);
  }

  @Test
  void aClientAsAliceIsForbiddenWhatRbacDoesNotGrant(ControlPlane cp) {
    KubernetesClient alice = cp.clientAs(new Credential.Token(ALICE.token()));
    try (alice) {
      assertThatThrownBy(() -> alice.secrets().inNamespace("default").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void subjectAccessReviewsAreAnsweredByRbac(ControlPlane cp) {
    SubjectAccessReviewStatus alice = cp.review(listSecrets("alice", "devs"));
    SubjectAccessReviewStatus master = cp.review(listSecrets("root", "system:masters"));
    assertThat(alice.getAllowed()).isFalse();
    assertThat(master.getAllowed()).isTrue();
  }

  private static SubjectAccessReview listSecrets(String user, String group) {
    return new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(user)
        .withGroups(group)
        .withNewResourceAttributes()
        .withVerb("list")
        .withResource("secrets")
        .withNamespace("default")
        .endResourceAttributes()
        .endSpec()
        .build();
  }
}
