package dev.authlab.authn.x509;

import static dev.authlab.authn.x509.TestPki.NOW;
import static dev.authlab.authn.x509.TestPki.certificate;
import static dev.authlab.authn.x509.TestPki.clock;
import static dev.authlab.authn.x509.TestPki.clockAt;
import static dev.authlab.authn.x509.TestPki.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Upstream TestX509 (1.34), case by case, then what the upstream cases leave out. */
class X509AuthenticatorTest {

  private static final String CREDENTIAL_ID = CommonNameUserConversion.CREDENTIAL_ID_KEY;

  private static final X509Certificate ROOT = upstream("root-ca");
  private static final X509Certificate CLIENT = upstream("client-cn");
  private static final X509Certificate SERVER = upstream("server");
  private static final X509Certificate SELF_SIGNED = upstream("self-signed");
  private static final X509Certificate MULTI_UIDS = upstream("ca-with-multi-uids");
  private static final X509Certificate WITH_GROUPS = upstream("ca-with-groups");

  private static AuthenticationRequest presenting(X509Certificate... chain) {
    return AuthenticationRequest.get("/").withClientCertificates(List.of(chain));
  }

  private static X509Authenticator defaults(Clock clock) {
    return X509Authenticator.clientCertificates(List.of(ROOT), clock);
  }

  private static UserInfo user(AuthnResult result) {
    assertThat(result).as("result %s", result).isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user();
  }

  private static String failure(AuthnResult result) {
    assertThat(result).as("result %s", result).isInstanceOf(AuthnResult.Failed.class);
    return ((AuthnResult.Failed) result).reason();
  }

  @Nested
  class UpstreamCases {

    @Test
    void nonTlsAndTlsWithoutCertificatesHaveNoOpinion() {
      AuthnResult result = defaults(clock()).authenticate(AuthenticationRequest.get("/"));
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason()).isEqualTo("no client certificate was presented");
    }

    @Test
    void selfSigned() {
      assertThat(failure(defaults(clock()).authenticate(presenting(SELF_SIGNED))))
          .isEqualTo("verifying certificate SN=654708847004117259890317394342561449606220871090, "
              + "SKID=56:A5:55:02:8C:97:FD:1E:A0:B8:DE:EF:5E:95:F0:AC:A6:23:6F:16, "
              + "AKID=56:A5:55:02:8C:97:FD:1E:A0:B8:DE:EF:5E:95:F0:AC:A6:23:6F:16 failed: x509: certificate signed by unknown authority");
    }

    @Test
    void serverCert() {
      assertThat(failure(defaults(clock()).authenticate(presenting(SERVER))))
          .isEqualTo("verifying certificate SN=7, SKID=CA:72:DA:A3:17:BB:56:CC:14:A9:BA:12:F2:88:7F:F4:15:69:33:CB, "
              + "AKID=48:70:75:D4:ED:6B:49:3B:53:DB:E9:A6:F9:9C:55:92:51:BD:96:E6 failed: x509: certificate specifies an incompatible key usage");
    }

    @Test
    void serverCertAllowingNonClientCertUsages() {
      X509Authenticator auth = X509Authenticator.of(new VerifyOptions(List.of(ROOT), List.of()), CommonNameUserConversion.standard(), clock());
      assertThat(user(auth.authenticate(presenting(SERVER)))).isEqualTo(new UserInfo("127.0.0.1", "", List.of("My Org"),
          Map.of(CREDENTIAL_ID, List.of("X509SHA256=04adf2b65e6325a8c467256eb3a9a373d818398d9a1f1d9eca1cbc2c237fe75f"))));
    }

    @Test
    void commonNameAndUid() {
      assertThat(user(defaults(clock()).authenticate(presenting(CLIENT)))).isEqualTo(new UserInfo("client_cn", "client_id", List.of("My Org"),
          Map.of(CREDENTIAL_ID, List.of("X509SHA256=0a016b6c2ff14c5431e4a2b448e941fcaa21fb3d7ad105e9a53d4e8ce12824f0"))));
    }

    @Test
    void commonNameAndEmptyUidWithFeatureGateDisabled() {
      X509Authenticator auth = X509Authenticator.of(VerifyOptions.clientAuth(List.of(ROOT)), CommonNameUserConversion.withoutUidParsing(), clock());
      assertThat(user(auth.authenticate(presenting(CLIENT)))).isEqualTo(new UserInfo("client_cn", "", List.of("My Org"),
          Map.of(CREDENTIAL_ID, List.of("X509SHA256=0a016b6c2ff14c5431e4a2b448e941fcaa21fb3d7ad105e9a53d4e8ce12824f0"))));
    }

    @Test
    void caWithEmptyUid() {
      TestPki.Issued ca = TestPki.ca("ca");
      TestPki.Issued leaf = certificate("client_cn").attribute(CommonNameUserConversion.UID_OID, "").signedBy(ca).build();
      AuthnResult result = X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()));
      assertThat(failure(result)).isEqualTo("UID cannot be an empty string");
    }

    @Test
    void caWithNonStringUid() {
      TestPki.Issued ca = TestPki.ca("ca");
      TestPki.Issued leaf = certificate("client_cn")
          .rawAttribute(CommonNameUserConversion.UID_OID, new DERSequence(new DERUTF8String("custom_value")))
          .signedBy(ca)
          .build();
      AuthnResult result = X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()));
      assertThat(failure(result)).isEqualTo("unable to parse UID into a string");
    }

    @Test
    void caWithMultipleUids() {
      X509Authenticator auth = X509Authenticator.of(new VerifyOptions(List.of(MULTI_UIDS), List.of()), CommonNameUserConversion.standard(), clock());
      assertThat(failure(auth.authenticate(presenting(MULTI_UIDS)))).isEqualTo("expected 1 UID, but found multiple: [client_uid1 client_uid2]");
    }

    @Test
    void caWithMultipleOrganizations() {
      X509Authenticator auth = X509Authenticator.of(new VerifyOptions(List.of(WITH_GROUPS), List.of()), CommonNameUserConversion.standard(), clock());
      assertThat(user(auth.authenticate(presenting(WITH_GROUPS)))).isEqualTo(new UserInfo("ROOT CA WITH GROUPS", "", List.of("My Org", "My Org 1", "My Org 2"),
          Map.of(CREDENTIAL_ID, List.of("X509SHA256=6f337bb6576b6f942bd5ac5256f621e352aa7b34d971bda9b8f8981f51bba456"))));
    }

    @Test
    void customConversionError() {
      X509Authenticator auth = X509Authenticator.of(VerifyOptions.clientAuth(List.of(ROOT)), chain -> new UserConversion.Failed("custom error"), clock());
      assertThat(failure(auth.authenticate(presenting(CLIENT)))).isEqualTo("custom error");
    }

    @Test
    void customConversionSuccess() {
      X509Authenticator auth = X509Authenticator.of(
          VerifyOptions.clientAuth(List.of(ROOT)), chain -> new UserConversion.Converted(UserInfo.of("custom")), clock());
      assertThat(user(auth.authenticate(presenting(CLIENT)))).isEqualTo(UserInfo.of("custom"));
    }

    @Test
    void futureCert() {
      Instant past = NOW.minus(Duration.ofDays(100 * 365));
      X509Authenticator auth = X509Authenticator.of(new VerifyOptions(List.of(ROOT), List.of()), CommonNameUserConversion.standard(), clockAt(past));
      assertThat(failure(auth.authenticate(presenting(CLIENT))))
          .endsWith("failed: x509: certificate has expired or is not yet valid: current time 1925-06-26T12:00:00Z is before 2024-10-27T00:43:31Z");
    }

    @Test
    void expiredCert() {
      Instant future = NOW.plus(Duration.ofDays(100 * 365));
      X509Authenticator auth = X509Authenticator.of(new VerifyOptions(List.of(ROOT), List.of()), CommonNameUserConversion.standard(), clockAt(future));
      assertThat(failure(auth.authenticate(presenting(CLIENT))))
          .endsWith("failed: x509: certificate has expired or is not yet valid: current time 2125-05-08T12:00:00Z is after 2124-10-03T00:43:31Z");
    }

    @Test
    void multiLevelValid() {
      MultiLevel pki = new MultiLevel();
      AuthnResult result = X509Authenticator.clientCertificates(List.of(pki.root.certificate()), clock())
          .authenticate(presenting(pki.valid.certificate(), pki.intermediate.certificate()));
      assertThat(user(result)).isEqualTo(new UserInfo("My Client", "", List.of(),
          Map.of(CREDENTIAL_ID, List.of(CommonNameUserConversion.credentialId(pki.valid.certificate())))));
      assertThat(result.trace().lines().get(0)).endsWith("verified: CN=My Client <- CN=Intermediate CA <- CN=Root CA");
    }

    @Test
    void multiLevelExpired() {
      MultiLevel pki = new MultiLevel();
      AuthnResult result = X509Authenticator.clientCertificates(List.of(pki.root.certificate()), clock())
          .authenticate(presenting(pki.expired.certificate(), pki.intermediate.certificate()));
      assertThat(failure(result)).endsWith(" failed: x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is after 2025-01-01T00:00:00Z");
    }
  }

  /** Upstream's multi-level fixtures, rebuilt: a root, an intermediate, a valid and an expired client. */
  static final class MultiLevel {
    final TestPki.Issued root = certificate("Root CA").ca().build();
    final TestPki.Issued intermediate = certificate("Intermediate CA").ca().signedBy(root).build();
    final TestPki.Issued valid = certificate("My Client").signedBy(intermediate).build();
    final TestPki.Issued expired = certificate("My Client")
        .valid(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"))
        .signedBy(intermediate)
        .build();
  }

  @Nested
  class BeyondUpstreamCases {
    private final TestPki.Issued ca = TestPki.ca("kubernetes");

    @Test
    void aCertificateWithoutCommonNameHasNoOpinion() {
      TestPki.Issued leaf = certificate(null).organizations("system:masters").signedBy(ca).build();
      AuthnResult result = X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()));
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
      assertThat(((AuthnResult.NoOpinion) result).reason()).isEqualTo("the certificate's subject has no common name");
    }

    @Test
    void anEmptyBundleHasNoOpinion() {
      TestPki.Issued leaf = TestPki.client(ca, "alice");
      AuthnResult result = X509Authenticator.clientCertificates(List.of(), clock()).authenticate(presenting(leaf.certificate()));
      assertThat(result).isInstanceOf(AuthnResult.NoOpinion.class);
    }

    @Test
    void theLastCommonNameWinsAndEveryOrganizationIsAGroupInOrder() {
      TestPki.Issued leaf = certificate("first").attribute("CN", "second").organizations("b-team", "a-team").attribute("O", "c,team").signedBy(ca).build();
      UserInfo user = user(X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate())));
      assertThat(user.name()).isEqualTo("second");
      assertThat(user.groups()).containsExactly("b-team", "a-team", "c,team");
    }

    @Test
    void unicodeNamesArePassedThrough() {
      TestPki.Issued leaf = certificate("Zoë Ärger 山田").organizations("développeurs").signedBy(ca).build();
      UserInfo user = user(X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate())));
      assertThat(user.name()).isEqualTo("Zoë Ärger 山田");
      assertThat(user.groups()).containsExactly("développeurs");
    }

    @Test
    void aCertificateSignedByAnotherCaIsAnErrorNotNoOpinion() {
      TestPki.Issued other = TestPki.ca("kubernetes");
      TestPki.Issued leaf = TestPki.client(other, "mallory", "system:masters");
      String reason = failure(X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate())));
      assertThat(reason)
          .startsWith("verifying certificate SN=" + leaf.certificate().getSerialNumber() + ", SKID=")
          .endsWith(" failed: x509: certificate signed by unknown authority "
              + "(possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate authority certificate \"kubernetes\")");
    }

    @Test
    void aLeafWithoutAnyExtendedKeyUsageIsGoodForClientAuth() {
      TestPki.Issued leaf = certificate("no-eku").noExtKeyUsage().signedBy(ca).build();
      assertThat(user(X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()))).name())
          .isEqualTo("no-eku");
    }

    @Test
    void aLeafWithOnlyAnyExtendedKeyUsageIsGoodForClientAuth() {
      TestPki.Issued leaf = certificate("any").extKeyUsages(KeyPurposeId.anyExtendedKeyUsage).signedBy(ca).build();
      assertThat(user(X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()))).name())
          .isEqualTo("any");
    }

    @Test
    void theTraceExplainsWithoutSecrets() {
      TestPki.Issued leaf = TestPki.client(ca, "alice", "dev");
      AuthnResult result = X509Authenticator.clientCertificates(List.of(ca.certificate()), clock()).authenticate(presenting(leaf.certificate()));
      assertThat(result.trace().lines()).containsExactly(
          "x509: note - certificate CN=alice (" + CertificateIdentifier.of(leaf.certificate()) + ") verified: CN=alice <- CN=kubernetes",
          "x509: authenticated - user alice from the certificate's subject");
    }

    @Test
    void theClientCaConfigBuildsTheSameAuthenticator() {
      ClientCaConfig config = ClientCaConfig.of(List.of(ca.certificate()));
      TestPki.Issued leaf = TestPki.client(ca, "alice", "dev");
      assertThat(user(config.authenticator(clock()).authenticate(presenting(leaf.certificate()))).groups()).containsExactly("dev");
    }
  }
}
