package dev.authlab.request;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The part of a list request's query that RequestInfo depends on, decoded the way upstream decodes
 * it: query → metav1.ListOptions → internal ListOptions, all or nothing. Decoding fails when
 * {@code limit} or {@code timeoutSeconds} is not an integer or either selector does not parse; then
 * upstream keeps only its own reading of {@code watch} (see {@link #watchAfterFailedDecode}).
 */
record ListQuery(boolean watch, FieldSelector fieldSelector) {

  private static final List<String> INTEGER_PARAMETERS = List.of("limit", "timeoutSeconds");

  /** The decoded options, or empty when upstream's decoding fails. */
  static Optional<ListQuery> decode(RequestTarget target) {
    if (target.query().isEmpty()) {
      return Optional.of(new ListQuery(false, FieldSelector.EVERYTHING));
    }
    for (String parameter : INTEGER_PARAMETERS) {
      if (target.first(parameter).filter(v -> !GoStrconv.isInt64(v)).isPresent()) {
        return Optional.empty();
      }
    }
    Optional<FieldSelector> fields = FieldSelector.parse(target.first("fieldSelector").orElse(""));
    if (fields.isEmpty()
        || LabelSelectorSyntax.problem(target.first("labelSelector").orElse("")).isPresent()) {
      return Optional.empty();
    }
    boolean watch = target.first("watch").map(ListQuery::isTrue).orElse(false);
    return Optional.of(new ListQuery(watch, fields.get()));
  }

  /**
   * The conversion's boolean rule: only "0" and "false" (any case, Unicode case folding, so "falſe"
   * counts) are false; every other value, even "" and "no", is true.
   */
  static boolean isTrue(String value) {
    return !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /**
   * Upstream's fallback when decoding failed: the first watch value, lower-cased, is false only if
   * it is "false" or "0". Nearly the conversion's rule, but by lower-casing instead of case folding.
   */
  static boolean watchAfterFailedDecode(RequestTarget target) {
    return target
        .first("watch")
        .map(v -> v.toLowerCase(Locale.ROOT))
        .map(v -> !(v.equals("false") || v.equals("0")))
        .orElse(false);
  }
}
