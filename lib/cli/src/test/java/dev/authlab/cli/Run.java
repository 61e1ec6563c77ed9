package dev.authlab.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the CLI in-process and captures what it prints. */
record Run(int exitCode, String out, String err) {

  static final Path EXAMPLES = findExamples();

  static Run of(String... args) {
    return withStdin("", args);
  }

  static Run withStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io =
        new Io(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    int code = Cli.execute(args, io);
    return new Run(code, out.toString(), err.toString());
  }

  static String example(String relative) {
    return EXAMPLES.resolve(relative).toString();
  }

  /** The repository's examples/ directory, found from the module's working directory. */
  private static Path findExamples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("examples");
      if (candidate.resolve("policy").toFile().isDirectory()) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
  }
}
