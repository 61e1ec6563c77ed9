package dev.authlab.manifest;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where an object was read from: a file (or stream) name, the 1-based YAML/JSON document inside it,
 * and, for an object inside a {@code kind: List}, its 0-based index in {@code items}.
 *
 * <p>Prints as {@code team-a.yaml#3} or {@code all.yaml#1 items[4]}, the form every error and
 * explanation uses.
 */
public record Source(String file, int document, OptionalInt item) {

  public Source {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(item, "item");
    if (document < 1) {
      throw new IllegalArgumentException("document index is 1-based, got " + document);
    }
    if (item.isPresent() && item.getAsInt() < 0) {
      throw new IllegalArgumentException("item index is 0-based, got " + item.getAsInt());
    }
  }

  /** The {@code document}-th document (1-based) of {@code file}. */
  public static Source of(String file, int document) {
    return new Source(file, document, OptionalInt.empty());
  }

  /** The {@code index}-th entry (0-based) of this document's {@code items}. */
  public Source item(int index) {
    return new Source(file, document, OptionalInt.of(index));
  }

  @Override
  public String toString() {
    String where = file + "#" + document;
    return item.isPresent() ? where + " items[" + item.getAsInt() + "]" : where;
  }
}
