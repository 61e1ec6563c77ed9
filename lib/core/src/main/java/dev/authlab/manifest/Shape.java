package dev.authlab.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Checks a parsed document against the fields of a fabric8 model class before binding it.
 *
 * <p>Why not let Jackson find the errors: fabric8 classes keep unknown fields in an "additional
 * properties" map, so a typo such as {@code resourceName:} would be dropped in silence and the rule
 * would grant more than intended. kubectl's default strict field validation rejects it; so do we.
 * Doing the walk ourselves also lets the messages name the field and say what was expected
 * ({@code rules[0].verbs: expected a list of strings, got a string "get"}).
 *
 * <p>null counts as absent, as it does when the API server decodes JSON.
 */
final class Shape {

  private Shape() {}

  /** Throws {@link FieldError} at the first field of {@code node} that does not fit {@code type}. */
  static void check(JsonNode node, Class<?> type) {
    check(node, type, "");
  }

  private static void check(JsonNode node, Type type, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    Class<?> raw = rawClass(type);
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return;
    }
    if (!fits(node, raw)) {
      throw new FieldError(path, "expected " + expected(type) + ", got " + Text.describe(node));
    }
    if (List.class.isAssignableFrom(raw)) {
      Type element = typeArgument(type, 0);
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), element, path + "[" + i + "]");
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      Type value = typeArgument(type, 1);
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        check(entry.getValue(), value, path + "[" + entry.getKey() + "]");
      }
    } else if (isModelClass(raw)) {
      checkFields(node, raw, path);
    }
  }

  private static void checkFields(JsonNode node, Class<?> type, String path) {
    Map<String, Field> fields = properties(type);
    if (fields.isEmpty()) {
      return; // free-form by design, like FieldsV1 in managedFields
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String child = path.isEmpty() ? name : path + "." + name;
      Field field = fields.get(name);
      if (field == null) {
        throw new FieldError(child, unknownField(name, fields));
      }
      check(entry.getValue(), field.getGenericType(), child);
    }
  }

  private static String unknownField(String name, Map<String, Field> known) {
    if (name.equals("<<")) {
      return "YAML merge keys (<<) are not supported; write the fields out";
    }
    return closest(name, known.keySet().stream().toList())
        .map(guess -> "unknown field (did you mean " + Text.quote(guess) + "?)")
        .orElse("unknown field");
  }

  private static boolean fits(JsonNode node, Class<?> raw) {
    if (raw == String.class || raw.isEnum()) {
      return node.isString();
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return node.isBoolean();
    }
    if (isIntegral(raw)) {
      return node.isIntegralNumber();
    }
    if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
      return node.isNumber();
    }
    if (List.class.isAssignableFrom(raw)) {
      return node.isArray();
    }
    return node.isObject(); // maps and model classes
  }

  private static String expected(Type type) {
    Class<?> raw = rawClass(type);
    if (raw == String.class || raw.isEnum()) {
      return "a string";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "a boolean (true or false)";
    }
    if (isIntegral(raw)) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
      return "a number";
    }
    if (List.class.isAssignableFrom(raw)) {
      return "a list of " + plural(typeArgument(type, 0));
    }
    if (Map.class.isAssignableFrom(raw)) {
      return "a map of " + plural(typeArgument(type, 1));
    }
    return "an object";
  }

  private static String plural(Type type) {
    String one = expected(type);
    return switch (one) {
      case "a string" -> "strings";
      case "an integer" -> "integers";
      case "a number" -> "numbers";
      case "a boolean (true or false)" -> "booleans";
      case "an object" -> rawClass(type) == Object.class ? "values" : "objects";
      default -> one.startsWith("a list") ? "lists" : "maps";
    };
  }

  private static boolean isIntegral(Class<?> raw) {
    return raw == Integer.class || raw == Long.class || raw == Short.class
        || raw == int.class || raw == long.class || raw == short.class;
  }

  private static boolean isModelClass(Class<?> raw) {
    return !raw.isPrimitive() && !raw.isArray() && !raw.getName().startsWith("java.");
  }

  /** JSON name to field, for the Jackson-visible fields of a model class and its superclasses. */
  private static Map<String, Field> properties(Class<?> type) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        String name = property != null && !property.value().isEmpty() ? property.value() : field.getName();
        fields.putIfAbsent(name, field);
      }
    }
    return fields;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class; // wildcards and type variables: accept anything
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  /** The known name a typo most likely meant: same letters ignoring case, or at most two edits away. */
  static Optional<String> closest(String name, List<String> known) {
    String lower = name.toLowerCase(Locale.ROOT);
    return known.stream()
        .filter(k -> k.toLowerCase(Locale.ROOT).equals(lower) || (name.length() > 3 && distance(k, name) <= 2))
        .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), lower)));
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
