package dev.authlab.cli.grade;

import java.nio.file.Path;

/** A Maven-shaped source set: {@code java/} and {@code resources/} under one directory. */
public record Sources(Path dir) {

  public Sources {
    dir = dir.toAbsolutePath().normalize();
  }

  public Path java() {
    return dir.resolve("java");
  }

  public Path resources() {
    return dir.resolve("resources");
  }

  /** The Java package directory of a lab ({@code dev/authlab/labs/labNN_slug}). */
  public Path javaPackage(Lab lab) {
    return java().resolve(lab.packageName().replace('.', '/'));
  }

  /** A lab's resources ({@code resources/labNN/}). */
  public Path resourcesOf(Lab lab) {
    return resources().resolve("lab" + lab.nn());
  }
}
