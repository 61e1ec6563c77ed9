package dev.authlab.cli.grade;

import dev.authlab.cli.grade.Progress.LabProgress;
import java.util.List;
import java.util.Optional;

/**
 * Progressive hints: a failing check shows its first hint; {@code --hint} reveals one more each time, up
 * to the last; the count revealed per check is remembered in the progress file.
 */
public final class Hints {

  private Hints() {}

  /**
   * The hint to show, as "number of total" ({@code number} is 0 when the hints file has none for the
   * check); {@code pastLast} when {@code --hint} asked for more hints than there are.
   */
  public record Shown(String check, Optional<String> text, int number, int total, boolean pastLast) {}

  /** The hint to show for this check now, and the lab's progress with it counted as shown. */
  public static Result reveal(String check, HintSheet sheet, LabProgress progress, HintRequest request) {
    List<String> hints = sheet.hintsFor(check);
    int before = progress.hintsShown(check);
    if (hints.isEmpty()) {
      return new Result(new Shown(check, Optional.empty(), 0, 0, false), progress);
    }
    int wanted = request == HintRequest.NEXT ? before + 1 : Math.max(before, 1);
    boolean askedPastLast = wanted > hints.size();
    int number = Math.min(wanted, hints.size());
    return new Result(new Shown(check, Optional.of(hints.get(number - 1)), number, hints.size(), askedPastLast),
        progress.withHintsShown(check, Math.max(before, number)));
  }

  public record Result(Shown shown, LabProgress progress) {}
}
