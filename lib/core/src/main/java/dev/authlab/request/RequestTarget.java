package dev.authlab.request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request target as the API server's Go code sees it: {@code req.URL.Path} (already
 * percent-decoded, so %2F is a real slash by the time the path is split) and
 * {@code req.URL.Query()} (key to values, in order, with bad pairs silently dropped).
 *
 * <p>Accepted forms: a path starting with "/" (what a client puts on the request line), an
 * absolute http(s) URL (as printed by kubectl -v=8), or "" (upstream's tests use it). A fragment is
 * cut off, as a client would before sending.
 */
record RequestTarget(String path, Map<String, List<String>> query) {

  RequestTarget {
    Objects.requireNonNull(path, "path");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    query = Collections.unmodifiableMap(copy);
  }

  static RequestTarget parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("URL is missing: give a path such as /api/v1/pods");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      // Go's net/url refuses raw control bytes, and a request line cannot carry them anyway.
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            String.format(
                "URL %s has a control character (U+%04X) at index %d; percent-encode it",
                printable(url), (int) c, i));
      }
    }
    String rest = url;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int question = rest.indexOf('?');
    String rawPath = question < 0 ? rest : rest.substring(0, question);
    String rawQuery = question < 0 ? "" : rest.substring(question + 1);
    String path = decodePath(originFormPath(rawPath, url), url);
    return new RequestTarget(path, parseQuery(rawQuery));
  }

  /** The first value of a query parameter, the only one upstream ever reads. */
  Optional<String> first(String key) {
    List<String> values = query.getOrDefault(key, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static String originFormPath(String rawPath, String url) {
    if (rawPath.isEmpty() || rawPath.startsWith("/")) {
      // A leading "//" stays part of the path: the server parses request lines without authority.
      return rawPath;
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    for (String scheme : List.of("http://", "https://")) {
      if (lower.startsWith(scheme)) {
        int slash = rawPath.indexOf('/', scheme.length());
        return slash < 0 ? "" : rawPath.substring(slash);
      }
    }
    throw new IllegalArgumentException(
        "URL "
            + printable(url)
            + " is neither a path starting with '/' nor an http(s) URL; try /"
            + rawPath);
  }

  private static String decodePath(String rawPath, String url) {
    Optional<String> bad = badEscape(rawPath);
    if (bad.isPresent()) {
      throw new IllegalArgumentException(
          "URL " + printable(url) + " has an invalid escape \"" + bad.get() + "\" in its path");
    }
    return unescape(rawPath, false);
  }

  // Go's url.ParseQuery: '&' separates pairs; a pair with ';' or a bad escape is dropped, not fatal.
  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty() || pair.contains(";")) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      if (badEscape(key).isPresent() || badEscape(value).isPresent()) {
        continue;
      }
      values
          .computeIfAbsent(unescape(key, true), k -> new ArrayList<>())
          .add(unescape(value, true));
    }
    return values;
  }

  /** The first '%' not followed by two hex digits, with up to two characters after it. */
  private static Optional<String> badEscape(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '%') {
        continue;
      }
      if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
        return Optional.of(s.substring(i, Math.min(i + 3, s.length())));
      }
      i += 2;
    }
    return Optional.empty();
  }

  /**
   * Percent-decodes bytes, then reads them as UTF-8. Go keeps invalid UTF-8 as raw bytes; a Java
   * string cannot, so such bytes become U+FFFD here (the one place this model can differ).
   */
  private static String unescape(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || (plusIsSpace && c == '+')) {
        bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        plain.setLength(0);
        if (c == '+') {
          bytes.write(' ');
        } else {
          int high = Character.digit(s.charAt(i + 1), 16);
          bytes.write(high * 16 + Character.digit(s.charAt(i + 2), 16));
          i += 2;
        }
      } else {
        plain.append(c);
      }
    }
    bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The URL for an error message: quoted, control characters shown as escapes, one line. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
