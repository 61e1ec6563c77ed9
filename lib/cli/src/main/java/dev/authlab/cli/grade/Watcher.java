package dev.authlab.cli.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code --watch}: polls the files a grade depends on and calls back once they have changed and then
 * stayed unchanged for a moment (an editor saving several files, or saving twice, gives one regrade).
 * Polling is plain and portable; the pause between polls and the number of rounds are injectable so a
 * test can drive the loop without waiting.
 */
public final class Watcher {

  /** Waits between polls; a test's pause can change files instead of sleeping. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;

    static Pause sleeping() {
      return duration -> Thread.sleep(duration.toMillis());
    }
  }

  private final List<Path> roots;
  private final Duration interval;
  private final Pause pause;
  private final String baseline;

  /**
   * Takes the files' state now: a change made after this (even while the first grade runs) counts.
   *
   * @param roots files and directories to watch (missing ones are watched for appearing)
   * @param interval time between polls; a change must also hold still this long before a regrade
   */
  public Watcher(List<Path> roots, Duration interval, Pause pause) {
    this.roots = List.copyOf(roots);
    this.interval = Objects.requireNonNull(interval, "interval");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.baseline = fingerprint();
  }

  /**
   * Calls {@code regrade} after each settled change; returns after {@code maxRounds} regrades when given
   * (tests), otherwise when interrupted (Ctrl-C ends the JVM before that, which is fine: nothing is half-written).
   */
  public void watch(Runnable regrade, OptionalInt maxRounds) throws InterruptedException {
    String seen = baseline;
    int rounds = 0;
    while (maxRounds.isEmpty() || rounds < maxRounds.getAsInt()) {
      pause.pause(interval);
      String now = fingerprint();
      if (now.equals(seen)) {
        continue;
      }
      // settle: wait until a poll sees no further change
      String settled;
      do {
        settled = now;
        pause.pause(interval);
        now = fingerprint();
      } while (!now.equals(settled));
      seen = now;
      regrade.run();
      rounds++;
    }
  }

  /** A hash of every watched file's path and content (content, not mtime: a save within a clock tick still counts). */
  String fingerprint() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (Path root : roots) {
      for (Path file : filesUnder(root)) {
        digest.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
          digest.update(Files.readAllBytes(file));
        } catch (IOException e) {
          digest.update((byte) 0); // vanished between listing and reading: the next poll sees the settled state
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static List<Path> filesUnder(Path root) {
    if (Files.isRegularFile(root)) {
      return List.of(root);
    }
    try {
      return LabCompiler.files(root);
    } catch (UncheckedIOException e) {
      return new ArrayList<>(); // a directory removed while listing it: seen as empty this poll
    }
  }

}
