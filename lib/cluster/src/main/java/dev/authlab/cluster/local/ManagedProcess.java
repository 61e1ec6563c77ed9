package dev.authlab.cluster.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One server process (etcd, kube-apiserver, kube-controller-manager) with its output in a log file. */
final class ManagedProcess {

  /** Enough of a log's end for 40 long lines (the API server's lines run to hundreds of characters). */
  private static final int TAIL_BYTES = 64 * 1024;

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with stdout and stderr into {@code log}, in {@code workDir}, with an
   * environment less the variables that would change the server's configuration behind our back
   * (etcd reads every {@code ETCD_*} variable as a flag).
   */
  static ManagedProcess start(String name, List<String> command, Path log, Path workDir) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("ETCD_") || key.equals("KUBECONFIG"));
    try {
      return new ManagedProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once it has exited. */
  OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /**
   * SIGTERM, up to {@code grace} to exit, then SIGKILL and a bounded wait for the kernel to reap it.
   *
   * @return how it ended, for the caller's log
   */
  String stop(Duration grace) {
    if (!process.isAlive()) {
      return name + " had already exited with code " + process.exitValue();
    }
    process.destroy();
    if (waitFor(grace)) {
      return name + " stopped (SIGTERM)";
    }
    process.destroyForcibly();
    if (waitFor(grace)) {
      return name + " killed after " + grace.toSeconds() + " s (SIGKILL)";
    }
    throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit even after SIGKILL");
  }

  private boolean waitFor(Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for " + name + " to exit failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
    }
  }

  /** The last {@code lines} lines of its log (fewer if the log is shorter; none if it has none). */
  List<String> logTail(int lines) {
    return tail(log, lines);
  }

  static List<String> tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      long from = Math.max(0, length - TAIL_BYTES);
      byte[] bytes = new byte[(int) (length - from)];
      in.seek(from);
      in.readFully(bytes);
      List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
      if (from > 0 && !all.isEmpty()) {
        all.remove(0); // a partial first line
      }
      while (!all.isEmpty() && all.get(all.size() - 1).isBlank()) {
        all.remove(all.size() - 1);
      }
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue()) + "]";
  }
}
