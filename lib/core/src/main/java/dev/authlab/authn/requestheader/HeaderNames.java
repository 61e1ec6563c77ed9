package dev.authlab.authn.requestheader;

import dev.authlab.authn.AuthenticationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The headers an authenticating proxy sets: the user name (first non-empty header wins), the uid
 * (same), the groups (every non-empty value of every header), and the prefixes of the "extra"
 * headers. Names compare case-insensitively, as HTTP header names do.
 */
public record HeaderNames(List<String> username, List<String> uid, List<String> group, List<String> extraPrefixes) {

  /**
   * The headers kube-apiserver's aggregator sends and always strips after authentication, whatever
   * the flags say: X-Remote-User, X-Remote-Uid, X-Remote-Group, X-Remote-Extra-*.
   */
  public static final HeaderNames STANDARD =
      new HeaderNames(List.of("X-Remote-User"), List.of("X-Remote-Uid"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-"));

  public HeaderNames {
    username = List.copyOf(username);
    uid = List.copyOf(uid);
    group = List.copyOf(group);
    extraPrefixes = List.copyOf(extraPrefixes);
  }

  /**
   * Returns the request without the headers these names cover (exact names, and every header starting
   * with an extra prefix), as upstream's ClearAuthenticationHeaders does once a request authenticated,
   * so that nothing further down the handler chain can read them.
   */
  public AuthenticationRequest clearFrom(AuthenticationRequest request) {
    AuthenticationRequest cleared = request;
    List<String> exact = new ArrayList<>(username);
    exact.addAll(uid);
    exact.addAll(group);
    for (String name : exact) {
      cleared = cleared.withoutHeader(name);
    }
    for (String prefix : extraPrefixes) {
      for (String header : List.copyOf(cleared.headers().keySet())) {
        if (hasPrefixIgnoreCase(header, prefix)) {
          cleared = cleared.withoutHeader(header);
        }
      }
    }
    return cleared;
  }

  static boolean hasPrefixIgnoreCase(String header, String prefix) {
    return header.length() >= prefix.length() && header.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix.toLowerCase(Locale.ROOT));
  }
}
