package dev.authlab.cli.grade;

import dev.authlab.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reader's copy of the kit: the directory holding {@code labs/} and the {@code authlab} launcher.
 * Everything the grader writes stays inside it: compiled labs under {@code labs/target/grade/}, progress
 * in {@code .authlab/progress.json} (both git-ignored).
 */
public record Project(Path root) {

  public Project {
    root = root.toAbsolutePath().normalize();
  }

  /** The project given with {@code --project}, or the first directory from {@code start} upward that looks like one. */
  public static Project locate(Optional<Path> given, Path start) {
    if (given.isPresent()) {
      Path dir = given.get().toAbsolutePath().normalize();
      if (!isProject(dir)) {
        throw new UserError(dir + " is not a kube-authlab project (no labs/ directory and authlab launcher there)");
      }
      return new Project(dir);
    }
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (isProject(dir)) {
        return new Project(dir);
      }
    }
    throw new UserError("no kube-authlab project here or above " + start.toAbsolutePath().normalize()
        + " (a directory with labs/ and the authlab launcher); run from your copy of the kit or give --project DIR");
  }

  private static boolean isProject(Path dir) {
    return Files.isDirectory(dir.resolve("labs")) && Files.isRegularFile(dir.resolve("authlab"));
  }

  public Path labs() {
    return root.resolve("labs");
  }

  public Path hints() {
    return labs().resolve("hints");
  }

  /** The graded tests, written once for every copy of the sources. */
  public Sources tests() {
    return new Sources(labs().resolve("src/test"));
  }

  /** The reader's sources, graded unless {@code --sources} names others. */
  public Sources defaultSources() {
    return new Sources(labs().resolve("src/main"));
  }

  /** Where compiled labs are kept between runs. */
  public Path cache() {
    return labs().resolve("target/grade");
  }

  public Path progressFile() {
    return root.resolve(".authlab/progress.json");
  }

  /** A path as the reader would type it from the project root. */
  public String relative(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
  }
}
