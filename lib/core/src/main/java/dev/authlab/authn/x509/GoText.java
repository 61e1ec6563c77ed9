package dev.authlab.authn.x509;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Small pieces of Go formatting that upstream error texts are made of. */
final class GoText {

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private GoText() {}

  /**
   * {@code t.Format(time.RFC3339)} for a UTC time: whole seconds, {@code Z}. kube-apiserver formats
   * its own clock in the local zone, which is UTC in the usual container images.
   */
  static String rfc3339(Instant instant) {
    return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Go's {@code %q}: a double-quoted string with Go escapes. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case 0x07:
          out.append("\\a");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case 0x0b:
          out.append("\\v");
          break;
        default:
          if (isPrint(cp)) {
            out.appendCodePoint(cp);
          } else if (cp < 0x80) {
            out.append(String.format(Locale.ROOT, "\\x%02x", cp));
          } else if (cp < 0x10000) {
            out.append(String.format(Locale.ROOT, "\\u%04x", cp));
          } else {
            out.append(String.format(Locale.ROOT, "\\U%08x", cp));
          }
      }
    });
    return out.append('"').toString();
  }

  /** Close to Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
      case Character.UNASSIGNED:
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Upper-case hex bytes joined by colons, as upstream's certificate identifier prints key ids. */
  static String colonHex(byte[] bytes) {
    String hex = HexFormat.of().withUpperCase().formatHex(bytes);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString();
  }

  /** apimachinery's aggregate error text: one error as is, several de-duplicated in brackets. */
  static String aggregate(List<String> errors) {
    if (errors.size() == 1) {
      return errors.get(0);
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>(errors);
    String joined = String.join(", ", distinct);
    return distinct.size() == 1 ? joined : "[" + joined + "]";
  }

  /** Go's {@code %v} of a string slice: {@code [a b c]}. */
  static String slice(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }
}
