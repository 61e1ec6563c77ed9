package dev.authlab.labs.lab98_greetings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab98LibraryTest {

  private final Greeter greeter = new Greeter();

  @Test
  @DisplayName("greets a person by name")
  void greetsByName() {
    System.out.println("a test's print must not reach the scoreboard");
    assertThat(greeter.greet("Ada")).as("the greeting for Ada").isEqualTo("Hello, Ada!");
  }

  @Test
  @DisplayName("refuses a blank name")
  void rejectsBlankNames() {
    assertThat(greeter.greet("Bob")).as("the greeting for Bob").isEqualTo("Hello, Bob!");
    assertThat(catchThrowable(() -> greeter.greet("  ")))
        .as("what greeting a blank name throws")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("greets everyone in the file, in order")
  void greetsEveryoneInTheFile() throws IOException {
    List<String> names;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("lab98/names.txt")) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertThat(greeter.greetAll(names)).as("the greetings").containsExactly("Hello, Ada!", "Hello, Grace!");
  }
}
