package dev.authlab.authn.requestheader;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.x509.VerifyOptions;
import dev.authlab.authn.x509.X509Verifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The authenticating proxy ({@code --requestheader-*}): a front proxy that has already authenticated
 * the user tells the API server who it is in request headers. Those headers are trusted only from a
 * proxy that proves itself first:
 *
 * <ol>
 *   <li>no client certificate: no opinion, and the headers are not even read (so a client that sets
 *       {@code X-Remote-User} itself gets nowhere: at best it continues down the chain, e.g. to
 *       anonymous);
 *   <li>the certificate must verify against {@code --requestheader-client-ca-file} with the client
 *       authentication usage, and when {@code --requestheader-allowed-names} is set its common name
 *       must be listed; otherwise an error with Go's text ({@code x509: certificate signed by unknown
 *       authority}, {@code x509: subject with cn=.. is not in the allowed list}, ...);
 *   <li>the user name is the first non-empty username header (none: no opinion); the uid the first
 *       non-empty uid header; the groups every non-empty value of every group header, in order; the
 *       extra attributes every header starting with an extra prefix: the rest of the name, lower-cased
 *       then percent-decoded (left as is when the escapes are malformed), with all its values.
 * </ol>
 *
 * <p>Upstream then deletes these headers from the request (and the standard X-Remote-* ones, whatever
 * the flags say), so that nothing after authentication can read them again. Requests here are
 * immutable: whoever passes the request on must use {@link #clearAuthenticationHeaders}.
 */
public final class RequestHeaderAuthenticator implements Authenticator {

  private final HeaderNames headers;
  private final X509Verifier verifier;

  private RequestHeaderAuthenticator(VerifyOptions options, List<String> allowedNames, HeaderNames headers, Clock clock) {
    this.headers = headers;
    this.verifier = X509Verifier.of("requestheader", options, allowedNames, clock, request -> fromHeaders(headers, request));
  }

  /**
   * The proxy authenticator as kube-apiserver builds it: proxy certificates verified against
   * {@code proxyCa} for client authentication, common names limited to {@code allowedNames} (empty:
   * any), identities read from {@code headers}.
   */
  public static RequestHeaderAuthenticator of(List<X509Certificate> proxyCa, List<String> allowedNames, HeaderNames headers, Clock clock) {
    return new RequestHeaderAuthenticator(VerifyOptions.clientAuth(proxyCa), allowedNames, headers, clock);
  }

  @Override
  public String name() {
    return "requestheader";
  }

  public HeaderNames headers() {
    return headers;
  }

  public List<String> allowedNames() {
    return verifier.allowedCommonNames();
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    return verifier.authenticate(request);
  }

  /** The request without the configured identity headers, as upstream leaves it after authenticating. */
  public AuthenticationRequest clearAuthenticationHeaders(AuthenticationRequest request) {
    return headers.clearFrom(request);
  }

  /** Reads the identity from the headers; only ever called once the proxy's certificate checked out. */
  static AuthnResult fromHeaders(HeaderNames names, AuthenticationRequest request) {
    Optional<Map.Entry<String, String>> user = firstValue(request, names.username());
    if (user.isEmpty()) {
      return AuthnResult.noOpinion("requestheader", "none of the username headers " + names.username() + " has a value");
    }
    String uid = firstValue(request, names.uid()).map(Map.Entry::getValue).orElse("");
    List<String> groups = new ArrayList<>();
    for (String header : names.group()) {
      for (String value : request.headerValues(header)) {
        if (!value.isEmpty()) {
          groups.add(value);
        }
      }
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (String prefix : names.extraPrefixes()) {
      for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
        if (!HeaderNames.hasPrefixIgnoreCase(header.getKey(), prefix)) {
          continue;
        }
        String key = unescapeExtraKey(header.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT));
        extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(header.getValue());
      }
    }
    UserInfo info = new UserInfo(user.get().getValue(), uid, groups, extra);
    return AuthnResult.authenticated(
        "requestheader",
        info,
        "user " + info.name() + " from header " + user.get().getKey()
            + (uid.isEmpty() ? "" : ", uid from the uid headers")
            + ", " + groups.size() + " group(s) from " + names.group()
            + (extra.isEmpty() ? "" : ", extra keys " + extra.keySet()));
  }

  /** The first header (in configured order) whose first value is non-empty, with that value. */
  private static Optional<Map.Entry<String, String>> firstValue(AuthenticationRequest request, List<String> names) {
    for (String name : names) {
      String value = request.header(name).orElse("");
      if (!value.isEmpty()) {
        return Optional.of(Map.entry(name, value));
      }
    }
    return Optional.empty();
  }

  /** Go's url.PathUnescape, falling back to the key as given when an escape is malformed. */
  static String unescapeExtraKey(String encoded) {
    byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
        return encoded;
      }
      out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  @Override
  public String toString() {
    return "RequestHeaderAuthenticator[allowedNames=" + verifier.allowedCommonNames() + ", headers=" + headers + "]";
  }
}
