package dev.authlab.cli.grade;

import dev.authlab.cli.grade.Progress.CheckProgress;
import dev.authlab.cli.grade.Progress.LabProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads and writes {@code .authlab/progress.json}. The file is the reader's, not the kit's: an unreadable
 * one is reported and then replaced, never a reason to refuse to grade.
 *
 * <pre>{@code
 * {"labs": {"02": {"graded": "2026-11-28T14:50:00Z", "compiles": true,
 *   "checks": {"rejectsUnknownTokens": {"tier": "library", "passed": false, "when": "2026-11-28T14:50:00Z"}},
 *   "hintsShown": {"rejectsUnknownTokens": 2}}}}
 * }</pre>
 */
public final class ProgressFile {

  private final Path file;

  public ProgressFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** The remembered progress; empty when there is none yet, or (after {@code warn}) when the file is unreadable. */
  public Progress read(Consumer<String> warn) {
    if (!Files.isRegularFile(file)) {
      return Progress.empty();
    }
    try {
      return parse(MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | DateTimeParseException | IllegalArgumentException | ClassCastException e) {
      warn.accept("warning: " + file + " is unreadable (" + e.getMessage() + "); starting afresh");
      return Progress.empty();
    }
  }

  public void write(Progress progress) {
    Map<String, Object> labs = new LinkedHashMap<>();
    progress.labs().forEach((nn, lab) -> {
      Map<String, Object> checks = new LinkedHashMap<>();
      lab.checks().forEach((id, check) -> {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tier", check.tier().tag());
        c.put("passed", check.passed());
        c.put("when", check.when().toString());
        checks.put(id, c);
      });
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("graded", lab.graded().toString());
      node.put("compiles", lab.compiles());
      node.put("checks", checks);
      node.put("hintsShown", new LinkedHashMap<>(lab.hintsShown()));
      labs.put(nn, node);
    });
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temp, MiniJson.write(Map.of("labs", labs)) + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Progress parse(Object document) {
    Map<String, LabProgress> labs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> lab : object(object(document).get("labs")).entrySet()) {
      Map<String, Object> node = object(lab.getValue());
      Map<String, CheckProgress> checks = new LinkedHashMap<>();
      for (Map.Entry<String, Object> check : object(node.get("checks")).entrySet()) {
        Map<String, Object> c = object(check.getValue());
        checks.put(check.getKey(), new CheckProgress(
            Tier.valueOf(String.valueOf(c.getOrDefault("tier", "library")).toUpperCase(Locale.ROOT)),
            Boolean.TRUE.equals(c.get("passed")),
            instant(c.get("when"))));
      }
      Map<String, Integer> hints = new LinkedHashMap<>();
      for (Map.Entry<String, Object> hint : object(node.get("hintsShown")).entrySet()) {
        hints.put(hint.getKey(), ((Number) hint.getValue()).intValue());
      }
      labs.put(lab.getKey(), new LabProgress(instant(node.get("graded")), !Boolean.FALSE.equals(node.get("compiles")), checks, hints));
    }
    return new Progress(labs);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("expected an object, found " + value);
    }
    return (Map<String, Object>) value;
  }

  private static Instant instant(Object value) {
    return value == null ? Instant.EPOCH : Instant.parse(String.valueOf(value));
  }
}
