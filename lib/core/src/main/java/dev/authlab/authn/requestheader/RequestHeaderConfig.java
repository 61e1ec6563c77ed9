package dev.authlab.authn.requestheader;

import dev.authlab.authn.x509.CaBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code --requestheader-*} flags of kube-apiserver: the CA that signs the proxy's client
 * certificate, the common names allowed to act as the proxy, and the header names. Validation is
 * upstream's ({@code empty value in "<flag>"}) plus what a flag value cannot carry (surrounding
 * white space). Leaving the username headers empty is allowed, as upstream allows it: proxy
 * certificates are still checked, but nobody is ever authenticated from headers.
 */
public record RequestHeaderConfig(
    String clientCaPem,
    List<String> allowedNames,
    List<String> usernameHeaders,
    List<String> uidHeaders,
    List<String> groupHeaders,
    List<String> extraHeaderPrefixes) {

  /** The name of the CA file {@link #writeApiServerConfig} writes (kubeadm's name for it). */
  public static final String CA_FILE_NAME = "front-proxy-ca.crt";

  public RequestHeaderConfig {
    Objects.requireNonNull(clientCaPem, "clientCaPem");
    allowedNames = List.copyOf(allowedNames);
    usernameHeaders = List.copyOf(usernameHeaders);
    uidHeaders = List.copyOf(uidHeaders);
    groupHeaders = List.copyOf(groupHeaders);
    extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
    CaBundle.parse(clientCaPem, "requestheader client CA bundle");
    check("requestheader-username-headers", usernameHeaders);
    check("requestheader-uid-headers", uidHeaders);
    check("requestheader-group-headers", groupHeaders);
    check("requestheader-extra-headers-prefix", extraHeaderPrefixes);
    check("requestheader-allowed-names", allowedNames);
  }

  /**
   * What kubeadm configures: allowed name {@code front-proxy-client}, {@code X-Remote-User},
   * {@code X-Remote-Group}, {@code X-Remote-Extra-}, and no uid header.
   */
  public static RequestHeaderConfig kubeadmDefaults(List<X509Certificate> frontProxyCa) {
    return new RequestHeaderConfig(
        CaBundle.encode(frontProxyCa), List.of("front-proxy-client"), List.of("X-Remote-User"), List.of(), List.of("X-Remote-Group"), List.of("X-Remote-Extra-"));
  }

  /** The same configuration with {@code --requestheader-uid-headers} set (X-Remote-Uid is the suggested one). */
  public RequestHeaderConfig withUidHeaders(List<String> headers) {
    return new RequestHeaderConfig(clientCaPem, allowedNames, usernameHeaders, headers, groupHeaders, extraHeaderPrefixes);
  }

  /** The same configuration with other allowed proxy names (empty: any certificate from the CA). */
  public RequestHeaderConfig withAllowedNames(List<String> names) {
    return new RequestHeaderConfig(clientCaPem, names, usernameHeaders, uidHeaders, groupHeaders, extraHeaderPrefixes);
  }

  public List<X509Certificate> clientCa() {
    return CaBundle.parse(clientCaPem, "requestheader client CA bundle");
  }

  public HeaderNames headerNames() {
    return new HeaderNames(usernameHeaders, uidHeaders, groupHeaders, extraHeaderPrefixes);
  }

  /** The authenticator kube-apiserver builds from these flags. */
  public RequestHeaderAuthenticator authenticator(Clock clock) {
    return RequestHeaderAuthenticator.of(clientCa(), allowedNames, headerNames(), clock);
  }

  /** Writes {@value #CA_FILE_NAME} into {@code dir} and returns the {@code --requestheader-*} flags. */
  public List<String> writeApiServerConfig(Path dir) {
    Path file = dir.toAbsolutePath().resolve(CA_FILE_NAME);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, clientCaPem, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write requestheader CA file '" + file + "': " + e.getMessage(), e);
    }
    List<String> flags = new ArrayList<>();
    flags.add("--requestheader-client-ca-file=" + file);
    addFlag(flags, "requestheader-allowed-names", allowedNames);
    addFlag(flags, "requestheader-username-headers", usernameHeaders);
    addFlag(flags, "requestheader-uid-headers", uidHeaders);
    addFlag(flags, "requestheader-group-headers", groupHeaders);
    addFlag(flags, "requestheader-extra-headers-prefix", extraHeaderPrefixes);
    return List.copyOf(flags);
  }

  private static void addFlag(List<String> flags, String flag, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      // pflag reads string slices as one CSV record: quote what CSV would.
      quoted.add(value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value);
    }
    flags.add("--" + flag + "=" + String.join(",", quoted));
  }

  private static void check(String flag, List<String> values) {
    for (String value : values) {
      if (value.strip().isEmpty()) {
        throw new IllegalArgumentException("empty value in \"" + flag + "\"");
      }
      if (!value.equals(value.strip())) {
        throw new IllegalArgumentException("--" + flag + ": '" + value + "' has white space around it, which kube-apiserver would keep as part of the name");
      }
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("--" + flag + ": a value contains a line break");
      }
    }
  }
}
