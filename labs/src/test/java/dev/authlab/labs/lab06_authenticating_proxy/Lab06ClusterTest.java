package dev.authlab.labs.lab06_authenticating_proxy;

import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.JANE;
import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.cleanClientRequest;
import static dev.authlab.labs.lab06_authenticating_proxy.ProxyFixtures.spoofedClientRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.Pem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A kube-apiserver with a front-proxy CA (--requestheader-client-ca-file and friends). */
@Tag("cluster")
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab06ClusterTest {

  static IssuedCertificate proxyCertificate;

  static synchronized AuthnSettings authn() {
    CertificateAuthority frontProxyCa = CertificateAuthority.selfSigned("lab06-front-proxy-ca", KeyAlgorithm.ECDSA_P256);
    proxyCertificate = frontProxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    return AuthnSettings.builder().requestHeader(ProxyFixtures.apiServerFlags(frontProxyCa)).build();
  }

  @Test
  @DisplayName("the API server sees your forwarded request as Jane (name, uid, groups, extra)")
  void apiServerSeesTheForwardedUser(ControlPlane cp) {
    UserInfo user = whoamiThroughTheProxy(cp, cleanClientRequest());
    assertThat(user).as("the user the API server reports for your forwarded request").isEqualTo(withAllAuthenticated(JANE));
  }

  @Test
  @DisplayName("the API server does not get Jane's spoofed system:masters through your proxy")
  void apiServerDoesNotSeeSpoofedHeaders(ControlPlane cp) {
    UserInfo user = whoamiThroughTheProxy(cp, spoofedClientRequest());
    assertThat(user.groups()).as("the groups the API server reports when Jane sent X-Remote-Group: system:masters to your proxy")
        .doesNotContain(UserInfo.SYSTEM_PRIVILEGED_GROUP);
    assertThat(user).as("the user the API server reports for Jane's spoofed request").isEqualTo(withAllAuthenticated(JANE));
  }

  /** Sends the reader's forwarded request (its headers, the proxy's certificate) as a SelfSubjectReview. */
  private static UserInfo whoamiThroughTheProxy(ControlPlane cp, AuthenticationRequest clientRequest) {
    AuthenticationRequest forwarded = new AuthenticatingProxy(proxyCertificate).forward(clientRequest, JANE);
    assertThat(forwarded.clientCertificates()).as("the client certificate your forwarded request presents (the proxy's)")
        .containsExactly(proxyCertificate.certificate());
    Credential credential = new Credential.ProxyHeaders(Pem.encode(proxyCertificate.certificate()), proxyCertificate.privateKeyPem(),
        forwarded.headers());
    WhoamiResult result = cp.whoami(credential);
    assertThat(result).as("kubectl auth whoami through your proxy").isInstanceOf(WhoamiResult.Authenticated.class);
    return ((WhoamiResult.Authenticated) result).user();
  }

  private static UserInfo withAllAuthenticated(UserInfo user) {
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.ALL_AUTHENTICATED);
    return user.withGroups(groups);
  }
}
