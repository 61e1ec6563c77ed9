package dev.authlab.manifest;

import tools.jackson.databind.JsonNode;

/** Small helpers that keep user-supplied values on one line inside error messages. */
final class Text {

  private static final int MAX_VALUE_LENGTH = 60;

  private Text() {}

  /** {@code "get"}, with quotes, control characters escaped and long values cut short. */
  static String quote(String value) {
    String shown = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) + "..." : value;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
    for (char c : shown.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** What a JSON/YAML value is, the way a reader would say it: {@code a string "get"}, {@code a list}. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing (null)";
    }
    if (node.isString()) {
      return "a string " + quote(node.stringValue());
    }
    if (node.isNumber()) {
      return "a number " + node.asString();
    }
    if (node.isBoolean()) {
      return "a boolean " + node.asString();
    }
    if (node.isArray()) {
      return node.isEmpty() ? "an empty list" : "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Collapses line breaks and runs of blanks, so parser messages fit on one line. */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
