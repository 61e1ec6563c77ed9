package dev.authlab.cli.grade;

import java.nio.file.Path;
import java.util.List;

/** What compiling a lab gave: its classes (starter or solution plus graded tests), or javac's complaints. */
public sealed interface Compilation {

  /** Classes and resources of the lab, in one directory for the grading class loader. */
  record Compiled(Path classes) implements Compilation {}

  /** The lab does not compile: at most a screenful of {@code file:line: message} lines. */
  record DoesNotCompile(List<String> diagnostics) implements Compilation {
    public DoesNotCompile {
      diagnostics = List.copyOf(diagnostics);
    }
  }
}
