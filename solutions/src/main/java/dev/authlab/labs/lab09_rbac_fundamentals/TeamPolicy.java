package dev.authlab.labs.lab09_rbac_fundamentals;

import dev.authlab.manifest.ManifestException;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Lab 09 · RBAC fundamentals: the access rules of two teams, written as the YAML a platform team
 * keeps in Git.
 *
 * <p>Your work is in the four manifest files of {@code src/main/resources/lab09/}, one per need:
 * <ol>
 *   <li>{@code developers.yaml}: the group {@code lab09-developers} reads pods and their logs and
 *       manages deployments in the namespace {@code lab09-team-a};
 *   <li>{@code ci.yaml}: the CI pipeline's service account {@code ci} (namespace {@code lab09-team-a})
 *       updates deployments there, and does nothing else;
 *   <li>{@code auditors.yaml}: the group {@code lab09-auditors} reads, in every namespace, what the
 *       built-in {@code view} role shows, plus nodes and every RBAC object; never secrets;
 *   <li>{@code oncall.yaml}: the group {@code lab09-oncall} gets the built-in {@code view} role in
 *       {@code lab09-team-b} only.
 * </ol>
 * Each file's comments state the need in full and carry a {@code TODO(lab 09)}. Grant exactly what is
 * asked: the checks compare every subject's rules with the need, in both directions, and look for
 * grants to anyone else. This class only reads the files; you do not need to change it.
 */
public final class TeamPolicy {

  /** The manifest files, as classpath resources, in the order the needs are listed. */
  public static final List<String> FILES = List.of("lab09/developers.yaml", "lab09/ci.yaml", "lab09/auditors.yaml", "lab09/oncall.yaml");

  private TeamPolicy() {}

  /**
   * Every object of the four files, checked the way the API server checks them on create.
   *
   * @throws ManifestException naming the file and field when a manifest is invalid
   */
  public static ManifestSet manifests() {
    ManifestSet all = ManifestSet.empty();
    for (String file : FILES) {
      all = all.concat(read(file));
    }
    return all;
  }

  private static ManifestSet read(String resource) {
    try (InputStream in = TeamPolicy.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath (it belongs in src/main/resources/" + resource + ")");
      }
      return Manifests.read(resource, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
