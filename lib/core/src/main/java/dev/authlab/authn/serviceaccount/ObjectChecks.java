package dev.authlab.authn.serviceaccount;

import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Small helpers for reading looked-up objects the way the Go code reads them. */
final class ObjectChecks {

  private ObjectChecks() {}

  /** A lookup's answer: the object, or the error text the API server would have had. */
  sealed interface Lookup<T> {
    record Found<T>(T object) implements Lookup<T> {}

    record Missing<T>(String error) implements Lookup<T> {}
  }

  /**
   * Looks an object up as the authenticators' getter does: an empty name is refused by the client
   * ("resource name may not be empty"), absence is a NotFound ({@code pods "x" not found}), and an
   * exception from a cluster-backed lookup stands for its own error.
   */
  static <T> Lookup<T> lookup(String resource, String name, Supplier<Optional<T>> find) {
    if (name.isEmpty()) {
      return new Lookup.Missing<>("resource name may not be empty");
    }
    try {
      Optional<T> found = find.get();
      return found.<Lookup<T>>map(Lookup.Found::new).orElseGet(() -> new Lookup.Missing<>(notFound(resource, name)));
    } catch (RuntimeException e) {
      return new Lookup.Missing<>(Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /** apimachinery's NotFound text: {@code serviceaccounts "name" not found}. */
  static String notFound(String resource, String name) {
    return resource + " \"" + name + "\" not found";
  }

  static String uid(HasMetadata object) {
    return object.getMetadata() == null ? "" : Objects.requireNonNullElse(object.getMetadata().getUid(), "");
  }

  static String name(HasMetadata object) {
    return object.getMetadata() == null ? "" : Objects.requireNonNullElse(object.getMetadata().getName(), "");
  }

  /** metadata.deletionTimestamp, if the object is being deleted. */
  static Optional<Instant> deletionTimestamp(HasMetadata object) {
    if (object.getMetadata() == null || object.getMetadata().getDeletionTimestamp() == null) {
      return Optional.empty();
    }
    String text = object.getMetadata().getDeletionTimestamp();
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(object.getKind() + " " + name(object) + ": metadata.deletionTimestamp " + GoStrings.quote(text)
          + " is not an RFC 3339 time");
    }
  }

  /** Deleted before the cut-off (strictly, as Go's Time.Before). */
  static boolean deletedBefore(HasMetadata object, Instant cutoff) {
    return deletionTimestamp(object).map(t -> t.isBefore(cutoff)).orElse(false);
  }
}
