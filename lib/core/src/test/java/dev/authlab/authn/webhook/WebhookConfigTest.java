package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeconfig-format file behind --authentication-token-webhook-config-file: what the kit writes,
 * and how it reads one as kube-apiserver does (upstream's TestV1NewFromConfig cases and client-go's
 * validation messages), plus the flags.
 */
class WebhookConfigTest {

  private static final LocalAuthority CA = LocalAuthority.create("webhook-ca", Clock.systemUTC());
  private static final LocalAuthority.Issued CLIENT = CA.issueClient("kube-apiserver", List.of());

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesTheKubeconfigAndReturnsTheFlags() throws IOException {
    WebhookConfig config = WebhookConfig.of("https://127.0.0.1:8443/authenticate", CA.certificatePem())
        .withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem())
        .withCacheTtl(Duration.ofSeconds(90));

    List<String> flags = config.writeApiServerConfig(dir.resolve("etc"));

    Path file = dir.resolve("etc").resolve(WebhookConfig.CONFIG_FILE_NAME).toAbsolutePath();
    assertThat(flags).containsExactly(
        "--authentication-token-webhook-config-file=" + file,
        "--authentication-token-webhook-cache-ttl=1m30s",
        "--authentication-token-webhook-version=v1");
    String yaml = Files.readString(file);
    assertThat(yaml).contains("apiVersion: v1", "kind: Config", "current-context: webhook", "server: https://127.0.0.1:8443/authenticate",
        "certificate-authority-data: " + b64(CA.certificatePem()), "client-key-data: ");
    if (!System.getProperty("os.name").startsWith("Windows")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    assertThat(WebhookConfig.read(file).withCacheTtl(Duration.ofSeconds(90))).isEqualTo(config);
  }

  @Test
  void roundTripsTokenInsecureAndServerName() {
    WebhookConfig config = new WebhookConfig("https://webhook.example.com/", Optional.empty(), Optional.empty(), Optional.of("s3cr3t"),
        WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY, Optional.of("webhook.internal"), Duration.ofMinutes(5),
        WebhookVersion.V1BETA1);

    List<String> flags = config.writeApiServerConfig(dir);

    assertThat(flags).contains("--authentication-token-webhook-cache-ttl=5m0s", "--authentication-token-webhook-version=v1beta1");
    assertThat(WebhookConfig.read(dir.resolve(WebhookConfig.CONFIG_FILE_NAME)).withCacheTtl(Duration.ofMinutes(5))
        .withVersion(WebhookVersion.V1BETA1)).isEqualTo(config);
  }

  @Test
  void defaultsAreTwoMinutesAndV1() {
    WebhookConfig config = WebhookConfig.of("https://h/", CA.certificatePem());

    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.version()).isEqualTo(WebhookVersion.V1);
    assertThat(config.writeApiServerConfig(dir)).contains("--authentication-token-webhook-cache-ttl=2m0s");
  }

  @Test
  void toStringNeverShowsKeysOrTokens() {
    WebhookConfig config = WebhookConfig.of("https://h/", CA.certificatePem())
        .withClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem()).withBearerToken("s3cr3t-bearer");

    assertThat(config.toString()).doesNotContain("s3cr3t-bearer").doesNotContain("PRIVATE KEY").contains("<redacted>");
    assertThat(config.clientCertificate().orElseThrow().toString()).doesNotContain("PRIVATE");
  }

  // ---- upstream's TestV1NewFromConfig

  private Path filesForNewFromConfig() throws IOException {
    write("ca.pem", CA.certificatePem());
    write("clientcert.pem", CLIENT.certificatePem());
    write("clientkey.pem", CLIENT.privateKeyPem());
    return dir;
  }

  private String template(String yaml) {
    return yaml.replace("{{ .CA }}", dir.resolve("ca.pem").toString())
        .replace("{{ .Cert }}", dir.resolve("clientcert.pem").toString())
        .replace("{{ .Key }}", dir.resolve("clientkey.pem").toString());
  }

  @Test
  void aSingleClusterAndUserWithoutAContextIsNoConfigurationAtAll() throws IOException {
    filesForNewFromConfig();
    Path file = write("config", template("""
        clusters:
        - cluster:
            certificate-authority: {{ .CA }}
            server: https://authn.example.com
          name: foobar
        users:
        - name: a cluster
          user:
            client-certificate: {{ .Cert }}
            client-key: {{ .Key }}
        """));

    assertThatThrownBy(() -> WebhookConfig.read(file))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage(file + ": invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
  }

  @Test
  void multipleClustersWithNoContextFail() throws IOException {
    filesForNewFromConfig();
    Path file = write("config", template("""
        clusters:
        - cluster:
            certificate-authority: {{ .CA }}
            server: https://authn.example.com
          name: foobar
        - cluster:
            certificate-authority: a bad certificate path
            server: https://authn.example.com
          name: barfoo
        users:
        - name: a name
          user:
            client-certificate: {{ .Cert }}
            client-key: {{ .Key }}
        """));

    assertThatThrownBy(() -> WebhookConfig.read(file)).isInstanceOf(WebhookConfigException.class)
        .hasMessageContaining("no configuration has been provided");
  }

  @Test
  void multipleClustersWithAContextUseTheContextsCluster() throws IOException {
    filesForNewFromConfig();
    Path file = write("config", template("""
        clusters:
        - cluster:
            certificate-authority: a bad certificate path
            server: https://authn.example.com
          name: foobar
        - cluster:
            certificate-authority: {{ .CA }}
            server: https://authn.example.com
          name: barfoo
        users:
        - name: a name
          user:
            client-certificate: {{ .Cert }}
            client-key: {{ .Key }}
        contexts:
        - name: default
          context:
            cluster: barfoo
            user: a name
        current-context: default
        """));

    WebhookConfig config = WebhookConfig.read(file);

    assertThat(config.server()).isEqualTo("https://authn.example.com");
    assertThat(config.certificateAuthorityPem()).contains(CA.certificatePem());
    assertThat(config.clientCertificate()).contains(new WebhookConfig.ClientCertificate(CLIENT.certificatePem(), CLIENT.privateKeyPem()));
  }

  @Test
  void aClusterWithABadCertificatePathFails() throws IOException {
    filesForNewFromConfig();
    Path file = write("config", template("""
        clusters:
        - cluster:
            certificate-authority: a bad certificate path
            server: https://authn.example.com
          name: foobar
        - cluster:
            certificate-authority: {{ .CA }}
            server: https://authn.example.com
          name: barfoo
        users:
        - name: a name
          user:
            client-certificate: {{ .Cert }}
            client-key: {{ .Key }}
        contexts:
        - name: default
          context:
            cluster: foobar
            user: a name
        current-context: default
        """));
    String bad = dir.resolve("a bad certificate path").toString();

    assertThatThrownBy(() -> WebhookConfig.read(file))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage(file + ": invalid configuration: unable to read certificate-authority " + bad + " for foobar due to open " + bad
            + ": no such file or directory");
  }

  @Test
  void upstreamsTestKubeconfigWithUnnamedEntriesAndNoContextWorks() throws IOException {
    // what upstream's tests write with json.Encoder: unnamed cluster and user, current-context ""
    try (TokenReviewWebhookServer server = TokenReviewWebhookServer.start(spec -> TokenReviewDecision.authenticate(UserInfo.of("json")))) {
      Path file = write("webhook.json", "{\"preferences\":{},\"clusters\":[{\"name\":\"\",\"cluster\":{\"server\":\"" + server.url()
          + "\",\"certificate-authority-data\":\"" + b64(server.caPem()) + "\"}}],\"users\":[{\"name\":\"\",\"user\":{"
          + "\"client-certificate-data\":\"" + b64(CLIENT.certificatePem()) + "\",\"client-key-data\":\"" + b64(CLIENT.privateKeyPem())
          + "\"}}],\"contexts\":null,\"current-context\":\"\"}\n");

      AuthnResult result = WebhookConfig.read(file).authenticator(List.of()).authenticateToken("t", List.of());

      assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("json");
    }
  }

  @Test
  void relativePathsAreRelativeToTheKubeconfig() throws IOException {
    Files.createDirectories(dir.resolve("pki"));
    write("pki/ca.crt", CA.certificatePem());
    write("pki/token", "  bearer-from-file\n");
    Path file = write("webhook.yaml", """
        apiVersion: v1
        kind: Config
        clusters:
        - name: w
          cluster:
            server: https://127.0.0.1:9443/authn
            certificate-authority: pki/ca.crt
        users:
        - name: u
          user:
            tokenFile: pki/token
        contexts:
        - name: c
          context: {cluster: w, user: u}
        current-context: c
        """);

    WebhookConfig config = WebhookConfig.read(file);

    assertThat(config.certificateAuthorityPem()).contains(CA.certificatePem());
    assertThat(config.bearerToken()).contains("bearer-from-file");
  }

  // ---- client-go's validation and decoding messages, one line each

  private void assertReadFails(String yaml, String expectedMessage) throws IOException {
    Path file = write("bad.yaml", yaml);
    assertThatThrownBy(() -> WebhookConfig.read(file))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage(expectedMessage.replace("FILE", file.toString()))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aMissingFileIsReportedAsGoStatsIt() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> WebhookConfig.read(missing)).hasMessage("stat " + missing + ": no such file or directory");
  }

  @Test
  void anEmptyFileIsNoConfiguration() throws IOException {
    assertReadFails("", "FILE: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable");
  }

  @Test
  void aContextThatDoesNotExist() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h"}}]
        current-context: missing
        """, "FILE: invalid configuration: [context was not found for specified context: missing, cluster has no server defined]");
  }

  @Test
  void aClusterWithoutServer() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {insecure-skip-tls-verify: true}}]
        contexts: [{name: c, context: {cluster: w}}]
        current-context: c
        """, "FILE: invalid configuration: no server found for cluster \"w\"");
  }

  @Test
  void aClientCertificateWithoutKey() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h"}}]
        users: [{name: u, user: {client-certificate-data: "%s"}}]
        contexts: [{name: c, context: {cluster: w, user: u}}]
        current-context: c
        """.formatted(b64(CLIENT.certificatePem())),
        "FILE: invalid configuration: client-key-data or client-key must be specified for u to use the clientCert authentication method.");
  }

  @Test
  void twoAuthenticationMethods() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h"}}]
        users: [{name: u, user: {token: t, username: a, password: b}}]
        contexts: [{name: c, context: {cluster: w, user: u}}]
        current-context: c
        """, "FILE: invalid configuration: more than one authentication method found for u; found [token basicAuth], only one is allowed");
  }

  @Test
  void caDataAndFileTogether() throws IOException {
    write("ca.pem", CA.certificatePem());
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h", certificate-authority: ca.pem, certificate-authority-data: "%s"}}]
        contexts: [{name: c, context: {cluster: w}}]
        current-context: c
        """.formatted(b64(CA.certificatePem())),
        "FILE: invalid configuration: certificate-authority-data and certificate-authority are both specified for w. "
            + "certificate-authority-data will override.");
  }

  @Test
  void aWrongTypeIsGosUnmarshalError() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: [1, 2]}}]
        """, "error loading config file \"FILE\": json: cannot unmarshal array into Go struct field Cluster.clusters.cluster.server "
        + "of type string");
  }

  @Test
  void badBase64() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h", certificate-authority-data: "not*base64"}}]
        """, "error loading config file \"FILE\": illegal base64 data at input byte 3");
  }

  @Test
  void invalidYamlNamesTheFileAndLine() throws IOException {
    Path file = write("broken.yaml", "clusters:\n- name: [\n");
    assertThatThrownBy(() -> WebhookConfig.read(file))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessageStartingWith("error loading config file \"" + file + "\": yaml: line ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aHostPortWithAPathIsRefused() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "127.0.0.1:8443/authn"}}]
        contexts: [{name: c, context: {cluster: w}}]
        current-context: c
        """, "FILE: host must be a URL or a host:port pair: \"127.0.0.1:8443/authn\"");
  }

  @Test
  void badCaDataIsReportedWithTheFile() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h", certificate-authority-data: "%s"}}]
        contexts: [{name: c, context: {cluster: w}}]
        current-context: c
        """.formatted(b64("garbage")), "FILE: unable to load root certificates: unable to parse bytes as PEM block");
  }

  @Test
  void featuresTheKitDoesNotImplementAreRefusedPlainly() throws IOException {
    assertReadFails("""
        clusters: [{name: w, cluster: {server: "https://h", proxy-url: "http://proxy:3128"}}]
        users: [{name: u, user: {exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1}}}]
        contexts: [{name: c, context: {cluster: w, user: u}}]
        current-context: c
        """, "FILE: not supported by authlab's webhook client: proxy-url, exec credential plugins");
  }

  @Test
  void aBareHostPortGetsHttpsWhenTlsIsConfigured() {
    WebhookConfig config = WebhookConfig.of("127.0.0.1:8443", CA.certificatePem());

    assertThat(WebhookTransport.endpoint(config, Duration.ofSeconds(30)).toString()).isEqualTo("https://127.0.0.1:8443/?timeout=30s");
  }

  @Test
  void thePathIsCleanedAndTheQueryReplacedAsClientGoDoes() {
    WebhookConfig config = WebhookConfig.of("https://h.example:1/a//b/./c/?x=1#frag", CA.certificatePem());

    assertThat(WebhookTransport.endpoint(config, Duration.ofSeconds(30)).toString()).isEqualTo("https://h.example:1/a/b/c?timeout=30s");
  }

  @Test
  void unsupportedVersionsAreRefusedWithKubeApiserversMessage() {
    assertThatThrownBy(() -> WebhookVersion.parse("v2"))
        .isInstanceOf(WebhookConfigException.class)
        .hasMessage("unsupported authentication webhook version \"v2\", supported versions are \"v1\", \"v1beta1\"");
    assertThat(WebhookVersion.parse("v1beta1")).isEqualTo(WebhookVersion.V1BETA1);
  }
}
