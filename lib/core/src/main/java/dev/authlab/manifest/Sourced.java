package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * A loaded object and where it came from.
 *
 * <p>fabric8 model objects are mutable beans; treat {@link #object()} as read-only (copy it with its
 * builder before changing it), since the same instance is shared by every holder of the set.
 */
public record Sourced<T extends HasMetadata>(T object, Source source) {

  public Sourced {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(source, "source");
  }

  /** {@code RoleBinding team-a/readers (team-a.yaml#3)}. */
  @Override
  public String toString() {
    return ObjectKey.of(object) + " (" + source + ")";
  }
}
