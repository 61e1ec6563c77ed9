package dev.authlab.request;

/** The one piece of Go's strconv this package needs. */
final class GoStrconv {

  private GoStrconv() {}

  /**
   * Whether strconv.ParseInt(s, 10, 64) succeeds: an optional sign, ASCII digits, in range. Java's
   * Long.parseLong alone would also take non-ASCII digits, so the shape is checked first.
   */
  static boolean isInt64(String s) {
    int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    if (start == s.length()) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException outOfRange) {
      return false;
    }
  }
}
