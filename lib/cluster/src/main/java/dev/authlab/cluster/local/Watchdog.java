package dev.authlab.cluster.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small shell process that outlives the JVM if it has to. It reads the control plane's process
 * ids on its standard input; when that pipe closes without a goodbye (the JVM died, even by
 * SIGKILL, so no shutdown hook ran) it stops those processes (SIGTERM, then SIGKILL after 5 s) and
 * deletes the work directory. A normal {@link LocalControlPlane#close} stops everything itself and
 * then says goodbye, and the watchdog exits without touching anything.
 */
final class Watchdog implements AutoCloseable {

  static final String SCRIPT = String.join("\n",
      "trap '' INT HUP",
      "dir=$1; pids=",
      "while IFS= read -r line; do",
      "  case $line in",
      "    exit) exit 0 ;;",
      "    ''|*[!0-9]*) ;;",
      "    *) pids=\"$pids $line\" ;;",
      "  esac",
      "done",
      "if [ -n \"$pids\" ]; then",
      "  kill -TERM $pids 2>/dev/null",
      "  i=0",
      "  while [ $i -lt 50 ]; do",
      "    alive=",
      "    for p in $pids; do kill -0 \"$p\" 2>/dev/null && alive=1; done",
      "    [ -z \"$alive\" ] && break",
      "    sleep 0.1; i=$((i + 1))",
      "  done",
      "  kill -KILL $pids 2>/dev/null",
      "fi",
      "rm -rf \"$dir\"",
      "");

  private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);

  private final Process process;
  private final OutputStream pipe;

  private Watchdog(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  static Watchdog start(Path workDir) {
    ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", SCRIPT, "authlab-watchdog", workDir.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      return new Watchdog(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the clean-up watchdog (/bin/sh): " + e.getMessage(), e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Adds a process to stop if the JVM dies. */
  void watch(long pid) {
    send(pid + "\n");
  }

  /** Tells the watchdog everything is cleaned up, and waits briefly for it to exit. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      pipe.write("exit\n".getBytes(StandardCharsets.US_ASCII));
      pipe.close();
    } catch (IOException e) {
      // the watchdog has already gone, which is all this method wants
    }
    try {
      process.onExit().get(GOODBYE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void send(String line) {
    try {
      pipe.write(line.getBytes(StandardCharsets.US_ASCII));
      pipe.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the clean-up watchdog (pid " + process.pid() + ") is gone: " + e.getMessage(), e);
    }
  }
}
