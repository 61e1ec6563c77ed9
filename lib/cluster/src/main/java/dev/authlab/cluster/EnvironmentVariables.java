package dev.authlab.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * Where the cluster code reads {@code AUTHLAB_*} settings from: the process environment, or a map in
 * tests. A blank value counts as unset, as in a shell where {@code AUTHLAB_BACKEND= ./mvnw test} is
 * the usual way to clear a variable.
 */
@FunctionalInterface
public interface EnvironmentVariables {

  /** The raw value, or empty when the variable is unset. */
  Optional<String> raw(String name);

  /** The value, or empty when the variable is unset or blank. */
  default Optional<String> get(String name) {
    return raw(name).map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The JVM's own environment. */
  static EnvironmentVariables system() {
    return name -> Optional.ofNullable(System.getenv(name));
  }

  /** A fixed map, for tests. */
  static EnvironmentVariables of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> Optional.ofNullable(copy.get(name));
  }

  /** These values first, then this environment. */
  default EnvironmentVariables with(Map<String, String> overrides) {
    Map<String, String> copy = Map.copyOf(overrides);
    EnvironmentVariables base = this;
    return name -> copy.containsKey(name) ? Optional.of(copy.get(name)) : base.raw(name);
  }
}
