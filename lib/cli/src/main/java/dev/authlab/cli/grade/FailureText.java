package dev.authlab.cli.grade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed check's throwable as a few plain lines for the reader: the assertion's own message (which
 * the labs write in plain words), "not written yet: …" for a starter's {@code TODO(lab NN)}, or the
 * exception the reader's code threw and where. Never a stack trace.
 */
final class FailureText {

  static final int MAX_LINES = 8;

  private static final Pattern TODO = Pattern.compile("TODO\\(lab \\d+\\):?\\s*([^\\n\"]*)");

  private FailureText() {}

  static List<String> of(Throwable failure) {
    Optional<String> todo = notWrittenYet(failure);
    if (todo.isPresent()) {
      return List.of(todo.get());
    }
    if (failure instanceof AssertionError) {
      return firstLines(Optional.ofNullable(failure.getMessage()).orElse("the check failed (its assertion says no more)"));
    }
    List<String> lines = new ArrayList<>();
    String message = Optional.ofNullable(failure.getMessage()).map(m -> ": " + m.strip()).orElse("");
    lines.add("threw " + failure.getClass().getName() + firstLines(message).get(0) + readersFrame(failure).orElse(""));
    if (failure.getCause() != null && failure.getCause() != failure) {
      lines.add("caused by " + failure.getCause().getClass().getName()
          + Optional.ofNullable(failure.getCause().getMessage()).map(m -> ": " + firstLines(m).get(0)).orElse(""));
    }
    return lines;
  }

  /** A starter's UnsupportedOperationException("TODO(lab NN): …"), thrown or quoted in an assertion's message. */
  private static Optional<String> notWrittenYet(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String message = Optional.ofNullable(t.getMessage()).orElse("");
      boolean thrownTodo = t instanceof UnsupportedOperationException && message.contains("TODO(lab");
      boolean quotedTodo = message.contains("UnsupportedOperationException: TODO(lab");
      if (thrownTodo || quotedTodo) {
        Matcher matcher = TODO.matcher(message);
        String what = matcher.find() ? matcher.group(1).strip() : message.strip();
        return Optional.of("not written yet: " + (what.isEmpty() ? message.strip() : what));
      }
    }
    return Optional.empty();
  }

  /** The first few non-blank lines, without any stack trace AssertJ quotes. */
  private static List<String> firstLines(String message) {
    List<String> lines = new ArrayList<>();
    for (String line : message.split("\\R")) {
      String trimmed = line.stripTrailing();
      if (trimmed.strip().startsWith("at ") && trimmed.startsWith("\t") || trimmed.strip().startsWith("...")) {
        break;
      }
      if (!trimmed.isBlank()) {
        lines.add(trimmed);
      }
      if (lines.size() == MAX_LINES) {
        lines.add("…");
        break;
      }
    }
    return lines.isEmpty() ? List.of("") : lines;
  }

  /** " (at TokenFile.java:42)": the first frame in a lab's own code, where the reader should look. */
  private static Optional<String> readersFrame(Throwable failure) {
    for (StackTraceElement frame : failure.getStackTrace()) {
      if (frame.getClassName().startsWith(Lab.PACKAGE_PREFIX) && frame.getFileName() != null && !frame.getFileName().endsWith("Test.java")) {
        return Optional.of(" (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")");
      }
    }
    return Optional.empty();
  }
}
