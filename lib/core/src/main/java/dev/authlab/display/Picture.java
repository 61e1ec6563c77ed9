package dev.authlab.display;

import java.util.Objects;

/**
 * Something worth looking at, in the three forms its viewers understand: self-contained HTML for a
 * notebook (inline styles and inline SVG only: no scripts, nothing fetched), plain text for a
 * terminal, and Mermaid source for front ends that draw diagrams themselves ("" when there is none).
 */
public record Picture(String html, String text, String mermaid) {

  public Picture {
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(mermaid, "mermaid");
  }

  /** A picture without a diagram. */
  public static Picture of(String html, String text) {
    return new Picture(html, text, "");
  }

  public boolean hasMermaid() {
    return !mermaid.isEmpty();
  }

  /** The terminal form, so printing a picture in JShell or a log shows something readable. */
  @Override
  public String toString() {
    return text;
  }
}
