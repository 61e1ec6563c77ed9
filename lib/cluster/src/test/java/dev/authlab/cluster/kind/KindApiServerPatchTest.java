package dev.authlab.cluster.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.oidc.AnonymousAuthConfig;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.Issuer;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.LegacyOidcFlags;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.webhook.WebhookConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.kubeconfig.Kubeconfigs;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.Config;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every AuthnSettings method on a kind node: files, in-node paths, flags, host URL rewrites. No Docker. */
class KindApiServerPatchTest {

  static final List<String> RBAC = List.of("Node", "RBAC");
  static final String DIR = KindApiServerPatch.NODE_DIR;
  static final String SA_ISSUER = "https://kubernetes.default.svc.cluster.local";

  static String kindCaPem;
  static String clientCaPem;
  static String proxyCaPem;
  static String oidcCaPem;
  static KeyPair serviceAccountKeys;

  @TempDir Path scratch;

  @BeforeAll
  static void keys() {
    kindCaPem = Pem.encode(CertificateAuthority.selfSigned("kubernetes", KeyAlgorithm.ECDSA_P256).certificate());
    clientCaPem = Pem.encode(CertificateAuthority.selfSigned("authlab-client-ca", KeyAlgorithm.ECDSA_P256).certificate());
    proxyCaPem = Pem.encode(CertificateAuthority.selfSigned("authlab-front-proxy-ca", KeyAlgorithm.ECDSA_P256).certificate());
    oidcCaPem = Pem.encode(CertificateAuthority.selfSigned("authlab-oidc-ca", KeyAlgorithm.ECDSA_P256).certificate());
    serviceAccountKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
  }

  KindNodeConfig render(AuthnSettings settings) {
    return KindApiServerPatch.of(settings, RBAC).render(kindCaPem, scratch);
  }

  static ServiceAccountConfig serviceAccounts() {
    return ServiceAccountConfig.of(SA_ISSUER, Pem.encode(serviceAccountKeys.getPublic()), Pem.encode(serviceAccountKeys.getPrivate()));
  }

  static JwtAuthenticator jwt(String issuerUrl) {
    return JwtAuthenticator.of(Issuer.of(issuerUrl, "kubernetes").withCertificateAuthority(oidcCaPem),
        ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "oidc:")));
  }

  static AuthenticationConfiguration structured(KindNodeConfig config) {
    String file = config.apiServerFlag("--authentication-config").get(0);
    return AuthenticationConfiguration.parse(config.file(file).orElseThrow().content(), file);
  }

  static Config webhookKubeconfig(KindNodeConfig config) {
    String file = config.apiServerFlag("--authentication-token-webhook-config-file").get(0);
    return Kubeconfigs.parse(config.file(file).orElseThrow().content(), file);
  }

  @Nested
  class EveryNode {

    @Test
    void defaultsAddOnlyAnonymousAuthorizationAndNoBootstrapTokens() {
      KindNodeConfig config = render(AuthnSettings.defaults());
      assertThat(config.apiServerFlags())
          .containsExactly("--anonymous-auth=true", "--authorization-mode=Node,RBAC", "--enable-bootstrap-token-auth=false");
      assertThat(config.files()).isEmpty();
      assertThat(config.replacedFlagPrefixes()).isEmpty();
      assertThat(config.controllerManagerFlags()).isEmpty();
      assertThat(KindApiServerPatch.of(AuthnSettings.defaults(), RBAC).hostEndpoints()).isEmpty();
    }

    @Test
    void authorizationModesAreJoinedInOrder() {
      KindNodeConfig config = KindApiServerPatch.of(AuthnSettings.defaults(), List.of("RBAC", "AlwaysDeny")).render(kindCaPem, scratch);
      assertThat(config.apiServerFlag("--authorization-mode")).containsExactly("RBAC,AlwaysDeny");
    }

    @Test
    void modesThatNeedAFileAreRefusedBeforeAnythingStarts() {
      assertThatThrownBy(() -> KindApiServerPatch.of(AuthnSettings.defaults(), List.of("RBAC", "Webhook")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("authorization mode \"Webhook\" is not supported on kind; use AlwaysAllow, AlwaysDeny, Node, RBAC");
      assertThatThrownBy(() -> KindApiServerPatch.of(AuthnSettings.defaults(), List.of("ABAC"))).hasMessageContaining("\"ABAC\"");
      assertThatThrownBy(() -> KindApiServerPatch.of(AuthnSettings.defaults(), List.of())).hasMessageContaining("at least one mode");
    }

    @Test
    void anonymousDisabledIsPassedOn() {
      KindNodeConfig config = render(AuthnSettings.builder().anonymous(AuthnSettings.Anonymous.DISABLED).apiAudiences(List.of("a", "b")).build());
      assertThat(config.apiServerFlags()).contains("--anonymous-auth=false", "--api-audiences=a,b");
    }

    @Test
    void noFlagPointsAtTheHostAndEveryFileFlagHasItsFile() {
      AuthnSettings all = AuthnSettings.builder()
          .tokenFile(TokenFileConfig.of(StaticToken.of("static-token-1", "alice", "admins")))
          .clientCa(new ClientCaConfig(clientCaPem))
          .requestHeader(RequestHeaderConfig.kubeadmDefaults(Pem.parseCertificates(proxyCaPem)))
          .serviceAccounts(serviceAccounts())
          .authenticationConfiguration(AuthenticationConfiguration.of(jwt("https://127.0.0.1:8443")))
          .webhook(WebhookConfig.of("https://127.0.0.1:9443/authenticate", clientCaPem))
          .build();
      KindNodeConfig config = render(all);
      assertThat(config.apiServerFlags()).noneSatisfy(flag -> assertThat(flag).contains(scratch.toString()));
      for (String flag : config.apiServerFlags()) {
        String name = StaticPodManifest.flagName(flag);
        if (KindApiServerPatch.FILE_FLAGS.containsKey(name)) {
          String path = flag.substring(name.length() + 1);
          assertThat(path).startsWith(DIR + "/");
          assertThat(config.file(path)).as("file for %s", flag).isPresent();
        }
      }
      assertThat(config.files()).extracting(NodeFile::path).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).startsWith(DIR + "/"));
      assertThat(config.replacedFlagPrefixes())
          .containsExactly("--requestheader-", "--service-account-", "--authentication-token-webhook-", "--oidc-");
    }

    @Test
    void aFlagWithAHostFileThisClassDoesNotKnowIsAnError() {
      // The guard behind the rule that nothing on the node refers to the host's scratch directory.
      assertThat(KindApiServerPatch.FILE_FLAGS).containsKeys("--token-auth-file", "--client-ca-file", "--requestheader-client-ca-file",
          "--service-account-key-file", "--service-account-signing-key-file", "--authentication-config",
          "--authentication-token-webhook-config-file", "--oidc-ca-file");
    }
  }

  @Nested
  class TokenFile {
    @Test
    void isCopiedOwnerOnlyAndTheFlagPointsIntoTheNode() {
      KindNodeConfig config = render(AuthnSettings.builder().tokenFile(TokenFileConfig.of(StaticToken.of("static-token-1", "alice", "admins"))).build());
      assertThat(config.apiServerFlag("--token-auth-file")).containsExactly(DIR + "/tokens.csv");
      NodeFile file = config.file(DIR + "/tokens.csv").orElseThrow();
      assertThat(file.content()).contains("static-token-1,alice");
      assertThat(file.mode()).isEqualTo(0600);
      assertThat(file.toString()).doesNotContain("static-token-1");
    }
  }

  @Nested
  class ClientCa {
    @Test
    void isTheSettingsBundleWithKindsClusterCaAppended() throws Exception {
      KindNodeConfig config = render(AuthnSettings.builder().clientCa(new ClientCaConfig(clientCaPem)).build());
      assertThat(config.apiServerFlag("--client-ca-file")).containsExactly(DIR + "/client-ca.crt");
      NodeFile file = config.file(DIR + "/client-ca.crt").orElseThrow();
      assertThat(Pem.parseCertificates(file.content()))
          .extracting(c -> c.getSubjectX500Principal().getName())
          .containsExactly("CN=authlab-client-ca", "CN=kubernetes");
      assertThat(file.mode()).isEqualTo(0644);
      assertThat(Files.readString(scratch.resolve("client-ca.crt"))).as("the host copy is the settings' own").isEqualTo(clientCaPem);
    }

    @Test
    void replacesKubeadmsClientCaFlagInTheManifest() {
      KindNodeConfig config = render(AuthnSettings.builder().clientCa(new ClientCaConfig(clientCaPem)).build());
      List<String> command = StaticPodManifest.parse(config.patchApiServerManifest(KubeadmManifests.KUBE_APISERVER), "kube-apiserver").command();
      assertThat(command).filteredOn(f -> f.startsWith("--client-ca-file=")).containsExactly("--client-ca-file=" + DIR + "/client-ca.crt");
    }
  }

  @Nested
  class RequestHeader {
    @Test
    void replacesKubeadmsWholeFamilySoItsAllowedNamesDoNotSurvive() {
      RequestHeaderConfig anyProxy = RequestHeaderConfig.kubeadmDefaults(Pem.parseCertificates(proxyCaPem)).withAllowedNames(List.of())
          .withUidHeaders(List.of("X-Remote-Uid"));
      KindNodeConfig config = render(AuthnSettings.builder().requestHeader(anyProxy).build());
      assertThat(config.apiServerFlag("--requestheader-client-ca-file")).containsExactly(DIR + "/front-proxy-ca.crt");
      assertThat(config.file(DIR + "/front-proxy-ca.crt").orElseThrow().content()).isEqualTo(proxyCaPem);

      List<String> command = StaticPodManifest.parse(config.patchApiServerManifest(KubeadmManifests.KUBE_APISERVER), "kube-apiserver").command();
      assertThat(command).filteredOn(f -> f.startsWith("--requestheader-")).containsExactly(
          "--requestheader-client-ca-file=" + DIR + "/front-proxy-ca.crt",
          "--requestheader-username-headers=X-Remote-User",
          "--requestheader-uid-headers=X-Remote-Uid",
          "--requestheader-group-headers=X-Remote-Group",
          "--requestheader-extra-headers-prefix=X-Remote-Extra-");
      assertThat(command).as("the API server's own front-proxy client certificate stays")
          .contains("--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt");
    }

    @Test
    void withoutItKubeadmsFrontProxyConfigurationStays() {
      KindNodeConfig config = render(AuthnSettings.defaults());
      List<String> command = StaticPodManifest.parse(config.patchApiServerManifest(KubeadmManifests.KUBE_APISERVER), "kube-apiserver").command();
      assertThat(command).contains("--requestheader-allowed-names=front-proxy-client",
          "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt");
    }
  }

  @Nested
  class ServiceAccounts {
    @Test
    void keysAreCopiedAndKubeadmsRepeatableFlagsAreReplacedNotMerged() {
      KindNodeConfig config = render(AuthnSettings.builder().serviceAccounts(serviceAccounts()).build());
      assertThat(config.apiServerFlag("--service-account-issuer")).containsExactly(SA_ISSUER);
      assertThat(config.apiServerFlag("--service-account-key-file")).containsExactly(DIR + "/service-account-0.pub");
      assertThat(config.apiServerFlag("--service-account-signing-key-file")).containsExactly(DIR + "/service-account.key");
      assertThat(config.file(DIR + "/service-account.key").orElseThrow().mode()).isEqualTo(0600);
      assertThat(config.file(DIR + "/service-account-0.pub").orElseThrow().mode()).isEqualTo(0644);
      assertThat(Pem.parsePublicKey(config.file(DIR + "/service-account-0.pub").orElseThrow().content()))
          .isEqualTo(serviceAccountKeys.getPublic());

      List<String> command = StaticPodManifest.parse(config.patchApiServerManifest(KubeadmManifests.KUBE_APISERVER), "kube-apiserver").command();
      assertThat(command).filteredOn(f -> f.startsWith("--service-account-key-file=")).containsExactly("--service-account-key-file=" + DIR + "/service-account-0.pub");
      assertThat(command).filteredOn(f -> f.startsWith("--service-account-issuer=")).containsExactly("--service-account-issuer=" + SA_ISSUER);
      assertThat(command).doesNotContain("--service-account-signing-key-file=/etc/kubernetes/pki/sa.key");
    }

    @Test
    void theControllerManagerSignsLegacyTokensWithTheSettingsKey() {
      KindNodeConfig config = render(AuthnSettings.builder().serviceAccounts(serviceAccounts()).build());
      assertThat(config.controllerManagerFlags()).containsExactly("--service-account-private-key-file=" + DIR + "/service-account.key");
      String patched = config.patchControllerManagerManifest(KubeadmManifests.KUBE_CONTROLLER_MANAGER).orElseThrow();
      StaticPodManifest manifest = StaticPodManifest.parse(patched, "kube-controller-manager");
      assertThat(manifest.command()).filteredOn(f -> f.startsWith("--service-account-private-key-file="))
          .containsExactly("--service-account-private-key-file=" + DIR + "/service-account.key");
      assertThat(manifest.command()).contains("--root-ca-file=/etc/kubernetes/pki/ca.crt", "--use-service-account-credentials=true");
      assertThat(patched).contains("path: " + DIR);
    }

    @Test
    void withoutThemTheControllerManagerIsLeftAlone() {
      assertThat(render(AuthnSettings.defaults()).patchControllerManagerManifest(KubeadmManifests.KUBE_CONTROLLER_MANAGER)).isEmpty();
    }
  }

  @Nested
  class StructuredAuthenticationConfig {
    @Test
    void aHostIssuerKeepsItsUrlAndIsDiscoveredThroughTheHostAlias() {
      AuthnSettings settings = AuthnSettings.builder()
          .authenticationConfiguration(AuthenticationConfiguration.of(jwt("https://127.0.0.1:8443"))).build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).containsExactly(new HostEndpoint("OIDC discovery for issuer https://127.0.0.1:8443",
          URI.create("https://127.0.0.1:8443/.well-known/openid-configuration"),
          URI.create("https://host.testcontainers.internal:8443/.well-known/openid-configuration")));
      assertThat(patch.hostPorts()).containsExactly(8443);
      assertThat(patch.settings()).as("the library keeps the settings as given").isSameAs(settings);

      KindNodeConfig config = patch.render(kindCaPem, scratch);
      assertThat(config.apiServerFlag("--authentication-config")).containsExactly(DIR + "/authentication-config.yaml");
      AuthenticationConfiguration node = structured(config);
      Issuer issuer = node.jwt().get(0).issuer();
      assertThat(issuer.url()).as("tokens carry this in iss").isEqualTo("https://127.0.0.1:8443");
      assertThat(issuer.discoveryURL()).isEqualTo("https://host.testcontainers.internal:8443/.well-known/openid-configuration");
      assertThat(issuer.certificateAuthority()).isEqualTo(oidcCaPem);
      assertThat(node.jwt().get(0).claimMappings()).isEqualTo(jwt("x").claimMappings());
      assertThat(node.validate()).as("the node's file passes kube-apiserver's validation").isEmpty();
    }

    @Test
    void pathsTrailingSlashesAndAnExplicitDiscoveryUrlAreHandledAsGoOidcDoes() {
      JwtAuthenticator withPath = jwt("https://localhost:8443/realms/lab/");
      JwtAuthenticator explicit = jwt("https://issuer.example").withIssuer(
          Issuer.of("https://issuer.example", "kubernetes").withDiscoveryURL("https://127.0.0.1:7443/tenants/lab/discovery"));
      AuthnSettings settings = AuthnSettings.builder().authenticationConfiguration(AuthenticationConfiguration.of(withPath, explicit)).build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).extracting(HostEndpoint::nodeUrl).containsExactly(
          URI.create("https://host.testcontainers.internal:8443/realms/lab/.well-known/openid-configuration"),
          URI.create("https://host.testcontainers.internal:7443/tenants/lab/discovery"));
      assertThat(patch.hostPorts()).containsExactly(7443, 8443);
      AuthenticationConfiguration node = structured(patch.render(kindCaPem, scratch));
      assertThat(node.jwt()).extracting(a -> a.issuer().url()).containsExactly("https://localhost:8443/realms/lab/", "https://issuer.example");
      assertThat(node.validate()).isEmpty();
    }

    @Test
    void anIssuerElsewhereIsLeftAlone() {
      AuthnSettings settings = AuthnSettings.builder()
          .authenticationConfiguration(AuthenticationConfiguration.of(jwt("https://dex.example.com:5556/dex"))).build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).isEmpty();
      assertThat(structured(patch.render(kindCaPem, scratch)).jwt().get(0).issuer().discoveryURL()).isEmpty();
    }

    @Test
    void anAnonymousSectionReplacesTheFlag() {
      AuthenticationConfiguration config = AuthenticationConfiguration.of()
          .withAnonymous(new AnonymousAuthConfig(true, List.of(new AnonymousAuthConfig.Condition("/livez"))));
      KindNodeConfig node = render(AuthnSettings.builder().authenticationConfiguration(config).build());
      assertThat(node.apiServerFlags()).noneMatch(f -> f.startsWith("--anonymous-auth"));
      assertThat(structured(node).anonymous()).contains(new AnonymousAuthConfig(true, List.of(new AnonymousAuthConfig.Condition("/livez"))));
    }
  }

  @Nested
  class LegacyOidc {
    @Test
    void aHostIssuerIsRefusedWithTheWayOut() {
      AuthnSettings settings = AuthnSettings.builder().legacyOidc(LegacyOidcFlags.of("https://127.0.0.1:8443", "kubernetes")).build();
      assertThatThrownBy(() -> KindApiServerPatch.of(settings, RBAC))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("--oidc-issuer-url https://127.0.0.1:8443 is on the host")
          .hasMessageContaining("LegacyOidcFlags.toAuthenticationConfiguration()")
          .hasMessageNotContaining("\n");
    }

    @Test
    void anIssuerElsewhereKeepsItsFlagsAndItsCaFileIsCopied(@TempDir Path home) throws Exception {
      Path ca = home.resolve("dex-ca.pem");
      Files.writeString(ca, oidcCaPem);
      LegacyOidcFlags flags = new LegacyOidcFlags("https://dex.example.com", "kubernetes", ca.toString(), "email", "", "groups", "oidc:",
          List.of("RS256"), Map.of());
      KindNodeConfig config = render(AuthnSettings.builder().legacyOidc(flags).build());
      assertThat(config.apiServerFlags()).contains("--oidc-issuer-url=https://dex.example.com", "--oidc-client-id=kubernetes",
          "--oidc-username-claim=email", "--oidc-groups-claim=groups", "--oidc-groups-prefix=oidc:", "--oidc-signing-algs=RS256");
      assertThat(config.apiServerFlag("--oidc-ca-file")).containsExactly(DIR + "/oidc-ca-file/dex-ca.pem");
      assertThat(config.file(DIR + "/oidc-ca-file/dex-ca.pem").orElseThrow().content()).isEqualTo(oidcCaPem);
    }
  }

  @Nested
  class Webhook {
    @Test
    void aHostWebhookIsCalledThroughTheAliasAndStillVerifiedAsTheOriginalHost() {
      AuthnSettings settings = AuthnSettings.builder().webhook(WebhookConfig.of("https://127.0.0.1:9443/authenticate", clientCaPem)).build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).containsExactly(new HostEndpoint("authentication webhook",
          URI.create("https://127.0.0.1:9443/authenticate"), URI.create("https://host.testcontainers.internal:9443/authenticate")));
      assertThat(patch.hostPorts()).containsExactly(9443);

      KindNodeConfig config = patch.render(kindCaPem, scratch);
      assertThat(config.apiServerFlag("--authentication-token-webhook-config-file"))
          .containsExactly(DIR + "/authentication-token-webhook.kubeconfig");
      assertThat(config.apiServerFlags()).contains("--authentication-token-webhook-cache-ttl=2m0s", "--authentication-token-webhook-version=v1");
      assertThat(config.file(DIR + "/authentication-token-webhook.kubeconfig").orElseThrow().mode()).isEqualTo(0600);
      Config kubeconfig = webhookKubeconfig(config);
      assertThat(kubeconfig.getClusters().get(0).getCluster().getServer()).isEqualTo("https://host.testcontainers.internal:9443/authenticate");
      assertThat(kubeconfig.getClusters().get(0).getCluster().getTlsServerName()).isEqualTo("127.0.0.1");
      assertThat(patch.settings().webhook().orElseThrow().server()).isEqualTo("https://127.0.0.1:9443/authenticate");
    }

    @Test
    void anExplicitServerNameIsKeptAndUnverifiedTlsGetsNone() {
      WebhookConfig named = WebhookConfig.of("https://localhost:9443/", clientCaPem).withTlsServerName("webhook.authlab.test");
      assertThat(webhookKubeconfig(render(AuthnSettings.builder().webhook(named).build())).getClusters().get(0).getCluster().getTlsServerName())
          .isEqualTo("webhook.authlab.test");
      WebhookConfig insecure = WebhookConfig.of("https://[::1]:9443/", clientCaPem).withTlsVerification(WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY);
      var cluster = webhookKubeconfig(render(AuthnSettings.builder().webhook(insecure).build())).getClusters().get(0).getCluster();
      assertThat(cluster.getServer()).isEqualTo("https://host.testcontainers.internal:9443/");
      assertThat(cluster.getTlsServerName()).isNull();
    }

    @Test
    void aWebhookElsewhereIsLeftAlone() {
      AuthnSettings settings = AuthnSettings.builder().webhook(WebhookConfig.of("https://authn.example.com/review", clientCaPem)).build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).isEmpty();
      var cluster = webhookKubeconfig(patch.render(kindCaPem, scratch)).getClusters().get(0).getCluster();
      assertThat(cluster.getServer()).isEqualTo("https://authn.example.com/review");
      assertThat(cluster.getTlsServerName()).isNull();
    }
  }

  @Nested
  class HostEndpoints {
    @Test
    void onlyLoopbackLiteralsAreHostEndpoints() {
      for (String url : List.of("https://127.0.0.1:1", "https://127.1.2.3", "https://localhost:1", "https://LOCALHOST", "https://a.localhost",
          "https://[::1]:1", "https://[0:0:0:0:0:0:0:1]")) {
        assertThat(HostEndpoint.isLoopback(URI.create(url))).as(url).isTrue();
      }
      for (String url : List.of("https://10.0.0.1", "https://example.com", "https://127.0.0.1.nip.io", "https://127.0.0", "https://128.0.0.1",
          "https://127.0.0.256", "https://[::2]", "file:///tmp/x")) {
        assertThat(HostEndpoint.isLoopback(URI.create(url))).as(url).isFalse();
      }
    }

    @Test
    void rewritingKeepsEverythingButTheHostAndPortsDefaultByScheme() {
      URI url = URI.create("https://user@127.0.0.1:8443/a%20b/c?x=1&y=%2F#frag");
      assertThat(HostEndpoint.withHost(url, "host.testcontainers.internal"))
          .hasToString("https://user@host.testcontainers.internal:8443/a%20b/c?x=1&y=%2F#frag");
      assertThat(new HostEndpoint("x", URI.create("https://127.0.0.1/"), URI.create("https://h/")).port()).isEqualTo(443);
      assertThat(new HostEndpoint("x", URI.create("http://127.0.0.1/"), URI.create("http://h/")).port()).isEqualTo(80);
    }

    @Test
    void webhookAndIssuerOnOneServerExposeOnePort() {
      AuthnSettings settings = AuthnSettings.builder()
          .authenticationConfiguration(AuthenticationConfiguration.of(jwt("https://127.0.0.1:8443")))
          .webhook(WebhookConfig.of("https://127.0.0.1:8443/authenticate", clientCaPem))
          .build();
      KindApiServerPatch patch = KindApiServerPatch.of(settings, RBAC);
      assertThat(patch.hostEndpoints()).hasSize(2);
      assertThat(patch.hostPorts()).containsExactly(8443);
    }
  }
}
