package dev.authlab.gofmt;

import tools.jackson.databind.JsonNode;

/** encoding/json's names for JSON value types, as its UnmarshalTypeError prints them. */
public final class GoJsonTypes {

  private GoJsonTypes() {}

  /**
   * The {@code X} of {@code json: cannot unmarshal X into Go value of type T}: null, object, array,
   * bool, number or string. A YAML {@code !!binary} value counts as a string, which is what the
   * YAML-to-JSON step before Go's decoder turns it into.
   */
  public static String of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isNumber()) {
      return "number";
    }
    return "string";
  }
}
