package dev.authlab.cli.grade;

import dev.authlab.cli.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the progress file: objects, arrays, strings, numbers, booleans and null, read
 * into maps and lists and written back pretty-printed. The grader starts in a fresh JVM on every
 * save; loading Jackson's databind for one small file cost more than a third of a warm grade.
 */
final class MiniJson {

  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  /** Parses a JSON document; objects become {@code Map<String, Object>} (in order), arrays {@code List<Object>}. */
  static Object parse(String text) {
    MiniJson parser = new MiniJson(text);
    Object value = parser.value();
    parser.skipSpace();
    if (parser.at != text.length()) {
      throw parser.error("unexpected text after the document");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> object = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek('}')) {
      at++;
      return object;
    }
    while (true) {
      skipSpace();
      if (!peek('"')) {
        throw error("expected a quoted key");
      }
      String key = string();
      skipSpace();
      expect(':');
      object.put(key, value());
      skipSpace();
      if (peek(',')) {
        at++;
      } else {
        expect('}');
        return object;
      }
    }
  }

  private List<Object> array() {
    List<Object> array = new ArrayList<>();
    at++;
    skipSpace();
    if (peek(']')) {
      at++;
      return array;
    }
    while (true) {
      array.add(value());
      skipSpace();
      if (peek(',')) {
        at++;
      } else {
        expect(']');
        return array;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    at++;
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> out.append(escaped);
      }
    }
    throw error("unterminated string");
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("expected " + word);
    }
    at += word.length();
    return value;
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    if (start == at) {
      throw error("unexpected '" + text.charAt(at) + "'");
    }
    String number = text.substring(start, at);
    try {
      return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw error("bad number " + number);
    }
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + at);
  }

  /** Writes maps, lists, strings, numbers, booleans and null as indented JSON. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(indent).append("  ");
        quote(String.valueOf(entry.getKey()), out);
        out.append(": ");
        write(entry.getValue(), out, indent + "  ");
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        write(list.get(i), out, indent);
        out.append(i + 1 < list.size() ? ", " : "");
      }
      out.append(']');
    } else if (value instanceof String s) {
      quote(s, out);
    } else {
      out.append(value); // numbers, booleans, null
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append(Json.quote(s));
  }
}
