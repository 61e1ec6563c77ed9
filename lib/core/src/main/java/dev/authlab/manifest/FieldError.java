package dev.authlab.manifest;

/**
 * A problem at one field of one object. Thrown by the checks, which do not know which file they are
 * looking at; the loader catches it and rethrows a {@link ManifestException} with the location.
 */
final class FieldError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  FieldError(String field, String problem) {
    // no stack trace: this is a message about the input, always caught and rethrown with context
    super(problem, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }

  String problem() {
    return getMessage();
  }
}
