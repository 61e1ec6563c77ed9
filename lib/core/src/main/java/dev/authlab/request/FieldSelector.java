package dev.authlab.request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A parsed field selector, following apimachinery's fields.ParseSelector: comma-separated terms
 * {@code field=value}, {@code field==value} or {@code field!=value}; in values, backslash escapes
 * '\', ',' and '='. Terms are kept in the order upstream sorts them, because that order decides
 * which of two {@code metadata.name} terms wins.
 */
record FieldSelector(List<Term> terms) {

  /** One term; {@code equals} is false for {@code !=}. */
  record Term(String field, boolean equals, String value) {}

  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private static final List<String> OPERATORS = List.of("!=", "==", "=");

  // Go compares strings byte by byte in UTF-8, which is code point order (not UTF-16 order).
  private static final Comparator<String> GO_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  FieldSelector {
    terms = List.copyOf(terms);
  }

  /** The parsed selector, or empty when upstream would reject it. */
  static Optional<FieldSelector> parse(String selector) {
    List<String> raw = splitTerms(selector);
    raw.sort(GO_ORDER);
    List<Term> terms = new ArrayList<>();
    for (String part : raw) {
      if (part.isEmpty()) {
        continue;
      }
      Optional<Term> term = parseTerm(part);
      if (term.isEmpty()) {
        return Optional.empty();
      }
      // Upstream drops a term whose field and value are both empty ("=" alone selects everything).
      if (!(term.get().field().isEmpty() && term.get().value().isEmpty())) {
        terms.add(term.get());
      }
    }
    return Optional.of(new FieldSelector(terms));
  }

  /** The value the first (in sorted order) {@code field=value} term demands, if any. */
  Optional<String> exactMatch(String field) {
    return terms.stream()
        .filter(t -> t.equals() && t.field().equals(field))
        .map(Term::value)
        .findFirst();
  }

  // Commas split terms unless escaped; the escaping backslash stays in the term for later.
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector.isEmpty()) {
      return terms;
    }
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  // The first operator occurrence splits the term: the field side has no escaping at all.
  private static Optional<Term> parseTerm(String term) {
    for (int i = 0; i < term.length(); i++) {
      for (String op : OPERATORS) {
        if (term.startsWith(op, i)) {
          String field = term.substring(0, i);
          return unescapeValue(term.substring(i + op.length()))
              .map(value -> new Term(field, !op.equals("!="), value));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> unescapeValue(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean escaped = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          return Optional.empty();
        }
        out.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        return Optional.empty();
      } else {
        out.append(c);
      }
    }
    return escaped ? Optional.empty() : Optional.of(out.toString());
  }
}
