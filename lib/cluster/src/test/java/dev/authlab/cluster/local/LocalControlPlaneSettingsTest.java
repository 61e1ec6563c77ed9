package dev.authlab.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the API server is started with, compared with what was asked for; no processes. */
class LocalControlPlaneSettingsTest {

  private static final CertificateAuthority OWN = CertificateAuthority.selfSigned("authlab-client-ca", KeyAlgorithm.ECDSA_P256);
  private static final CertificateAuthority USERS = CertificateAuthority.selfSigned("users", KeyAlgorithm.ECDSA_P256);

  @Test
  void theControlPlanesClientCaIsAddedToTheConfiguredBundle() {
    AuthnSettings requested = AuthnSettings.builder().clientCa(ClientCaConfig.of(List.of(USERS.certificate()))).build();
    AuthnSettings effective = LocalControlPlane.effectiveAuthn(requested, OWN.certificatePem());
    assertThat(effective.clientCa().orElseThrow().certificates()).containsExactly(USERS.certificate(), OWN.certificate());
  }

  @Test
  void withoutAConfiguredBundleItIsTheOnlyClientCa() {
    AuthnSettings effective = LocalControlPlane.effectiveAuthn(AuthnSettings.defaults(), OWN.certificatePem());
    assertThat(effective.clientCa().orElseThrow().certificates()).containsExactly(OWN.certificate());
  }

  @Test
  void serviceAccountKeysAreMadeWhenNoneAreGiven() {
    AuthnSettings effective = LocalControlPlane.effectiveAuthn(AuthnSettings.defaults(), OWN.certificatePem());
    ServiceAccountConfig accounts = effective.serviceAccounts().orElseThrow();
    assertThat(accounts.issuers()).containsExactly(LocalControlPlane.DEFAULT_SERVICE_ACCOUNT_ISSUER);
    assertThat(accounts.signingKeyPem()).isPresent();
    accounts.validate();
    assertThat(effective.effectiveApiAudiences()).containsExactly(LocalControlPlane.DEFAULT_SERVICE_ACCOUNT_ISSUER);
  }

  @Test
  void givenServiceAccountKeysAndEverythingElseAreKept() {
    KeyPair keys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    ServiceAccountConfig accounts = ServiceAccountConfig.of("https://issuer.example", Pem.encode(keys.getPublic()), Pem.encode(keys.getPrivate()));
    AuthnSettings requested = AuthnSettings.builder()
        .serviceAccounts(accounts)
        .anonymous(AuthnSettings.Anonymous.DISABLED)
        .apiAudiences(List.of("api"))
        .build();
    AuthnSettings effective = LocalControlPlane.effectiveAuthn(requested, OWN.certificatePem());
    assertThat(effective.serviceAccounts()).contains(accounts);
    assertThat(effective.anonymous()).isEqualTo(AuthnSettings.Anonymous.DISABLED);
    assertThat(effective.apiAudiences()).containsExactly("api");
    assertThat(effective.tokenFile()).isEqualTo(requested.tokenFile());
  }

  @Test
  void serviceAccountSettingsWithoutASigningKeyCannotStartAnApiServer() {
    KeyPair keys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    ServiceAccountConfig verifyOnly = ServiceAccountConfig.of("https://issuer.example", Pem.encode(keys.getPublic()), Pem.encode(keys.getPrivate()));
    verifyOnly = new ServiceAccountConfig(verifyOnly.issuers(), verifyOnly.publicKeyPems(), Optional.empty(), verifyOnly.lookup(),
        verifyOnly.apiAudiences(), verifyOnly.maxTokenExpiration(), verifyOnly.extendTokenExpiration());
    AuthnSettings settings = AuthnSettings.builder().serviceAccounts(verifyOnly).build();
    assertThatThrownBy(() -> LocalControlPlane.builder().authn(settings).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--service-account-signing-key-file");
  }

  @Test
  void badAuthorizationModesAreRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> LocalControlPlane.builder().authorizationModes(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--authorization-mode");
  }
}
