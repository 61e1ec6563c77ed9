package dev.authlab.authz.rbac;

import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The ClusterRoles, ClusterRoleBindings, Roles and RoleBindings a new API server of the pinned
 * Kubernetes version creates for itself (cluster-admin, admin/edit/view and their aggregate-to-*
 * parts, system:basic-user, system:discovery, the controllers' roles …), shipped as YAML in the
 * jar. A policy built from these plus a team's manifests answers like a real cluster would.
 */
public final class BootstrapPolicy {

  private static final String DIR = "/dev/authlab/authz/rbac/bootstrap/";
  static final List<String> FILES =
      List.of("cluster-roles.yaml", "cluster-role-bindings.yaml", "namespace-roles.yaml", "namespace-role-bindings.yaml");

  private BootstrapPolicy() {}

  /** The Kubernetes version the data comes from. */
  public static String kubernetesVersion() {
    try (InputStream in = BootstrapPolicy.class.getResourceAsStream("/dev/authlab/version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("kubernetes.version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every bootstrap object, in file order. */
  public static List<HasMetadata> objects() {
    return Holder.OBJECTS;
  }

  /** A policy of the bootstrap objects alone. */
  public static RbacPolicy policy() {
    return Holder.POLICY;
  }

  private static final class Holder {
    static final List<HasMetadata> OBJECTS = load();
    static final RbacPolicy POLICY = RbacPolicy.of(OBJECTS);

    private static List<HasMetadata> load() {
      List<HasMetadata> objects = new ArrayList<>();
      for (String file : FILES) {
        try (InputStream in = BootstrapPolicy.class.getResourceAsStream(DIR + file)) {
          if (in == null) {
            throw new IllegalStateException("bootstrap policy file " + file + " is missing from the kit's jar");
          }
          ManifestSet set = Manifests.parse("bootstrap/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          objects.addAll(set.objects());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read bootstrap policy file " + file, e);
        }
      }
      return List.copyOf(objects);
    }
  }
}
