package dev.authlab.authn.oidc;

import dev.authlab.gofmt.GoStrings;

/**
 * The parts of Go's net/url.Parse that AuthenticationConfiguration validation looks at (scheme, user
 * info, raw query, fragment) and the parse errors it reports, e.g. {@code parse "https://x:port":
 * invalid port ":port" after host}.
 */
record GoUrl(String scheme, boolean hasUser, String rawQuery, String fragment, String host) {

  /** A url.Error: {@code parse "<url>": <reason>}. */
  static final class ParseException extends Exception {
    ParseException(String rawUrl, String reason) {
      super("parse " + GoStrings.quote(rawUrl) + ": " + reason);
    }
  }

  static GoUrl parse(String fullUrl) throws ParseException {
    // like url.Parse, errors in the part before '#' quote only that part
    int hash = fullUrl.indexOf('#');
    String rawUrl = hash >= 0 ? fullUrl.substring(0, hash) : fullUrl;
    for (int i = 0; i < rawUrl.length(); i++) {
      char c = rawUrl.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new ParseException(rawUrl, "net/url: invalid control character in URL");
      }
    }
    String rest = rawUrl;
    String fragment = "";
    if (hash >= 0) {
      fragment = fullUrl.substring(hash + 1);
    }
    if (rest.isEmpty()) {
      return new GoUrl("", false, "", fragment, "");
    }
    String scheme = "";
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (Character.isLetter(c) && c < 0x80) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new ParseException(rawUrl, "missing protocol scheme");
        }
        scheme = rest.substring(0, i).toLowerCase(java.util.Locale.ROOT);
        rest = rest.substring(i + 1);
      }
      break;
    }
    String rawQuery = "";
    if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
      rest = rest.substring(0, rest.length() - 1);
    } else {
      int q = rest.indexOf('?');
      if (q >= 0) {
        rawQuery = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return new GoUrl(scheme, false, rawQuery, fragment, ""); // opaque URL such as mailto:x
      }
      int colon = rest.indexOf(':');
      int slash = rest.indexOf('/');
      if (colon >= 0 && (slash < 0 || colon < slash)) {
        throw new ParseException(rawUrl, "first path segment in URL cannot contain colon");
      }
    }
    boolean hasUser = false;
    String host = "";
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        authority = authority.substring(0, slash);
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        hasUser = true;
        host = authority.substring(at + 1);
      } else {
        host = authority;
      }
      checkHost(rawUrl, host);
    }
    unescape(fullUrl, fragment);
    return new GoUrl(scheme, hasUser, rawQuery, fragment, host);
  }

  private static void checkHost(String rawUrl, String host) throws ParseException {
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new ParseException(rawUrl, "missing ']' in host");
      }
      String port = host.substring(close + 1);
      if (!validOptionalPort(port)) {
        throw new ParseException(rawUrl, "invalid port " + GoStrings.quote(port) + " after host");
      }
      return;
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      String port = host.substring(colon);
      if (!validOptionalPort(port)) {
        throw new ParseException(rawUrl, "invalid port " + GoStrings.quote(port) + " after host");
      }
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == ' ' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' || c == '`') {
        throw new ParseException(rawUrl, "invalid character " + GoStrings.quote(String.valueOf(c)) + " in host name");
      }
    }
  }

  private static boolean validOptionalPort(String port) {
    if (port.isEmpty()) {
      return true;
    }
    if (port.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String rawUrl, String s) throws ParseException {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
          String bad = s.substring(i, Math.min(s.length(), i + 3));
          throw new ParseException(rawUrl, "invalid URL escape " + GoStrings.quote(bad));
        }
      }
    }
    return s;
  }
}
