package dev.authlab.cli.grade;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The running JVM's class path as files, for javac and the stamp of compiled labs. The kit's shaded jar
 * is one entry; surefire (and some IDEs) start the JVM with a manifest-only jar whose {@code Class-Path}
 * names the real entries, so manifest entries are followed.
 */
public record RuntimeClassPath(List<Path> entries) {

  public RuntimeClassPath {
    entries = List.copyOf(entries);
  }

  /** The class path of this JVM ({@code java.class.path}, manifests expanded). */
  public static RuntimeClassPath current() {
    Set<Path> found = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        expand(Path.of(entry).toAbsolutePath().normalize(), found);
      }
    }
    return new RuntimeClassPath(new ArrayList<>(found));
  }

  private static void expand(Path entry, Set<Path> found) {
    if (!found.add(entry) || !Files.isRegularFile(entry)) {
      return;
    }
    for (Path referenced : manifestClassPath(entry)) {
      expand(referenced, found);
    }
  }

  /** The jar's {@code Class-Path} entries (URLs, relative ones resolved against the jar's own). */
  private static List<Path> manifestClassPath(Path jar) {
    List<Path> referenced = new ArrayList<>();
    Optional<String> classPath;
    try (JarFile file = new JarFile(jar.toFile())) {
      classPath = Optional.ofNullable(file.getManifest())
          .map(Manifest::getMainAttributes)
          .map(attributes -> attributes.getValue("Class-Path"));
    } catch (IOException e) {
      // not a jar (a stray file on the class path): nothing to expand, as the JVM would find nothing in it
      return referenced;
    }
    URI base = jar.toUri();
    for (String item : classPath.orElse("").trim().split("\\s+")) {
      if (!item.isEmpty()) {
        URI uri = resolve(base, item);
        if ("file".equals(uri.getScheme())) {
          referenced.add(Path.of(uri).normalize());
        }
      }
    }
    return referenced;
  }

  private static URI resolve(URI base, String item) {
    try {
      return base.resolve(item);
    } catch (IllegalArgumentException notEscaped) {
      try {
        return base.resolve(new URI(null, null, item, null));
      } catch (URISyntaxException e) {
        throw new UncheckedIOException(new IOException("cannot read the Class-Path entry '" + item + "' of " + base, e));
      }
    }
  }

  /** The entries in the platform's class path syntax, for javac's {@code -classpath}. */
  public String asOption() {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}
