package dev.authlab.authz;

import java.util.List;

/**
 * Why an authorizer decided as it did, beyond upstream's one-line reason: for people, as text lines;
 * for notebooks, as the structured record that implements this interface.
 */
public interface Explanation {

  /** Lines of plain text for a terminal, without trailing newlines. */
  List<String> lines();

  default String render() {
    return String.join(System.lineSeparator(), lines());
  }

  static Explanation of(String... lines) {
    return new Text(List.of(lines));
  }

  /** An explanation that is nothing more than some text. */
  record Text(List<String> lines) implements Explanation {
    public Text {
      lines = List.copyOf(lines);
    }
  }
}
