package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeClassPathTest {

  @TempDir Path tmp;

  @Test
  void theRunningClassPathHasJUnitAndTheKitEvenUnderSurefiresManifestOnlyJar() {
    RuntimeClassPath classPath = RuntimeClassPath.current();
    assertThat(classPath.entries()).anySatisfy(entry -> assertThat(entry.getFileName().toString()).startsWith("junit-jupiter-api"));
    assertThat(classPath.entries()).anySatisfy(entry -> assertThat(entry.toString()).contains("assertj-core"));
    // the library: its jar from the local repository, or lib/core/target/classes in a reactor build
    assertThat(classPath.entries()).anySatisfy(entry -> assertThat(entry.toString().replace('\\', '/')).containsAnyOf("authlab-core", "lib/core/target/classes"));
  }

  @Test
  void classPathManifestEntriesAreFollowedRelativeToTheJar() throws IOException {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Path inner = jar(lib.resolve("inner dir.jar"), "");
    Path outer = jar(tmp.resolve("booter.jar"), "lib/inner%20dir.jar " + tmp.resolve("classes").toUri());
    String saved = System.getProperty("java.class.path");
    try {
      System.setProperty("java.class.path", outer.toString());
      assertThat(RuntimeClassPath.current().entries()).containsExactly(outer, inner, tmp.resolve("classes"));
    } finally {
      System.setProperty("java.class.path", saved);
    }
  }

  private static Path jar(Path file, String classPath) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (!classPath.isEmpty()) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
    return file;
  }
}
