package dev.authlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every `$ ./authlab …` line in a ```console block of the README is run, and what it prints to
 * stdout must be exactly the lines shown under it. Run from the repository root (see the pom).
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("README.md");

  record Example(int line, String command, String expected) {}

  @TestFactory
  Stream<DynamicTest> readmeExamplesPrintWhatTheReadmeShows() throws IOException {
    return examples().stream()
        .map(
            example ->
                DynamicTest.dynamicTest(
                    "README line " + example.line() + ": " + example.command(),
                    () -> {
                      Run run = run(example.command());
                      String shown = example.command().endsWith(" 2>&1") ? run.out() + run.err() : run.out();
                      assertThat(shown).as("output of `%s` (stderr: %s)", example.command(), run.err()).isEqualTo(example.expected());
                    }));
  }

  @Test
  void readmeHasExamplesForEveryCommand() throws IOException {
    List<String> commands = examples().stream().map(Example::command).toList();
    for (String sub : List.of("request", "can-i", "who-can", "review", "escalation", "whoami", "demo", "check")) {
      assertThat(commands).anySatisfy(c -> assertThat(c).startsWith("./authlab " + sub + " "));
    }
  }

  static List<Example> examples() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    List<Example> examples = new ArrayList<>();
    boolean inConsole = false;
    String command = null;
    int commandLine = 0;
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!inConsole) {
        inConsole = line.equals("```console");
        continue;
      }
      if (line.equals("```") || line.startsWith("$ ")) {
        if (command != null) {
          examples.add(new Example(commandLine, command, expected.toString()));
        }
        command = null;
        expected.setLength(0);
        if (line.equals("```")) {
          inConsole = false;
        } else {
          command = line.substring(2);
          commandLine = i + 1;
        }
        continue;
      }
      expected.append(line).append('\n');
    }
    return examples;
  }

  /** Runs `./authlab ARGS [< FILE]` in-process, splitting ARGS the way a POSIX shell would for these simple lines. */
  static Run run(String command) throws IOException {
    List<String> words = new ArrayList<>(ShellWords.split(command));
    words.remove("2>&1");
    assertThat(words.get(0)).isEqualTo("./authlab");
    String stdin = "";
    int redirect = words.indexOf("<");
    if (redirect >= 0) {
      stdin = Files.readString(Path.of(words.get(redirect + 1)), StandardCharsets.UTF_8);
      words = new ArrayList<>(words.subList(0, redirect));
    }
    return Run.withStdin(stdin, words.subList(1, words.size()).toArray(String[]::new));
  }
}
