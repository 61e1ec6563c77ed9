package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnResult;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kube-apiserver service-account flags: validation, factories and the files they point at. */
class ServiceAccountConfigTest {

  static final ServiceAccountConfig CONFIG = ServiceAccountConfig.of("https://kubernetes.default.svc", RSA_PUBLIC_KEY, RSA_PRIVATE_KEY);
  static final InMemoryServiceAccountObjects OBJECTS = InMemoryServiceAccountObjects.of(serviceAccount("default", "robot", "sa-1"));

  @Test
  void apiAudiencesDefaultToTheIssuers() {
    ServiceAccountConfig two = CONFIG.withIssuers(List.of("https://new", "https://old"));
    assertThat(two.effectiveApiAudiences()).containsExactly("https://new", "https://old");
    assertThat(two.withApiAudiences(List.of("api")).effectiveApiAudiences()).containsExactly("api");
  }

  @Test
  void theFirstIssuerIssuesAndAllAreAccepted() {
    ServiceAccountConfig rotating = CONFIG.withIssuers(List.of("https://new", "https://old"));
    ServiceAccountTokenIssuer oldIssuer = CONFIG.withIssuers(List.of("https://old")).issuer(OBJECTS, clockAt(NOW));
    String oldToken = ((TokenRequestResult.Issued) oldIssuer.request("default", "robot", new TokenRequest())).token();
    TokenRequestResult.Issued fresh = (TokenRequestResult.Issued) rotating.issuer(OBJECTS, clockAt(NOW)).request("default", "robot", new TokenRequest());
    assertThat(fresh.claims().issuer()).isEqualTo("https://new");
    assertThat(fresh.claims().audience()).containsExactly("https://new", "https://old");
    var authn = rotating.authenticator(OBJECTS, clockAt(NOW));
    assertThat(authn.authenticateToken(fresh.token(), List.of()).isAuthenticated()).isTrue();
    assertThat(authn.authenticateToken(oldToken, List.of()).isAuthenticated()).isTrue();
  }

  @Test
  void unionTriesLegacyThenBound() {
    var authn = CONFIG.authenticator(OBJECTS, clockAt(NOW));
    String token = ((TokenRequestResult.Issued) CONFIG.issuer(OBJECTS, clockAt(NOW)).request("default", "robot", new TokenRequest())).token();
    AuthnResult result = authn.authenticateToken(token, List.of());
    assertThat(result.trace().steps()).extracting(s -> s.authenticator()).containsExactly("serviceaccount-legacy", "serviceaccount");
  }

  @Test
  void validationMessages() {
    assertThatThrownBy(() -> CONFIG.withIssuers(List.of()).validate()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service-account-issuer is a required flag");
    assertThatThrownBy(() -> CONFIG.withIssuers(List.of("a", "a", "")).validate())
        .hasMessage("[service-account-issuer \"a\" is already specified, service-account-issuer should not be an empty string]");
    assertThatThrownBy(() -> CONFIG.withIssuers(List.of("http://[::1")).validate())
        .hasMessageStartingWith("service-account-issuer \"http://[::1\" contained a ':' but was not a valid URL: ");
    assertThatThrownBy(() -> CONFIG.withPublicKeyPems(List.of()).validate()).hasMessage("service-account-key-file is a required flag");
    assertThatThrownBy(() -> CONFIG.withMaxTokenExpiration(Duration.ofMinutes(30)).validate())
        .hasMessage("the service-account-max-token-expiration must be between 1 hour and 2^32 seconds");
    assertThatThrownBy(() -> new ServiceAccountConfig(List.of("i"), List.of(RSA_PUBLIC_KEY), java.util.Optional.empty(),
        LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED, List.of(), java.util.Optional.empty(),
        ServiceAccountTokenIssuer.ExpirationExtension.ENABLED).validate())
        .hasMessage("--service-account-signing-key-file, --service-account-issuer, and --api-audiences should be specified together");
    assertThatThrownBy(() -> CONFIG.withPublicKeyPems(List.of(RSA_PUBLIC_KEY, "garbage")).publicKeys())
        .hasMessage("--service-account-key-file #2: data does not contain any valid RSA or ECDSA public keys");
  }

  @Test
  void writesKeyFilesAndFlags(@TempDir Path dir) throws Exception {
    ServiceAccountConfig config = CONFIG.withIssuers(List.of("https://new", "https://old"))
        .withPublicKeyPems(List.of(RSA_PUBLIC_KEY, ECDSA_PUBLIC_KEY))
        .withApiAudiences(List.of("api", "vault"))
        .withLookup(LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED)
        .withMaxTokenExpiration(Duration.ofHours(24))
        .withExtendTokenExpiration(ServiceAccountTokenIssuer.ExpirationExtension.DISABLED);
    List<String> flags = config.writeApiServerConfig(dir);
    assertThat(flags).containsExactly(
        "--service-account-issuer=https://new",
        "--service-account-issuer=https://old",
        "--service-account-key-file=" + dir.resolve("service-account-0.pub").toAbsolutePath(),
        "--service-account-key-file=" + dir.resolve("service-account-1.pub").toAbsolutePath(),
        "--service-account-signing-key-file=" + dir.resolve("service-account.key").toAbsolutePath(),
        "--service-account-lookup=false",
        "--api-audiences=api,vault",
        "--service-account-max-token-expiration=24h0m0s",
        "--service-account-extend-token-expiration=false");
    assertThat(Files.readString(dir.resolve("service-account-1.pub"))).isEqualTo(ECDSA_PUBLIC_KEY);
    assertThat(Files.readString(dir.resolve("service-account.key"))).isEqualTo(RSA_PRIVATE_KEY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("service-account.key")))).isEqualTo("rw-------");
    // the files read back into the same configuration
    var reread = new ServiceAccountConfig(config.issuers(), List.of(Files.readString(dir.resolve("service-account-0.pub")),
        Files.readString(dir.resolve("service-account-1.pub"))), java.util.Optional.of(Files.readString(dir.resolve("service-account.key"))),
        config.lookup(), config.apiAudiences(), config.maxTokenExpiration(), config.extendTokenExpiration());
    assertThat(reread).isEqualTo(config);
  }

  @Test
  void defaultsWriteOnlyTheEssentialFlags(@TempDir Path dir) {
    assertThat(CONFIG.writeApiServerConfig(dir)).containsExactly(
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-key-file=" + dir.resolve("service-account-0.pub").toAbsolutePath(),
        "--service-account-signing-key-file=" + dir.resolve("service-account.key").toAbsolutePath(),
        "--service-account-lookup=true",
        "--service-account-extend-token-expiration=true");
  }

  @Test
  void toStringHidesTheSigningKey() {
    assertThat(CONFIG.toString()).doesNotContain("PRIVATE").contains("signingKeyPem=<set>");
  }

  @Test
  void maxExpirationFlowsIntoTheIssuer() {
    var issuer = CONFIG.withMaxTokenExpiration(Duration.ofHours(1)).issuer(OBJECTS, clockAt(NOW));
    var req = new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build();
    assertThat(((TokenRequestResult.Issued) issuer.request("default", "robot", req)).warnings())
        .containsExactly("requested expiration of 7200 seconds shortened to 3600 seconds");
    assertThat(Map.of()).isEmpty();
  }
}
