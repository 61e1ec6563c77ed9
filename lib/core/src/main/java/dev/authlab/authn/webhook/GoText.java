package dev.authlab.authn.webhook;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Small pieces of Go formatting the API server's messages are made of, so our texts read exactly
 * like its: time.Duration's String, %q of raw bytes, apimachinery's aggregate error and
 * strings.TrimSpace.
 */
final class GoText {

  private GoText() {}

  /** Go's time.Duration.String: "2m0s", "1h0m0s", "1.5s", "500ms", "0s". */
  static String duration(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      // Go durations are int64 nanoseconds; larger values cannot be written as a flag
      throw new IllegalArgumentException("duration " + d + " does not fit Go's time.Duration", e);
    }
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Long.MIN_VALUE has no positive counterpart; Go prints it from its unsigned value too
    String abs = negative && nanos == Long.MIN_VALUE ? "2562047h47m16.854775808s" : positive(Math.abs(nanos));
    return negative ? "-" + abs : abs;
  }

  private static String positive(long nanos) {
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return fraction(nanos, 1_000L, 3) + "µs";
    }
    if (nanos < 1_000_000_000L) {
      return fraction(nanos, 1_000_000L, 6) + "ms";
    }
    long totalSeconds = nanos / 1_000_000_000L;
    long fractionNanos = nanos % 1_000_000_000L;
    long hours = totalSeconds / 3600;
    long minutes = (totalSeconds % 3600) / 60;
    long seconds = totalSeconds % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(seconds);
    if (fractionNanos > 0) {
      out.append('.').append(trimZeros(String.format("%09d", fractionNanos)));
    }
    return out.append('s').toString();
  }

  private static String fraction(long nanos, long unit, int digits) {
    long whole = nanos / unit;
    long rest = nanos % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    return whole + "." + trimZeros(String.format("%0" + digits + "d", rest));
  }

  private static String trimZeros(String digits) {
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  /** Go's %q of a byte string: invalid UTF-8 shows as \xNN, unprintable runes as \\uNNNN. */
  static String quote(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
    int i = 0;
    while (i < bytes.length) {
      int width = utf8Width(bytes, i);
      if (width == 0) {
        out.append(String.format("\\x%02x", bytes[i] & 0xff));
        i++;
        continue;
      }
      int cp = new String(bytes, i, width, StandardCharsets.UTF_8).codePointAt(0);
      appendRune(out, cp);
      i += width;
    }
    return out.append('"').toString();
  }

  /** Go's %q of a string. */
  static String quote(String s) {
    return quote(s.getBytes(StandardCharsets.UTF_8));
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
        } else if (cp < ' ' || cp == 0x7f) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
          Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }

  /** The length of the valid UTF-8 sequence at i, or 0 if the byte there does not start one. */
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
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer decoded = decoder.decode(ByteBuffer.wrap(b, i, width));
      return decoded.length() > 0 ? width : 0;
    } catch (CharacterCodingException e) {
      return 0;
    }
  }

  /** apimachinery's aggregate error text: one error as is, several de-duplicated in brackets. */
  static String aggregate(List<String> errors) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>(errors);
    if (distinct.size() == 1) {
      return distinct.iterator().next();
    }
    return "[" + String.join(", ", distinct) + "]";
  }

  /** Go's strings.TrimSpace (Unicode white space). */
  static String trimSpace(String s) {
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

  private static boolean isSpace(int cp) {
    return cp == '\t' || cp == '\n' || cp == 0x0b || cp == '\f' || cp == '\r' || cp == ' ' || cp == 0x85 || cp == 0xa0
        || Character.isSpaceChar(cp);
  }
}
