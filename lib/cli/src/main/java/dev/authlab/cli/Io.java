package dev.authlab.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The streams a command reads and writes, so tests can run commands in-process. */
public record Io(InputStream in, PrintWriter out, PrintWriter err) {

  public static Io system() {
    return new Io(System.in, writer(System.out), writer(System.err));
  }

  static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
