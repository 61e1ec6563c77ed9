package dev.authlab.cli.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The graded test classes in a compiled lab: top-level classes in a lab package named {@code …Test} or {@code …Tests}. */
final class TestClasses {

  private TestClasses() {}

  static List<String> in(Path classes) {
    Path labs = classes.resolve(Lab.PACKAGE_PREFIX.replace('.', '/'));
    if (!Files.isDirectory(labs)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(labs)) {
      return walk.filter(Files::isRegularFile)
          .map(file -> classes.relativize(file).toString().replace('\\', '/'))
          .filter(name -> name.endsWith("Test.class") || name.endsWith("Tests.class"))
          .filter(name -> !name.contains("$"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + labs, e);
    }
  }
}
