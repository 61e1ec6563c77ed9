package dev.authlab.authn.x509;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * kube-apiserver's {@code --client-ca-file}: the PEM bundle of CAs whose client certificates
 * authenticate users (CN = user name, O = groups). The PEM is checked when the record is built.
 */
public record ClientCaConfig(String caPem) {

  /** The name of the file {@link #writeApiServerConfig} writes. */
  public static final String FILE_NAME = "client-ca.crt";

  public ClientCaConfig {
    Objects.requireNonNull(caPem, "caPem");
    CaBundle.parse(caPem, "client CA bundle");
  }

  public static ClientCaConfig of(List<X509Certificate> cas) {
    return new ClientCaConfig(CaBundle.encode(cas));
  }

  /** Reads an existing {@code --client-ca-file}; errors name the file. */
  public static ClientCaConfig fromFile(Path file) {
    return of(CaBundle.read(file));
  }

  public List<X509Certificate> certificates() {
    return CaBundle.parse(caPem, "client CA bundle");
  }

  /** The authenticator kube-apiserver builds from this file. */
  public X509Authenticator authenticator(Clock clock) {
    return X509Authenticator.clientCertificates(certificates(), clock);
  }

  /** Writes {@value #FILE_NAME} into {@code dir} and returns the flag that reads it. */
  public List<String> writeApiServerConfig(Path dir) {
    Path file = dir.toAbsolutePath().resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, caPem, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write client CA file '" + file + "': " + e.getMessage(), e);
    }
    return List.of("--client-ca-file=" + file);
  }

  @Override
  public String toString() {
    return "ClientCaConfig[" + certificates().stream().map(c -> c.getSubjectX500Principal().getName()).toList() + "]";
  }
}
