package dev.authlab.display;

/** Escaping for the HTML and SVG this package writes; everything from the outside goes through here. */
final class Html {

  private Html() {}

  /** Text and attribute values: a user named {@code <script>} stays a name. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // XML 1.0 forbids most control characters even as references; the SVG must stay parseable.
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A heading line above a table or diagram. */
  static String title(String title) {
    return "<p style=\"margin:0.4em 0;font-weight:bold\">" + escape(title) + "</p>";
  }
}
