package dev.authlab.authn;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a service account appears as a user: system:serviceaccount:NS:NAME, and its two groups. */
public final class ServiceAccountNames {

  public static final String USERNAME_PREFIX = "system:serviceaccount:";
  public static final String ALL_SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private ServiceAccountNames() {}

  public static String username(String namespace, String name) {
    return USERNAME_PREFIX + namespace + ":" + name;
  }

  /** system:serviceaccounts and system:serviceaccounts:NS. */
  public static List<String> groups(String namespace) {
    return List.of(ALL_SERVICE_ACCOUNTS_GROUP, ALL_SERVICE_ACCOUNTS_GROUP + ":" + namespace);
  }

  /** A parsed service account username. */
  public record Parsed(String namespace, String name) {}

  /**
   * Parses a username the way upstream's SplitUsername does: exactly two parts after the prefix, a
   * valid namespace name (DNS label) and a valid service account name (DNS subdomain).
   */
  public static Optional<Parsed> parse(String username) {
    if (!username.startsWith(USERNAME_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = username.substring(USERNAME_PREFIX.length()).split(":", -1);
    if (parts.length != 2 || !isDnsLabel(parts[0]) || !isDnsSubdomain(parts[1])) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(parts[0], parts[1]));
  }

  static boolean isDnsLabel(String s) {
    return s.length() <= 63 && DNS_LABEL.matcher(s).matches();
  }

  static boolean isDnsSubdomain(String s) {
    if (s.isEmpty() || s.length() > 253) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
