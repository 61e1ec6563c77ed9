package dev.authlab.cli.grade;

import dev.authlab.cli.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one lab in-process with javac: the reader's package {@code labNN_slug}, the lab's graded
 * tests and the test support every lab shares ({@code dev.authlab.labs.support}), against the running
 * JVM's class path, into {@code labs/target/grade/<sources>/labNN/classes}. A stamp (a hash of every
 * input, the class path and the JDK) lets an unchanged lab skip javac.
 */
public final class LabCompiler {

  /** Test helpers the graded tests of several labs use; no lab of its own and no checks. */
  static final String SUPPORT_PACKAGE = Lab.PACKAGE_PREFIX + "support";

  /** javac's diagnostics beyond this many are counted, not shown. */
  static final int MAX_DIAGNOSTICS = 10;

  private final Project project;
  private final Sources sources;
  private final RuntimeClassPath classPath;

  public LabCompiler(Project project, Sources sources, RuntimeClassPath classPath) {
    this.project = project;
    this.sources = sources;
    this.classPath = classPath;
  }

  /** The sources of the test support every lab shares, compiled with each one. */
  public static Path supportSources(Project project) {
    return project.tests().java().resolve(SUPPORT_PACKAGE.replace('.', '/'));
  }

  public Compilation compile(Lab lab) {
    return compile(lab, line -> {});
  }

  /** Compiles the lab unless nothing changed; {@code status} hears a line when javac has to run. */
  public Compilation compile(Lab lab, java.util.function.Consumer<String> status) {
    Path starter = sources.javaPackage(lab);
    if (!Files.isDirectory(starter)) {
      return new Compilation.DoesNotCompile(List.of("no code for lab " + lab.nn() + ": " + project.relative(starter) + " does not exist"));
    }
    List<Path> inputs = new ArrayList<>();
    inputs.addAll(files(starter));
    inputs.addAll(files(sources.resourcesOf(lab)));
    inputs.addAll(files(project.tests().javaPackage(lab)));
    inputs.addAll(files(project.tests().resourcesOf(lab)));
    inputs.addAll(files(supportSources(project)));
    Path labDir = cacheDir().resolve("lab" + lab.nn());
    Path classes = labDir.resolve("classes");
    Path stampFile = labDir.resolve("stamp");
    String stamp = stamp(inputs);
    if (Files.isDirectory(classes) && stamp.equals(read(stampFile).orElse(""))) {
      return new Compilation.Compiled(classes);
    }
    deleteTree(labDir);
    createDirectories(classes);
    List<Path> javaFiles = inputs.stream().filter(file -> file.toString().endsWith(".java")).collect(Collectors.toList());
    status.accept("lab " + lab.nn() + ": compiling " + javaFiles.size() + " files…");
    Optional<List<String>> errors = javac(javaFiles, classes);
    if (errors.isPresent()) {
      return new Compilation.DoesNotCompile(errors.get());
    }
    copyResources(sources.resourcesOf(lab), sources.resources(), classes);
    copyResources(project.tests().resourcesOf(lab), project.tests().resources(), classes);
    write(stampFile, stamp);
    return new Compilation.Compiled(classes);
  }

  /** One cache directory per source set, so the starter and the solutions never overwrite each other. */
  private Path cacheDir() {
    Path dir = sources.dir();
    String key = dir.startsWith(project.root())
        ? project.root().relativize(dir).toString().replaceAll("[^A-Za-z0-9._-]+", "-")
        : "elsewhere-" + hash(dir.toString()).substring(0, 12);
    return project.cache().resolve(key);
  }

  private Optional<List<String>> javac(List<Path> javaFiles, Path classes) {
    if (javaFiles.isEmpty()) {
      return Optional.empty();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new UserError("grading compiles your code, which needs a JDK (17 or newer), but this Java is a runtime without javac;"
          + " point JAVA_HOME/PATH at a JDK");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ENGLISH, StandardCharsets.UTF_8)) {
      List<String> options = List.of(
          "-d", classes.toString(),
          "-classpath", classPath.asOption(),
          "--release", "17",
          "-encoding", "UTF-8",
          "-proc:none",
          "-g",
          "-parameters",
          "-nowarn",
          "-Xlint:none");
      Writer quiet = Writer.nullWriter();
      boolean ok = compiler.getTask(quiet, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(javaFiles)).call();
      return ok ? Optional.empty() : Optional.of(errorLines(diagnostics.getDiagnostics()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> errorLines(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(where(d) + message(d));
      }
    }
    if (errors.isEmpty()) {
      errors.add("javac failed without saying why");
    }
    if (errors.size() > MAX_DIAGNOSTICS) {
      int more = errors.size() - MAX_DIAGNOSTICS;
      errors = new ArrayList<>(errors.subList(0, MAX_DIAGNOSTICS));
      errors.add("… and " + more + " more");
    }
    return errors;
  }

  private String where(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return "";
    }
    String file = project.relative(Path.of(d.getSource().toUri()));
    return d.getLineNumber() > 0 ? file + ":" + d.getLineNumber() + ": " : file + ": ";
  }

  /** javac's first line, plus the symbol it could not find (its other lines are context the reader has in the editor). */
  private static String message(Diagnostic<? extends JavaFileObject> d) {
    List<String> lines = d.getMessage(Locale.ENGLISH).lines().map(String::strip).collect(Collectors.toList());
    String first = lines.isEmpty() ? "" : lines.get(0);
    return lines.stream().filter(line -> line.startsWith("symbol:")).findFirst()
        .map(symbol -> first + " (" + symbol.replaceAll("\\s+", " ") + ")")
        .orElse(first);
  }

  private String stamp(List<Path> inputs) {
    MessageDigest digest = sha256();
    update(digest, "authlab-grade 1\n" + Runtime.version() + "\n");
    for (Path entry : classPath.entries()) {
      update(digest, entry + " " + sizeAndTime(entry) + "\n");
    }
    for (Path input : inputs) {
      update(digest, project.relative(input) + "\n");
      try {
        digest.update(Files.readAllBytes(input));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + input, e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sizeAndTime(Path entry) {
    try {
      return Files.size(entry) + " " + Files.getLastModifiedTime(entry).toMillis();
    } catch (IOException e) {
      return "missing";
    }
  }

  /** Every regular file under a directory, in a stable order; none when it does not exist. */
  static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Copies the lab's resources keeping their path under the resources root ({@code labNN/…}), as Maven does. */
  private static void copyResources(Path labResources, Path resourcesRoot, Path classes) {
    for (Path file : files(labResources)) {
      Path target = classes.resolve(resourcesRoot.relativize(file).toString());
      try {
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy " + file, e);
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // an unreadable stamp only means compiling again
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String hash(String text) {
    MessageDigest digest = sha256();
    update(digest, text);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
  }
}
