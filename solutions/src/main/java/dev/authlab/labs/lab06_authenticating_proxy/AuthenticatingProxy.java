package dev.authlab.labs.lab06_authenticating_proxy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.UserInfo;
import dev.authlab.pki.IssuedCertificate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Lab 06: the proxy side of --requestheader-*.
 *
 * <p>An authenticating proxy sits in front of kube-apiserver. It has already authenticated the
 * client its own way (single sign-on, say); it then forwards the client's request to the API server,
 * presenting its own client certificate (signed by the front-proxy CA, common name
 * {@code front-proxy-client}) and naming the user in headers:
 * <ul>
 *   <li>{@value #USER_HEADER}: the user name; {@value #UID_HEADER}: the uid, when there is one;
 *   <li>{@value #GROUP_HEADER}: one value per group;
 *   <li>{@value #EXTRA_PREFIX}KEY: one value per extra value, KEY percent-encoded (a {@code /} in
 *       the key becomes {@code %2F}), since header names cannot carry every character.
 * </ul>
 * The API server believes these headers because of the certificate, so a proxy must never let a
 * client's own X-Remote-* headers through: a client that sends {@code X-Remote-Group: system:masters}
 * to the proxy would otherwise become cluster admin. Nor does the client's own credential (its
 * {@code Authorization} header) go on to the API server: it was meant for the proxy.
 */
public final class AuthenticatingProxy {

  public static final String USER_HEADER = "X-Remote-User";
  public static final String UID_HEADER = "X-Remote-Uid";
  public static final String GROUP_HEADER = "X-Remote-Group";
  public static final String EXTRA_PREFIX = "X-Remote-Extra-";

  private static final String RESERVED_PREFIX = "x-remote-";

  private final IssuedCertificate proxyCertificate;

  /** @param proxyCertificate the proxy's client certificate and key, from the front-proxy CA */
  public AuthenticatingProxy(IssuedCertificate proxyCertificate) {
    this.proxyCertificate = Objects.requireNonNull(proxyCertificate, "proxyCertificate");
  }

  /**
   * The request the proxy sends to the API server on behalf of {@code user}, who sent
   * {@code clientRequest}: the same method and path; none of the client's X-Remote-* headers nor its
   * Authorization header; the user's headers as described on the class; and the proxy's client
   * certificate ({@link AuthenticationRequest#withClientCertificates}).
   */
  public AuthenticationRequest forward(AuthenticationRequest clientRequest, UserInfo user) {
    AuthenticationRequest forwarded = clientRequest.withoutHeader("Authorization");
    for (String spoofed : spoofedHeaders(clientRequest)) {
      forwarded = forwarded.withoutHeader(spoofed);
    }
    forwarded = forwarded.withHeader(USER_HEADER, user.name());
    if (!user.uid().isEmpty()) {
      forwarded = forwarded.withHeader(UID_HEADER, user.uid());
    }
    for (String group : user.groups()) {
      forwarded = forwarded.withHeader(GROUP_HEADER, group);
    }
    for (var extra : user.extra().entrySet()) {
      String header = EXTRA_PREFIX + URLEncoder.encode(extra.getKey(), StandardCharsets.UTF_8);
      for (String value : extra.getValue()) {
        forwarded = forwarded.withHeader(header, value);
      }
    }
    return forwarded.withClientCertificates(List.of(proxyCertificate.certificate()));
  }

  /**
   * The X-Remote-* headers a client sent to the proxy itself: a spoofing attempt when not empty, which
   * the proxy should log and refuse. Names as {@code clientRequest.headers()} holds them (lower case).
   */
  public List<String> spoofedHeaders(AuthenticationRequest clientRequest) {
    return clientRequest.headers().keySet().stream()
        .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX))
        .collect(Collectors.toUnmodifiableList());
  }
}
