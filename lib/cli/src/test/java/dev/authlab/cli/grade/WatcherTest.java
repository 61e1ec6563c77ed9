package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherTest {

  @TempDir Path tmp;

  /** A pause that, instead of sleeping, plays the reader saving files: one action per poll. */
  private static Watcher.Pause script(List<Runnable> polls) {
    return duration -> {
      if (!polls.isEmpty()) {
        polls.remove(0).run();
      }
    };
  }

  private static Runnable write(Path file, String text) {
    return () -> {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Test
  void regradesOnceAfterASaveHasSettled() throws InterruptedException {
    Path source = tmp.resolve("src/Greeter.java");
    write(source, "v1").run();
    List<String> events = new ArrayList<>();
    List<Runnable> polls = new ArrayList<>(List.of(
        () -> events.add("quiet poll"),
        write(source, "v2"),                     // a save...
        write(source, "v3"),                     // ...and another before the change settled
        () -> events.add("settled"),
        write(tmp.resolve("src/New.java"), "x"), // a new file is a change too
        () -> events.add("settled")));
    new Watcher(List.of(tmp.resolve("src"), tmp.resolve("missing")), Duration.ofMillis(1), script(polls))
        .watch(() -> events.add("regrade"), OptionalInt.of(2));
    assertThat(events).containsExactly("quiet poll", "settled", "regrade", "settled", "regrade");
  }

  @Test
  void aSaveWithTheSameContentIsNoChange() throws InterruptedException {
    Path source = tmp.resolve("Greeter.java");
    write(source, "same").run();
    Watcher watcher = new Watcher(List.of(source), Duration.ofMillis(1), duration -> {});
    String before = watcher.fingerprint();
    write(source, "same").run();
    assertThat(watcher.fingerprint()).isEqualTo(before);
    write(source, "changed").run();
    assertThat(watcher.fingerprint()).isNotEqualTo(before);
  }
}
