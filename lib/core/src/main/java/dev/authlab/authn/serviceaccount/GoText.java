package dev.authlab.authn.serviceaccount;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/** Go's ways of printing things that end up in error texts and flags. */
final class GoText {

  private GoText() {}

  /** {@code fmt.Sprintf("%q", s)}: a double-quoted Go string literal. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (isPrint(cp)) {
            out.appendCodePoint(cp);
          } else if (cp < 0x80) {
            out.append(String.format("\\x%02x", cp));
          } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            // a lone surrogate is invalid UTF-8 in Go, printed as the replacement character's escape
            out.append("\\ufffd");
          } else if (cp < 0x10000) {
            out.append(String.format("\\u%04x", cp));
          } else {
            out.append(String.format("\\U%08x", cp));
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** {@code fmt.Sprintf("%q", []string{...})}: {@code ["a" "b"]}. */
  static String quote(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(quote(values.get(i)));
    }
    return out.append(']').toString();
  }

  /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return switch (type) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
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

  /** time.Duration.String(): {@code 1h0m0s}, {@code 10m0s}, {@code 45s}. Whole seconds only. */
  static String duration(Duration d) {
    long total = d.getSeconds();
    if (total == 0) {
      return "0s";
    }
    boolean negative = total < 0;
    long abs = Math.abs(total);
    long h = abs / 3600;
    long m = (abs % 3600) / 60;
    long s = abs % 60;
    StringBuilder out = new StringBuilder(negative ? "-" : "");
    if (h > 0) {
      out.append(h).append('h').append(m).append('m');
    } else if (m > 0) {
      out.append(m).append('m');
    }
    return out.append(s).append('s').toString();
  }

  /** A short, non-reversible fingerprint of a secret for traces: never the secret itself. */
  static String fingerprint(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
