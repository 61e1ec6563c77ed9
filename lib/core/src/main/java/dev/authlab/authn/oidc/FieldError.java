package dev.authlab.authn.oidc;

import dev.authlab.gofmt.GoErrors;
import dev.authlab.gofmt.GoStrings;
import java.util.List;
import java.util.Objects;

/**
 * One validation error as apimachinery's field.Error prints it: {@code jwt[0].issuer.url: Invalid
 * value: "http://x": URL scheme must be https}. {@code value} is already rendered the way Go renders
 * the bad value ({@code %q} for strings, {@code %v} for numbers, {@code %#v} otherwise) and is empty
 * for the types that print no value.
 */
public record FieldError(Type type, String field, String value, String detail) {

  /** apimachinery's error types and how they read. */
  public enum Type {
    REQUIRED("Required value", false),
    INVALID("Invalid value", true),
    DUPLICATE("Duplicate value", true),
    FORBIDDEN("Forbidden", false),
    TOO_MANY("Too many", true),
    INTERNAL("Internal error", false);

    private final String text;
    private final boolean showsValue;

    Type(String text, boolean showsValue) {
      this.text = text;
      this.showsValue = showsValue;
    }

    public String text() {
      return text;
    }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    value = value == null ? "" : value;
    detail = detail == null ? "" : detail;
  }

  static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, "", detail);
  }

  static FieldError invalid(String field, String badString, String detail) {
    return new FieldError(Type.INVALID, field, GoStrings.quote(badString), detail);
  }

  static FieldError invalidRendered(String field, String renderedValue, String detail) {
    return new FieldError(Type.INVALID, field, renderedValue, detail);
  }

  static FieldError duplicate(String field, String badString) {
    return new FieldError(Type.DUPLICATE, field, GoStrings.quote(badString), "");
  }

  static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, "", detail);
  }

  static FieldError tooMany(String field, int actual, int max) {
    return new FieldError(Type.TOO_MANY, field, Integer.toString(actual), "must have at most " + max + " items");
  }

  static FieldError internal(String field, String detail) {
    return new FieldError(Type.INTERNAL, field, "", detail);
  }

  /** The text after the field name. */
  public String body() {
    String body = type.showsValue ? type.text + ": " + value : type.text;
    return detail.isEmpty() ? body : body + ": " + detail;
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /**
   * field.ErrorList.ToAggregate().Error(): nothing for no errors, one error as is, several
   * de-duplicated and bracketed.
   */
  public static String aggregate(List<FieldError> errors) {
    return GoErrors.aggregate(errors.stream().map(FieldError::toString).toList());
  }

  /** Joins a field path the way field.Path does: {@code parent.child}, or just the child at the root. */
  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int i) {
    return parent + "[" + i + "]";
  }
}
