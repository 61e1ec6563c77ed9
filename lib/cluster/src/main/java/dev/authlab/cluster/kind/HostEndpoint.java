package dev.authlab.cluster.kind;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A server on the host's loopback interface that kube-apiserver inside the kind node must reach (a
 * TokenReview webhook, an OIDC issuer's discovery document), and the URL the node uses instead.
 * Inside the node 127.0.0.1 is the node itself, so the host is named by Testcontainers' alias
 * {@value KindApiServerPatch#HOST_ALIAS}, and {@link #port()} must be exposed with
 * {@code Testcontainers.exposeHostPorts} before the node starts.
 *
 * @param purpose what uses it, for messages and docs ({@code authentication webhook}, {@code OIDC
 *     discovery for https://127.0.0.1:8443})
 * @param hostUrl the URL as the settings give it, valid on the host
 * @param nodeUrl the same server as the node reaches it
 */
public record HostEndpoint(String purpose, URI hostUrl, URI nodeUrl) {

  public HostEndpoint {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(hostUrl, "hostUrl");
    Objects.requireNonNull(nodeUrl, "nodeUrl");
  }

  /** The host port to expose: the URL's port, or the scheme's default. */
  public int port() {
    return portOf(hostUrl);
  }

  /**
   * Whether {@code url} names this machine's loopback interface: {@code localhost} (and names under
   * it), 127.0.0.0/8, or ::1. Only literals count; nothing is resolved.
   */
  public static boolean isLoopback(URI url) {
    String host = url.getHost();
    if (host == null) {
      return false;
    }
    host = unbracket(host).toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] octets = host.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit) || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The host as TLS compares it with the certificate: without IPv6 brackets. */
  static String tlsName(URI url) {
    return unbracket(url.getHost());
  }

  /** The same URL with its host replaced by {@code host}; scheme, port, path, query and fragment kept. */
  static URI withHost(URI url, String host) {
    String authority = host + (url.getPort() == -1 ? "" : ":" + url.getPort());
    StringBuilder text = new StringBuilder(url.getScheme()).append("://");
    if (url.getRawUserInfo() != null) {
      text.append(url.getRawUserInfo()).append('@');
    }
    text.append(authority);
    if (url.getRawPath() != null) {
      text.append(url.getRawPath());
    }
    if (url.getRawQuery() != null) {
      text.append('?').append(url.getRawQuery());
    }
    if (url.getRawFragment() != null) {
      text.append('#').append(url.getRawFragment());
    }
    return URI.create(text.toString());
  }

  static int portOf(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
