package dev.authlab.manifest;

import java.util.Objects;

/**
 * Something the loader did that the reader may want to know but that is not an error, such as
 * skipping a Deployment that sat next to the RBAC objects.
 */
public record Note(Source source, String message) {

  public Note {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(message, "message");
  }

  /** {@code deploy.yaml#2: skipped apps/v1 Deployment web (not an RBAC object)}. */
  @Override
  public String toString() {
    return source + ": " + message;
  }
}
