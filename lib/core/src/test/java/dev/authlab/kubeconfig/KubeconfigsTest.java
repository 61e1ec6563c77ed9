package dev.authlab.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final CertificateAuthority CA = CertificateAuthority.selfSigned("kubernetes", KeyAlgorithm.ECDSA_P256, CLOCK);
  private static final IssuedCertificate JANE =
      CA.issue(CertificateSpec.clientCertificate("jane", "dev"), KeyAlgorithm.ECDSA_P256);
  private static final String SERVER = "https://127.0.0.1:6443";

  private static String decode(String data) {
    return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
  }

  private static Config janeConfig() {
    return Kubeconfigs.forClientCertificate("authlab", SERVER, CA.certificatePem(), "jane",
        JANE.certificatePem(), JANE.privateKeyPem());
  }

  @Test
  void clientCertificateKubeconfigRoundTrip(@TempDir Path dir) {
    Path file = dir.resolve(".kube/config");

    Kubeconfigs.write(janeConfig(), file);
    Config read = Kubeconfigs.read(file);

    assertThat(read.getCurrentContext()).isEqualTo("jane@authlab");
    assertThat(read.getContexts()).singleElement().satisfies(context -> {
      assertThat(context.getName()).isEqualTo("jane@authlab");
      assertThat(context.getContext().getCluster()).isEqualTo("authlab");
      assertThat(context.getContext().getUser()).isEqualTo("jane");
    });
    assertThat(read.getClusters()).singleElement().satisfies(cluster -> {
      assertThat(cluster.getName()).isEqualTo("authlab");
      assertThat(cluster.getCluster().getServer()).isEqualTo(SERVER);
      assertThat(decode(cluster.getCluster().getCertificateAuthorityData())).isEqualTo(CA.certificatePem());
    });
    assertThat(read.getUsers()).singleElement().satisfies(user -> {
      assertThat(user.getName()).isEqualTo("jane");
      AuthInfo auth = user.getUser();
      assertThat(decode(auth.getClientCertificateData())).isEqualTo(JANE.certificatePem());
      assertThat(decode(auth.getClientKeyData())).isEqualTo(JANE.privateKeyPem());
      assertThat(Pem.parseCertificate(decode(auth.getClientCertificateData()))).isEqualTo(JANE.certificate());
      assertThat(auth.getToken()).isNull();
    });
    assertThat(read).isEqualTo(janeConfig());
  }

  @Test
  void tokenKubeconfigRoundTrip(@TempDir Path dir) {
    Path file = dir.resolve("config");
    Config config = Kubeconfigs.forToken("authlab", SERVER, CA.certificatePem(), "ci-bot", "abc.def123");

    Kubeconfigs.write(config, file);
    Config read = Kubeconfigs.read(file);

    assertThat(read).isEqualTo(config);
    assertThat(read.getUsers().get(0).getUser().getToken()).isEqualTo("abc.def123");
    assertThat(read.getUsers().get(0).getUser().getClientCertificateData()).isNull();
  }

  @Test
  void writesYamlAsKubectlDoes() {
    String ca = Base64.getEncoder().encodeToString(CA.certificatePem().getBytes(StandardCharsets.UTF_8));

    String yaml = Kubeconfigs.toYaml(Kubeconfigs.forToken("authlab", SERVER, CA.certificatePem(), "ci-bot", "abc"));

    assertThat(yaml).isEqualTo("""
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: https://127.0.0.1:6443
          name: authlab
        contexts:
        - context:
            cluster: authlab
            user: ci-bot
          name: ci-bot@authlab
        current-context: ci-bot@authlab
        kind: Config
        preferences: {}
        users:
        - name: ci-bot
          user:
            token: abc
        """.formatted(ca));
  }

  @Test
  void writtenFileIsOwnerOnly(@TempDir Path dir) throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path fresh = dir.resolve("fresh");
    Path existing = dir.resolve("existing");
    Files.writeString(existing, "old");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));

    Kubeconfigs.write(janeConfig(), fresh);
    Kubeconfigs.write(janeConfig(), existing);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");
    assertThat(Kubeconfigs.read(existing)).isEqualTo(janeConfig());
  }

  @Test
  void readsAKubeconfigWrittenByKind() {
    Config config = Kubeconfigs.parse("""
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTg==
            server: https://127.0.0.1:40123
          name: kind-kind
        contexts:
        - context:
            cluster: kind-kind
            namespace: team-a
            user: kind-kind
          name: kind-kind
        current-context: kind-kind
        kind: Config
        preferences: {}
        users:
        - name: kind-kind
          user:
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
        """);

    NamedContext context = config.getContexts().get(0);
    assertThat(context.getContext().getNamespace()).isEqualTo("team-a");
    assertThat(config.getUsers().get(0).getUser().getClientKeyData()).isEqualTo("a2V5");
  }

  // ---- errors

  @Test
  void missingFile(@TempDir Path dir) {
    Path file = dir.resolve("nope");

    assertThatThrownBy(() -> Kubeconfigs.read(file))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void badYaml(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config");
    Files.writeString(file, "apiVersion: v1\nclusters: [\n  - name: x\n");

    assertThatThrownBy(() -> Kubeconfigs.read(file))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessageStartingWith(file + ": line ")
        .hasMessage(file + ": line 3, column 3: invalid YAML: expected the node content, but found '-'");
    assertThatThrownBy(() -> Kubeconfigs.parse("kind: Config\nkind: Config\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessageStartingWith("input: line 2, column ")
        .hasMessageEndingWith(": invalid YAML: duplicate field \"kind\"");
  }

  @Test
  void contextNamingAMissingUser() {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: authlab
          cluster:
            server: https://127.0.0.1:6443
        contexts:
        - name: dev
          context:
            cluster: authlab
            user: jane
        users:
        - name: bob
          user:
            token: abc
        """;

    assertThatThrownBy(() -> Kubeconfigs.parse(yaml))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: context \"dev\" names user \"jane\", which is not in users");
  }

  @Test
  void contextNamingAMissingCluster() {
    String yaml = """
        contexts:
        - name: dev
          context:
            cluster: prod
            user: jane
        users:
        - name: jane
          user:
            token: abc
        """;

    assertThatThrownBy(() -> Kubeconfigs.parse(yaml, "kubeconfig.yaml"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("kubeconfig.yaml: context \"dev\" names cluster \"prod\", which is not in clusters");
  }

  @Test
  void otherInconsistencies() {
    assertThatThrownBy(() -> Kubeconfigs.parse("current-context: dev\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: current-context \"dev\" is not in contexts");
    assertThatThrownBy(() -> Kubeconfigs.parse("users:\n- name: a\n- name: a\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: users: \"a\" appears more than once");
    assertThatThrownBy(() -> Kubeconfigs.parse("clusters:\n- cluster: {server: https://x}\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: clusters[0]: has no name");
    assertThatThrownBy(() -> Kubeconfigs.parse("apiVersion: v1\nkind: Pod\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: kind: expected \"Config\", got a string \"Pod\"");
    assertThatThrownBy(() -> Kubeconfigs.parse(""))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: empty, expected a kubeconfig (kind: Config)");
    assertThatThrownBy(() -> Kubeconfigs.parse("- a\n- b\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: expected a kubeconfig (kind: Config), got a list");
  }

  @Test
  void wrongFieldTypeNamesTheField() {
    assertThatThrownBy(() -> Kubeconfigs.parse("clusters: oops\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: clusters: expected a list, got a string \"oops\"");
    assertThatThrownBy(() -> Kubeconfigs.parse("clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: maybe}\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: clusters[0].cluster.insecure-skip-tls-verify: expected true or false, got a string \"maybe\"");
    assertThatThrownBy(() -> Kubeconfigs.parse("users:\n- name: a\n  user: [1]\n"))
        .isExactlyInstanceOf(KubeconfigException.class)
        .hasMessage("input: users[0].user: expected an object, got a list");
  }

  @Test
  void factoriesCatchSwappedArguments() {
    assertThatThrownBy(() -> Kubeconfigs.forClientCertificate("authlab", SERVER, CA.certificatePem(), "jane",
        JANE.privateKeyPem(), JANE.certificatePem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certPem: no CERTIFICATE block found, only PRIVATE KEY");
    assertThatThrownBy(() -> Kubeconfigs.forToken("authlab", "127.0.0.1:6443", CA.certificatePem(), "jane", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverUrl must be an http(s) URL");
    assertThatThrownBy(() -> Kubeconfigs.forToken("authlab", SERVER, "", "jane", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("caPem: empty, expected a CERTIFICATE block");
  }
}
