package dev.authlab.cli.grade;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the reader has done so far, remembered between runs in {@code .authlab/progress.json}: per lab,
 * when it was last graded, each check's last result, and how many of each check's hints were shown.
 * Immutable; the grader builds the next one from this one and a run's results.
 */
public record Progress(Map<String, LabProgress> labs) {

  public Progress {
    labs = Collections.unmodifiableMap(new TreeMap<>(labs));
  }

  public static Progress empty() {
    return new Progress(Map.of());
  }

  public Optional<LabProgress> lab(Lab lab) {
    return Optional.ofNullable(labs.get(lab.nn()));
  }

  public Progress with(Lab lab, LabProgress progress) {
    Map<String, LabProgress> next = new TreeMap<>(labs);
    next.put(lab.nn(), progress);
    return new Progress(next);
  }

  /** One lab's remembered state. {@code compiles} is whether it compiled when last graded. */
  public record LabProgress(Instant graded, boolean compiles, Map<String, CheckProgress> checks, Map<String, Integer> hintsShown) {

    public LabProgress {
      checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
      hintsShown = Collections.unmodifiableMap(new TreeMap<>(hintsShown));
    }

    public static LabProgress none() {
      return new LabProgress(Instant.EPOCH, true, Map.of(), Map.of());
    }

    public long passed() {
      return checks.values().stream().filter(CheckProgress::passed).count();
    }

    public int hintsShown(String check) {
      return hintsShown.getOrDefault(check, 0);
    }

    public LabProgress withHintsShown(String check, int count) {
      Map<String, Integer> next = new TreeMap<>(hintsShown);
      next.put(check, count);
      return new LabProgress(graded, compiles, checks, next);
    }
  }

  /** A check's last result in the tier it belongs to. */
  public record CheckProgress(Tier tier, boolean passed, Instant when) {}
}
