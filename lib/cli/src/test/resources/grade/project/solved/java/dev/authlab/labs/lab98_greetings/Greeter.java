package dev.authlab.labs.lab98_greetings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Lab 98 (a fixture for the grader's tests): greet people by name. */
public final class Greeter {

  /** "Hello, NAME!"; a blank name is refused with an IllegalArgumentException. */
  public String greet(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("the name is blank");
    }
    return String.format(format(), name);
  }

  /** One greeting per name, in order. */
  public List<String> greetAll(List<String> names) {
    return names.stream().map(this::greet).collect(Collectors.toList());
  }

  /** The format is a resource, so grading must copy the starter's resources. */
  private static String format() {
    try (InputStream in = Greeter.class.getClassLoader().getResourceAsStream("lab98/greeting-format.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
