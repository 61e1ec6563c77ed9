package dev.authlab.cli.grade;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One lab: its number, its Java package ({@code dev.authlab.labs.labNN_slug}) and its title. */
public record Lab(int number, String packageName, String title) {

  public static final String PACKAGE_PREFIX = "dev.authlab.labs.";

  private static final Pattern PACKAGE = Pattern.compile("lab(\\d{2})_[A-Za-z0-9_]+");

  /** Two digits, as in file names and on the scoreboard. */
  public String nn() {
    return nn(number);
  }

  public static String nn(int number) {
    return String.format(Locale.ROOT, "%02d", number);
  }

  /** The lab number of a package directory name such as {@code lab02_static_token_file}. */
  static Optional<Integer> numberOfPackage(String simpleName) {
    Matcher matcher = PACKAGE.matcher(simpleName);
    return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }

  /** The lab number of a class in a lab's package. */
  static Optional<Integer> numberOfClass(String className) {
    if (!className.startsWith(PACKAGE_PREFIX)) {
      return Optional.empty();
    }
    String rest = className.substring(PACKAGE_PREFIX.length());
    int dot = rest.indexOf('.');
    return dot < 0 ? Optional.empty() : numberOfPackage(rest.substring(0, dot));
  }
}
