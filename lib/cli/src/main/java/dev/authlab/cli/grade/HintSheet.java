package dev.authlab.cli.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab's hints file ({@code labs/hints/NN.md}): the title (the H1 after "Lab NN ·"), the summary, and per
 * check (a {@code ## methodName} section) its numbered hints, gentlest first. A numbered item may go on
 * over lines indented by spaces. Sections keep the file's order, which is the order checks are shown in.
 */
public record HintSheet(String title, String summary, Map<String, List<String>> byCheck) {

  private static final Pattern ITEM = Pattern.compile("(\\d+)\\.\\s+(.*)");

  public HintSheet {
    byCheck = Collections.unmodifiableMap(new LinkedHashMap<>(byCheck));
  }

  public static HintSheet empty() {
    return new HintSheet("", "", Map.of());
  }

  public static HintSheet read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static HintSheet parse(String text) {
    String title = "";
    StringBuilder summary = new StringBuilder();
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    StringBuilder item = null;
    for (String line : text.split("\\R", -1)) {
      if (line.startsWith("# ")) {
        title = titleOf(line.substring(2).strip());
      } else if (line.startsWith("## ")) {
        flush(current, item);
        item = null;
        current = new ArrayList<>();
        sections.put(line.substring(3).strip(), current);
      } else if (current == null) {
        if (!line.isBlank()) {
          summary.append(summary.length() == 0 ? "" : " ").append(line.strip());
        }
      } else {
        Matcher numbered = ITEM.matcher(line);
        if (numbered.matches()) {
          flush(current, item);
          item = new StringBuilder(numbered.group(2).strip());
        } else if (item != null && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
          item.append(' ').append(line.strip());
        } else if (line.isBlank()) {
          flush(current, item);
          item = null;
        }
      }
    }
    flush(current, item);
    return new HintSheet(title, summary.toString(), sections);
  }

  private static void flush(List<String> section, StringBuilder item) {
    if (section != null && item != null && item.length() > 0) {
      section.add(item.toString());
    }
  }

  /** "Lab 02 · The static token file" → "The static token file". */
  private static String titleOf(String heading) {
    int dot = heading.indexOf('·');
    return (dot >= 0 ? heading.substring(dot + 1) : heading).strip();
  }

  /** The hints of a check, gentlest first; empty when the file has no section for it. */
  public List<String> hintsFor(String check) {
    return byCheck.getOrDefault(check, List.of());
  }

  /** Where the check's section is in the file, for ordering; checks without one come last. */
  public int position(String check) {
    int index = new ArrayList<>(byCheck.keySet()).indexOf(check);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  public Optional<String> titleIfAny() {
    return title.isBlank() ? Optional.empty() : Optional.of(title);
  }
}
