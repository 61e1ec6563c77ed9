package dev.authlab.cli;

import dev.authlab.cli.grade.GradeRun;
import dev.authlab.cli.grade.Grader;
import dev.authlab.cli.grade.HintRequest;
import dev.authlab.cli.grade.Hints;
import dev.authlab.cli.grade.Lab;
import dev.authlab.cli.grade.LabCatalog;
import dev.authlab.cli.grade.LabCompiler;
import dev.authlab.cli.grade.Progress;
import dev.authlab.cli.grade.ProgressFile;
import dev.authlab.cli.grade.Project;
import dev.authlab.cli.grade.RuntimeClassPath;
import dev.authlab.cli.grade.Scoreboard;
import dev.authlab.cli.grade.Sources;
import dev.authlab.cli.grade.Tier;
import dev.authlab.cli.grade.Watcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `authlab grade`: compiles the reader's lab code with the graded tests (in-process, cached), runs the
 * checks, prints the scoreboard, the first failing check and its hint, and remembers progress.
 */
@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    description = {
      "Grade your labs: run their checks on your code, and show the first failing one with a hint.",
      "Compiles labs/src/main with the graded tests (only what changed), runs the tier's checks, prints one row per lab.",
      "Results and hints seen are remembered in .authlab/progress.json. See labs/README.md.",
      "Exit 0 when every graded check passes, 1 otherwise, 2 when the request is unusable (e.g. no such lab)."
    })
public final class GradeCommand implements Callable<Integer> {

  private static final String COMMAND = "./authlab grade";

  @ParentCommand AuthlabCommand parent;

  @Parameters(paramLabel = "NN", arity = "0..*", description = "The lab(s) to grade, e.g. 02. Default: every lab.")
  List<String> labNumbers = new ArrayList<>();

  @Option(names = "--tier", paramLabel = "TIER", description = "library (default; no control plane needed), cluster (against a real API server) or all.")
  Tier tier = Tier.LIBRARY;

  @Option(names = "--hint", description = "Show the next hint for the first failing check (each use reveals one more).")
  boolean nextHint;

  @Option(names = "--watch", description = "Grade again every time you save (the lab's code, tests or hints); Ctrl-C stops.")
  boolean watch;

  @Option(names = "--project", paramLabel = "DIR", description = "The kit's directory (default: found from here upward).")
  Optional<Path> project = Optional.empty();

  @Option(names = "--sources", paramLabel = "DIR", description = "The code to grade (default: labs/src/main); e.g. solutions/src/main.")
  Optional<Path> sources = Optional.empty();

  @Option(names = "--progress", negatable = true,
      description = "Say on stderr what takes time as it starts: compiling a lab, a lab's cluster checks (default: on in a terminal).")
  Optional<Boolean> progress = Optional.empty();

  /** Tests only: stop watching after this many regrades. */
  @Option(names = "--watch-rounds", hidden = true)
  Optional<Integer> watchRounds = Optional.empty();

  @Option(names = "--watch-interval-ms", hidden = true, defaultValue = "400")
  long watchIntervalMillis;

  @Override
  public Integer call() throws InterruptedException {
    Io io = parent.io();
    Project root = Project.locate(project, Path.of(""));
    Sources graded = sources.map(this::sourcesDir).orElse(root.defaultSources());
    LabCatalog catalog = LabCatalog.scan(root);
    List<Lab> labs = selected(catalog);
    ProgressFile progressFile = new ProgressFile(progressPath(root, graded));
    // progress lines only where someone watches: a terminal, unless asked; scripts and CI get the scoreboard alone
    boolean showProgress = progress.orElse(System.console() != null);
    Grader grader = new Grader(catalog, graded, RuntimeClassPath.current(), showProgress ? line -> {
      io.err().println("grade: " + line);
      io.err().flush();
    } : line -> {});
    String sourcesOption = sources.isPresent() ? " --sources " + sources.get() : "";
    Scoreboard scoreboard = new Scoreboard(catalog, Clock.systemDefaultZone().getZone(), COMMAND, sourcesOption);
    HintRequest firstRequest = nextHint ? HintRequest.NEXT : HintRequest.CURRENT;
    if (!watch) {
      return gradeOnce(io, grader, scoreboard, progressFile, labs, firstRequest);
    }
    List<Path> watched = new ArrayList<>();
    for (Lab lab : labs) {
      watched.add(graded.javaPackage(lab));
      watched.add(graded.resourcesOf(lab));
      watched.add(root.tests().javaPackage(lab));
      watched.add(root.tests().resourcesOf(lab));
      watched.add(root.hints().resolve(lab.nn() + ".md"));
    }
    // every lab is compiled with the shared test support, so a change there regrades too
    watched.add(LabCompiler.supportSources(root));
    Watcher watcher = new Watcher(watched, Duration.ofMillis(watchIntervalMillis), Watcher.Pause.sleeping());
    int code = gradeOnce(io, grader, scoreboard, progressFile, labs, firstRequest);
    io.out().println();
    io.out().println("Watching " + root.relative(graded.dir()) + ", labs/src/test and labs/hints; saving a file grades again (Ctrl-C stops).");
    io.out().flush();
    int[] last = {code};
    watcher.watch(() -> {
      io.out().println();
      io.out().println("── " + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)) + " · change saved, grading again ──");
      last[0] = gradeOnce(io, grader, scoreboard, progressFile, labs, HintRequest.CURRENT);
      io.out().flush();
    }, watchRounds.map(OptionalInt::of).orElse(OptionalInt.empty()));
    return last[0];
  }

  private int gradeOnce(Io io, Grader grader, Scoreboard scoreboard, ProgressFile progressFile, List<Lab> labs, HintRequest hintRequest) {
    GradeRun run = grader.grade(labs, tier);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Progress progress = run.remember(progressFile.read(io.err()::println), now);
    Optional<Hints.Shown> hint = Optional.empty();
    Optional<GradeRun.FirstFailure> first = run.firstFailure();
    if (first.isPresent()) {
      Lab lab = first.get().lab();
      Hints.Result revealed = Hints.reveal(first.get().result().check().id(), grader.hints(lab),
          progress.lab(lab).orElseThrow(), hintRequest);
      hint = Optional.of(revealed.shown());
      progress = progress.with(lab, revealed.progress());
    } else if (hintRequest == HintRequest.NEXT) {
      io.err().println("No check fails, so there is no hint to give.");
    }
    progressFile.write(progress);
    scoreboard.print(io.out(), run, progress, hint);
    return run.allPassed() ? ExitCodes.YES : ExitCodes.NO;
  }

  private List<Lab> selected(LabCatalog catalog) {
    if (catalog.labs().isEmpty()) {
      throw new UserError("no labs found in " + catalog.project().relative(catalog.project().labs()) + " (no hints/NN.md, no graded tests)");
    }
    if (labNumbers.isEmpty()) {
      return catalog.labs();
    }
    List<Lab> labs = new ArrayList<>();
    for (String text : labNumbers) {
      if (!text.matches("\\d{1,2}")) {
        throw new UserError("'" + text + "' is not a lab number; give its two digits, e.g. " + COMMAND + " 02");
      }
      Lab lab = catalog.find(Integer.parseInt(text));
      if (!labs.contains(lab)) {
        labs.add(lab);
      }
    }
    return labs;
  }

  private Sources sourcesDir(Path dir) {
    if (!Files.isDirectory(dir.resolve("java"))) {
      throw new UserError("--sources " + dir + ": no java/ directory there (give a directory like labs/src/main)");
    }
    return new Sources(dir);
  }

  /** The reader's own progress for their code; other sources (the solutions, in CI) keep theirs apart. */
  private static Path progressPath(Project root, Sources graded) {
    if (graded.equals(root.defaultSources())) {
      return root.progressFile();
    }
    String key = root.relative(graded.dir()).replaceAll("[^A-Za-z0-9._-]+", "-");
    return root.progressFile().resolveSibling("progress-" + key + ".json");
  }
}
