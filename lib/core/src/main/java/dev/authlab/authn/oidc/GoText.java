package dev.authlab.authn.oidc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The few Go formatting rules the API server's error texts depend on: {@code %q} of strings and string
 * slices, {@code time.Time}'s default rendering, {@code %g} of a float64 (what cel-go prints for
 * {@code string(double)}) and net/http status lines. Kept in one place so messages match upstream
 * byte for byte.
 */
final class GoText {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoText() {}

  /** strconv.Quote: double quotes, Go escapes, printable Unicode kept as is. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case 0x07: out.append("\\a"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case 0x0b: out.append("\\v"); break;
        default:
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
          } else if (Character.isSurrogate((char) cp)) {
            out.append("\\ufffd"); // Go strings cannot hold a lone surrogate; it arrives as U+FFFD
          } else if (!isPrint(cp)) {
            out.append(cp < 0x10000 ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
          } else {
            out.appendCodePoint(cp);
          }
      }
    }
    return out.append('"').toString();
  }

  /** {@code %q} of a []string: {@code ["a" "b"]}. */
  static String quoteList(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(quote(values.get(i)));
    }
    return out.append(']').toString();
  }

  /** {@code %v} of a []string: {@code [a b]}. */
  static String plainList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** unicode.IsPrint, closely enough: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /**
   * time.Time's String() for a UTC instant: {@code 2009-11-10 23:00:00 +0000 UTC}, fractional seconds
   * only when present and without trailing zeros. The API server normally runs in UTC; a kube-apiserver
   * in another local zone prints that zone instead.
   */
  static String time(Instant instant) {
    StringBuilder out = new StringBuilder(SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (end > 0 && fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.append(" +0000 UTC").toString();
  }

  /** fmt's {@code %g} of a float64 (shortest representation, exponent from 1e+06 and below 1e-04). */
  static String formatG(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    return sign + exact.toPlainString();
  }

  /** net/http's Response.Status: {@code "404 Not Found"}. */
  static String httpStatus(int code) {
    String text = STATUS_TEXT.get(code);
    return text == null ? code + " status code " + code : code + " " + text;
  }

  private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(
      Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
      Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
      Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));
}
