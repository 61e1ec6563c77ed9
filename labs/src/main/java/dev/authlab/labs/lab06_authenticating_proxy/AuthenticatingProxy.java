package dev.authlab.labs.lab06_authenticating_proxy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.UserInfo;
import dev.authlab.pki.IssuedCertificate;
import java.util.List;
import java.util.Objects;

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
    // TODO(lab 06): start from clientRequest, remove every header whose name starts with "x-remote-"
    //   (any case) and the Authorization header, add the user's headers, attach the proxy's certificate.
    throw new UnsupportedOperationException("TODO(lab 06): forward the request in AuthenticatingProxy.forward");
  }

  /**
   * The X-Remote-* headers a client sent to the proxy itself: a spoofing attempt when not empty, which
   * the proxy should log and refuse. Names as {@code clientRequest.headers()} holds them (lower case).
   */
  public List<String> spoofedHeaders(AuthenticationRequest clientRequest) {
    // TODO(lab 06): return the names in clientRequest.headers() that start with "x-remote-", ignoring case.
    throw new UnsupportedOperationException("TODO(lab 06): detect spoofed headers in AuthenticatingProxy.spoofedHeaders");
  }
}
