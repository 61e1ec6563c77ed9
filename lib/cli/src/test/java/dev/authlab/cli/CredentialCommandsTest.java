package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new joiner's credentials end to end: CA, key and CSR, signature, kubeconfig, and a minted token. */
class CredentialCommandsTest {

  @Test
  void newJoinerFlowProducesACertificateTheApiServerAccepts(@TempDir Path dir) throws Exception {
    String ca = dir.resolve("ca.crt").toString();
    String caKey = dir.resolve("ca.key").toString();
    assertThat(Run.of("pki", "ca", "--cn", "test-ca", "--out-cert", ca, "--out-key", caKey).exitCode()).isEqualTo(0);
    String csr = dir.resolve("sam.csr").toString();
    String key = dir.resolve("sam.key").toString();
    assertThat(Run.of("pki", "csr", "--cn", "sam", "--org", "dev", "--key-algorithm", "ecdsa256", "--out-csr", csr, "--out-key", key).exitCode())
        .isEqualTo(0);
    String crt = dir.resolve("sam.crt").toString();
    assertThat(Run.of("pki", "sign", "--ca-cert", ca, "--ca-key", caKey, "--csr", csr, "--out-cert", crt).exitCode()).isEqualTo(0);
    Run whoami = Run.of("whoami", "--client-ca-file", ca, "--client-certificate", crt, "--client-key", key);
    assertThat(whoami.out()).contains("Username    ").contains("sam").contains("[dev system:authenticated]");
    String kubeconfig = dir.resolve("sam.kubeconfig").toString();
    Run written =
        Run.of("kubeconfig", "--server", "https://127.0.0.1:6443", "--certificate-authority", ca, "--user", "sam", "--client-certificate", crt, "--client-key", key, "-o", kubeconfig);
    assertThat(written.exitCode()).isEqualTo(0);
    assertThat(Files.readString(Path.of(kubeconfig))).contains("current-context: sam@kubernetes").contains("client-certificate-data:");
    assertThat(Files.getPosixFilePermissions(Path.of(kubeconfig))).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(Run.of("pki", "show", crt).out()).contains("groups (O):        dev").contains("clientAuth");
  }

  @Test
  void existingKeysAndCertificatesAreNeverOverwritten(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("ca.key");
    Files.writeString(key, "precious");
    Run run = Run.of("pki", "ca", "--cn", "x", "--out-cert", dir.resolve("ca.crt").toString(), "--out-key", key.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(Files.readString(key)).isEqualTo("precious");
  }

  @Test
  void kubeconfigNeedsExactlyOneCredential() {
    Run run = Run.of("kubeconfig", "--server", "https://x", "--certificate-authority", "examples/authn/pki/ca.crt", "--user", "u", "-o", "-");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("give either --client-certificate and --client-key, or --token");
  }

  @Test
  void tokenCommandMintsATokenWhoamiAccepts() {
    Run token =
        Run.of(
            "token", "ci", "-n", "team-a",
            "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
            "--service-account-signing-key-file", "examples/authn/sa.key",
            "--objects", "examples/authn/objects.yaml",
            "--audience", "https://kubernetes.default.svc.cluster.local");
    assertThat(token.exitCode()).as(token.err()).isEqualTo(0);
    Run whoami =
        Run.of(
            "whoami", "--service-account-key-file", "examples/authn/sa.pub",
            "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
            "--objects", "examples/authn/objects.yaml", "--token", token.out().strip());
    assertThat(whoami.out()).contains("system:serviceaccount:team-a:ci");
  }

  @Test
  void tokenForAMissingServiceAccountIsRefusedAsTokenRequestWould() {
    Run run =
        Run.of(
            "token", "ghost", "-n", "team-a",
            "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
            "--service-account-signing-key-file", "examples/authn/sa.key");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("ghost");
  }
}
