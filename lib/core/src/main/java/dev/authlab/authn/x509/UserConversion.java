package dev.authlab.authn.x509;

import dev.authlab.authn.UserInfo;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Turns a verified chain (leaf first) into a user: upstream's {@code UserConversion}, with its
 * (user, ok, err) made explicit.
 */
@FunctionalInterface
public interface UserConversion {

  Conversion convert(List<X509Certificate> chain);

  /** What a conversion made of a chain. */
  sealed interface Conversion permits Converted, Skipped, Failed {}

  /** The chain names this user. */
  record Converted(UserInfo user) implements Conversion {
    public Converted {
      Objects.requireNonNull(user, "user");
    }
  }

  /** The chain names nobody (upstream's ok=false without an error); {@code reason} says why. */
  record Skipped(String reason) implements Conversion {}

  /** The chain is malformed for this conversion; {@code error} is upstream's error text. */
  record Failed(String error) implements Conversion {}
}
