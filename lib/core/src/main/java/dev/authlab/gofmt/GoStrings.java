package dev.authlab.gofmt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Go's printing of strings that upstream error texts are built from: {@code %q} of a string, of raw
 * bytes and of a {@code []string}, {@code %v} of a {@code []string}, and strings.TrimSpace. One copy,
 * so every package's messages quote alike.
 */
public final class GoStrings {

  private GoStrings() {}

  /** {@code %q} (strconv.Quote): double quotes, Go's escapes, printable Unicode kept as is. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendRune(out, cp));
    return out.append('"').toString();
  }

  /** {@code %q} of a byte string: bytes that are not valid UTF-8 show as {@code \xNN}. */
  public static String quote(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
    int i = 0;
    while (i < bytes.length) {
      int width = utf8Width(bytes, i);
      if (width == 0) {
        out.append(String.format(Locale.ROOT, "\\x%02x", bytes[i] & 0xff));
        i++;
        continue;
      }
      appendRune(out, new String(bytes, i, width, StandardCharsets.UTF_8).codePointAt(0));
      i += width;
    }
    return out.append('"').toString();
  }

  /** {@code %q} of a []string: {@code ["a" "b"]}. */
  public static String quoteAll(List<String> values) {
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
  public static String list(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** strings.TrimSpace: Unicode white space off both ends. */
  public static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** unicode.IsSpace: Latin-1 has its own list (with U+0085 and U+00A0); above it, the Z categories. */
  public static boolean isSpace(int cp) {
    if (cp <= 0xff) {
      return cp == '\t' || cp == '\n' || cp == 0x0b || cp == '\f' || cp == '\r' || cp == ' ' || cp == 0x85 || cp == 0xa0;
    }
    return Character.isSpaceChar(cp);
  }

  private static void appendRune(StringBuilder out, int cp) {
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
          out.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
          // half a surrogate pair: no Go string holds one (Go's decoders put U+FFFD there)
          out.append("\\ufffd");
        } else if (cp < 0x10000) {
          out.append(String.format(Locale.ROOT, "\\u%04x", cp));
        } else {
          out.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
      }
    }
  }

  /** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  /** The length of the valid UTF-8 sequence at i, or 0 when the byte there does not start one. */
  private static int utf8Width(byte[] b, int i) {
    int first = b[i] & 0xff;
    int width;
    if (first < 0x80) {
      return 1;
    } else if (first >= 0xc2 && first <= 0xdf) {
      width = 2;
    } else if (first >= 0xe0 && first <= 0xef) {
      width = 3;
    } else if (first >= 0xf0 && first <= 0xf4) {
      width = 4;
    } else {
      return 0;
    }
    if (i + width > b.length) {
      return 0;
    }
    try {
      // the strict decoder also refuses overlong forms and encoded surrogates, as Go does
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, i, width))
          .length() > 0 ? width : 0;
    } catch (CharacterCodingException e) {
      return 0;
    }
  }
}
