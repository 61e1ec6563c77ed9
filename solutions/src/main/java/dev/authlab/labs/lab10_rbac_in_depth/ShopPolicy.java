package dev.authlab.labs.lab10_rbac_in_depth;

import dev.authlab.manifest.ManifestException;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Lab 10 · RBAC in depth: the shop team's policy, as a colleague left it. Every file of
 * {@code src/main/resources/lab10/} grants too much, too little, or both; your job is to fix them.
 *
 * <ol>
 *   <li>{@code widgets.yaml} (aggregation): the group {@code lab10-viewers}, bound to the built-in
 *       {@code view} role in {@code lab10-shop}, must be able to read the custom resource widgets;
 *   <li>{@code shop-config.yaml} (resourceNames): the app's service account reads and updates its own
 *       ConfigMap and no other;
 *   <li>{@code support.yaml} (subresources): support reads pod logs, and may not exec into pods;
 *   <li>{@code metrics.yaml} (non-resource URLs): Prometheus scrapes the API server's {@code /metrics};
 *   <li>{@code team-lead.yaml} (bind): the team lead hands out the {@code edit} role in
 *       {@code lab10-shop}, and nothing stronger, nowhere else.
 * </ol>
 * Each file states its need in its comments and marks the part to fix with {@code TODO(lab 10)}. The
 * checks compare what each subject holds with its need, in both directions. This class only reads the
 * files; you do not need to change it.
 */
public final class ShopPolicy {

  /** The manifest files, as classpath resources, in the order of the tasks. */
  public static final List<String> FILES =
      List.of("lab10/widgets.yaml", "lab10/shop-config.yaml", "lab10/support.yaml", "lab10/metrics.yaml", "lab10/team-lead.yaml");

  private ShopPolicy() {}

  /**
   * Every object of the five files, checked the way the API server checks them on create.
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
    try (InputStream in = ShopPolicy.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath (it belongs in src/main/resources/" + resource + ")");
      }
      return Manifests.read(resource, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
