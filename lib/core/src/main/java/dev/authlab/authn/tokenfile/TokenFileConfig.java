package dev.authlab.authn.tokenfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --token-auth-file} of kube-apiserver as an object: the static tokens it lists. Builds the
 * library's authenticator and writes the same file for a real API server, so both read identical
 * bytes. Printing it shows token fingerprints only.
 */
public record TokenFileConfig(List<StaticToken> tokens) {

  /** The name of the file {@link #writeApiServerConfig} writes. */
  public static final String FILE_NAME = "tokens.csv";

  public TokenFileConfig {
    tokens = List.copyOf(tokens);
    Set<String> seen = new HashSet<>();
    for (StaticToken token : tokens) {
      if (!seen.add(token.token())) {
        throw new IllegalArgumentException(
            "token file config: token " + token.fingerprint() + " is listed twice (kube-apiserver would keep only the last one)");
      }
    }
  }

  public static TokenFileConfig of(StaticToken... tokens) {
    return new TokenFileConfig(List.of(tokens));
  }

  /** The file content: one line per token, quoted as Go's csv writer would, each ending in a newline. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder();
    for (StaticToken token : tokens) {
      csv.append(token.toCsvLine()).append('\n');
    }
    return csv.toString();
  }

  /** The authenticator kube-apiserver would build from this file (parsed from {@link #toCsv()}). */
  public TokenFileAuthenticator authenticator() {
    return TokenFileAuthenticator.fromCsv(FILE_NAME, toCsv());
  }

  /**
   * Writes {@value #FILE_NAME} into {@code dir} (owner read/write only, where the file system allows)
   * and returns the kube-apiserver flag that reads it.
   */
  public List<String> writeApiServerConfig(Path dir) {
    Path file = dir.toAbsolutePath().resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps its default permissions.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write token file '" + file + "': " + e.getMessage(), e);
    }
    return List.of("--token-auth-file=" + file);
  }
}
