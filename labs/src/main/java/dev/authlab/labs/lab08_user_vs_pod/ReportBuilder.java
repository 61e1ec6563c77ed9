package dev.authlab.labs.lab08_user_vs_pod;

import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Lab 08, part 3: what the pod may do. Given; the work is in {@value #POLICY_RESOURCE}.
 *
 * <p>The {@code report-builder} app runs in namespace {@value #NAMESPACE} as service account
 * {@value #SERVICE_ACCOUNT}. To build its reports it
 *
 * <ul>
 *   <li>lists and watches the pods of its namespace, and gets single pods ({@code get}, {@code list},
 *       {@code watch} on {@code pods});
 *   <li>reads one Secret, {@value #DATABASE_SECRET}, with its database password ({@code get} on that
 *       Secret only: not {@code list}, which would return every Secret of the namespace).
 * </ul>
 *
 * Nothing else: no other Secrets, nothing in other namespaces, nothing for the namespace's other
 * service accounts (such as {@code default}), which every pod there runs as unless told otherwise.
 */
public final class ReportBuilder {

  public static final String NAMESPACE = "lab08-shop";
  public static final String SERVICE_ACCOUNT = "report-builder";
  public static final String DATABASE_SECRET = "report-db-credentials";

  /** The Role and RoleBinding you write, on the class path. */
  public static final String POLICY_RESOURCE = "lab08/report-builder-rbac.yaml";

  private ReportBuilder() {}

  /** The objects in {@value #POLICY_RESOURCE}; Roles and RoleBindings without a namespace go to {@value #NAMESPACE}. */
  public static ManifestSet policy() {
    try (InputStream in = ReportBuilder.class.getClassLoader().getResourceAsStream(POLICY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(POLICY_RESOURCE + " is not on the class path");
      }
      return Manifests.read(POLICY_RESOURCE, in, NAMESPACE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + POLICY_RESOURCE, e);
    }
  }
}
