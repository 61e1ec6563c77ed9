package dev.authlab.cli.grade;

import dev.authlab.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The labs of a project: every {@code labs/hints/NN.md} and every graded-test package {@code labNN_slug}. */
public record LabCatalog(Project project, List<Lab> labs) {

  private static final Pattern HINTS_FILE = Pattern.compile("(\\d{2})\\.md");

  public LabCatalog {
    labs = List.copyOf(labs);
  }

  public static LabCatalog scan(Project project) {
    Map<Integer, String> packages = new TreeMap<>();
    packageDirs(project.defaultSources().java()).forEach(packages::putIfAbsent);
    Map<Integer, String> testPackages = packageDirs(project.tests().java());
    packages.putAll(testPackages); // the graded tests' package is the one that counts
    Map<Integer, Path> hintFiles = hintFiles(project.hints());
    List<Lab> labs = new ArrayList<>();
    for (int number : union(testPackages.keySet(), hintFiles.keySet())) {
      String pkg = packages.getOrDefault(number, "lab" + Lab.nn(number));
      Optional<String> title = Optional.ofNullable(hintFiles.get(number)).flatMap(file -> HintSheet.read(file).titleIfAny());
      labs.add(new Lab(number, Lab.PACKAGE_PREFIX + pkg, title.orElseGet(() -> titleFromPackage(pkg))));
    }
    return new LabCatalog(project, labs);
  }

  /** The lab with this number; a number no lab has is the reader's mistake. */
  public Lab find(int number) {
    return labs.stream().filter(lab -> lab.number() == number).findFirst().orElseThrow(() -> new UserError(
        "there is no lab " + Lab.nn(number) + (labs.isEmpty() ? "; this project has no labs" : "; the labs are " + range())));
  }

  public HintSheet hints(Lab lab) {
    Path file = project.hints().resolve(lab.nn() + ".md");
    return Files.isRegularFile(file) ? HintSheet.read(file) : HintSheet.empty();
  }

  private String range() {
    return labs.size() == 1 ? labs.get(0).nn() : labs.get(0).nn() + "–" + labs.get(labs.size() - 1).nn();
  }

  private static List<Integer> union(Collection<Integer> a, Collection<Integer> b) {
    return Stream.concat(a.stream(), b.stream()).distinct().sorted().collect(Collectors.toList());
  }

  private static Map<Integer, String> packageDirs(Path javaRoot) {
    Map<Integer, String> found = new TreeMap<>();
    Path labsPackage = javaRoot.resolve(Lab.PACKAGE_PREFIX.replace('.', '/'));
    if (!Files.isDirectory(labsPackage)) {
      return found;
    }
    try (Stream<Path> dirs = Files.list(labsPackage)) {
      dirs.filter(Files::isDirectory).forEach(dir -> {
        String name = dir.getFileName().toString();
        Lab.numberOfPackage(name).ifPresent(number -> found.putIfAbsent(number, name));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + labsPackage, e);
    }
    return found;
  }

  private static Map<Integer, Path> hintFiles(Path hints) {
    Map<Integer, Path> found = new TreeMap<>();
    if (!Files.isDirectory(hints)) {
      return found;
    }
    try (Stream<Path> files = Files.list(hints)) {
      files.forEach(file -> {
        Matcher matcher = HINTS_FILE.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          found.put(Integer.parseInt(matcher.group(1)), file);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + hints, e);
    }
    return found;
  }

  /** "lab02_static_token_file" → "Static token file", for a lab without a hints file. */
  private static String titleFromPackage(String pkg) {
    int underscore = pkg.indexOf('_');
    if (underscore < 0) {
      return "Lab " + pkg.substring(3);
    }
    String words = pkg.substring(underscore + 1).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
