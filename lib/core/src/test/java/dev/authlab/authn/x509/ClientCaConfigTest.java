package dev.authlab.authn.x509;

import static dev.authlab.authn.x509.TestPki.clock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCaConfigTest {

  @TempDir Path dir;

  private final TestPki.Issued ca = TestPki.ca("kubernetes");
  private final TestPki.Issued other = TestPki.ca("etcd-ca");

  @Test
  void writesTheBundleAndTheFlag() throws Exception {
    ClientCaConfig config = ClientCaConfig.of(List.of(ca.certificate(), other.certificate()));
    List<String> flags = config.writeApiServerConfig(dir);
    Path file = dir.toAbsolutePath().resolve("client-ca.crt");
    assertThat(flags).containsExactly("--client-ca-file=" + file);
    assertThat(Files.readString(file)).isEqualTo(config.caPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(ClientCaConfig.fromFile(file).certificates()).containsExactly(ca.certificate(), other.certificate());
  }

  @Test
  void everyCaInTheBundleIsTrusted() {
    ClientCaConfig config = ClientCaConfig.of(List.of(ca.certificate(), other.certificate()));
    AuthnResult result = config.authenticator(clock())
        .authenticate(AuthenticationRequest.get("/").withClientCertificates(List.of(TestPki.client(other, "etcd-client").certificate())));
    assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("etcd-client");
  }

  @Test
  void blocksWithHeadersOtherTypesAndSurroundingTextAreSkipped() {
    String pem = "# the lab's CA\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        + "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n" + CaBundle.encode(List.of(other.certificate())).lines().skip(1).reduce("", (a, b) -> a + b + "\n")
        + CaBundle.encode(List.of(ca.certificate())) + "bye\n";
    assertThat(new ClientCaConfig(pem).certificates()).containsExactly(ca.certificate());
  }

  @Test
  void aBundleWithoutCertificatesIsOneLineNamingTheFile() throws Exception {
    Path file = dir.resolve("ca.crt");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertThatThrownBy(() -> ClientCaConfig.fromFile(file)).hasMessage(file + ": data does not contain any valid RSA or ECDSA certificates");
    Files.writeString(file, "");
    assertThatThrownBy(() -> ClientCaConfig.fromFile(file)).hasMessage(file + ": the CA bundle file is empty");
    assertThatThrownBy(() -> new ClientCaConfig("garbage")).hasMessage("client CA bundle: data does not contain any valid RSA or ECDSA certificates");
  }

  @Test
  void aCorruptCertificateIsNamedByItsPosition() {
    String pem = CaBundle.encode(List.of(ca.certificate())) + "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
    assertThatThrownBy(() -> new ClientCaConfig(pem))
        .hasMessageStartingWith("client CA bundle: PEM block 2 is not a valid X.509 certificate: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void printingShowsSubjects() {
    assertThat(ClientCaConfig.of(List.of(ca.certificate())).toString()).isEqualTo("ClientCaConfig[[CN=kubernetes]]");
  }
}
