package dev.authlab.labs.lab03_client_certificates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.cluster.ClientCertificateOffer;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.Csr;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 03 against a real API server whose {@code --client-ca-file} is the lab's CA: the certificates
 * your {@link ClientCertificateIssuer} issues must log in as the right user and groups, and those
 * from another CA or past their expiry must get a 401.
 */
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab03ClusterTest {

  static CertificateAuthority ca;

  static synchronized AuthnSettings authn() {
    ca = CertificateAuthority.selfSigned("lab03-cluster-client-ca", KeyAlgorithm.ECDSA_P256);
    return AuthnSettings.builder()
        .clientCa(ClientCaConfig.of(List.of(ca.certificate())))
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @Test
  @DisplayName("the API server accepts your certificates, issued for a key or signed from a request, as the right user and groups")
  void apiServerAcceptsTheIssuedCertificate(ControlPlane cp) {
    Lab03LibraryTest.yourOwnIssuer();
    ClientCertificateIssuer issuer = new ClientCertificateIssuer(ca.certificate(), ca.privateKey(), Clock.systemUTC());
    KeyPair maria = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate issued = issuer.issue(maria.getPublic(), "maria", List.of("dev", "ops"), Duration.ofHours(1));
    assertThat(whoami(cp, issued, maria))
        .as("who the API server says maria's certificate is")
        .isEqualTo(new UserInfo("maria", "", List.of("dev", "ops", "system:authenticated"), Map.of()));

    KeyPair li = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate signed = issuer.sign(Csr.create(li, "li", "qa"), Duration.ofHours(1));
    assertThat(whoami(cp, signed, li))
        .as("who the API server says the certificate signed from li's request is")
        .isEqualTo(new UserInfo("li", "", List.of("qa", "system:authenticated"), Map.of()));
  }

  /** Name, uid and groups the API server reads from the certificate (its extra credential-id is a hash of the certificate, not its content). */
  private static UserInfo whoami(ControlPlane cp, X509Certificate certificate, KeyPair keys) {
    WhoamiResult result = cp.whoami(new Credential.ClientCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate())));
    assertThat(result).as("the API server's answer to your certificate for %s", certificate.getSubjectX500Principal())
        .isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) result).user();
    return new UserInfo(user.name(), user.uid(), user.groups(), Map.of());
  }

  @Test
  @DisplayName("the API server answers 401 to your certificates from another CA or past their expiry")
  void apiServerRejectsOtherCaAndExpired(ControlPlane cp) {
    Lab03LibraryTest.yourOwnIssuer();
    KeyPair maria = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate good = new ClientCertificateIssuer(ca.certificate(), ca.privateKey(), Clock.systemUTC())
        .issue(maria.getPublic(), "maria", List.of("dev"), Duration.ofHours(1));
    assertThat(offering(cp, good, maria.getPrivate())).as("maria's certificate from the trusted CA")
        .isInstanceOf(WhoamiResult.Authenticated.class);

    CertificateAuthority other = CertificateAuthority.selfSigned("lab03-someone-elses-ca", KeyAlgorithm.ECDSA_P256);
    X509Certificate forged = new ClientCertificateIssuer(other.certificate(), other.privateKey(), Clock.systemUTC())
        .issue(maria.getPublic(), "maria", List.of("system:masters"), Duration.ofHours(1));
    assertThat(offering(cp, forged, maria.getPrivate())).as("a certificate from another CA, claiming system:masters")
        .isInstanceOf(WhoamiResult.Unauthorized.class);

    X509Certificate expired = new ClientCertificateIssuer(ca.certificate(), ca.privateKey(), Clock.offset(Clock.systemUTC(), Duration.ofDays(-10)))
        .issue(maria.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    assertThat(offering(cp, expired, maria.getPrivate())).as("a certificate that expired nine days ago")
        .isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  /**
   * Who the API server says a client certificate is, offering it whatever CAs the server names, as
   * kubectl does: otherwise the JDK would leave a foreign certificate out and the request would
   * arrive as anonymous instead of being rejected.
   */
  private static WhoamiResult offering(ControlPlane cp, X509Certificate certificate, PrivateKey key) {
    return new ClientCertificateOffer(certificate, key).whoami(cp, new Credential.Anonymous());
  }
}
