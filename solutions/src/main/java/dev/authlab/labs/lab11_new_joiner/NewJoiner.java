package dev.authlab.labs.lab11_new_joiner;

import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Lab 11: a new joiner, end to end. Given; the work is in {@link JoinerCsr},
 * {@link SigningRequests}, {@link JoinerKubeconfig} and {@value #POLICY_RESOURCE}.
 *
 * <p>Amara joins the payments team. Kubernetes has no user objects, so "giving Amara access" means
 * four things, in this order:
 *
 * <ol>
 *   <li>Amara makes a key pair and a certificate signing request (CSR) naming her user
 *       ({@value #USER}, the CN) and her team's group ({@value #TEAM}, an O). The private key never
 *       leaves her machine.
 *   <li>An admin wraps the CSR in a {@code CertificateSigningRequest} object for the signer
 *       {@code kubernetes.io/kube-apiserver-client}, approves it, and kube-controller-manager signs it
 *       with the cluster's client CA.
 *   <li>Amara puts the issued certificate, her key, the API server's URL and CA into a kubeconfig
 *       whose context starts in her team's namespace, {@value #NAMESPACE}.
 *   <li>The team's group gets a Role in {@value #NAMESPACE} for exactly the team's job: read pods and
 *       their logs ({@code get}, {@code list}, {@code watch} on {@code pods}; {@code get} on
 *       {@code pods/log}) and manage deployments ({@code get}, {@code list}, {@code watch},
 *       {@code create}, {@code update}, {@code patch}, {@code delete} on {@code deployments} in the
 *       {@code apps} group). The RoleBinding names the group, not Amara, so the next joiner needs only
 *       a certificate.
 * </ol>
 */
public final class NewJoiner {

  public static final String USER = "amara";
  public static final String TEAM = "payments-devs";
  public static final List<String> GROUPS = List.of(TEAM);
  public static final String NAMESPACE = "lab11-payments";

  /** The Role and RoleBinding you write, on the class path. */
  public static final String POLICY_RESOURCE = "lab11/payments-team-rbac.yaml";

  private NewJoiner() {}

  /** The objects in {@value #POLICY_RESOURCE}; Roles and RoleBindings without a namespace go to {@value #NAMESPACE}. */
  public static ManifestSet policy() {
    try (InputStream in = NewJoiner.class.getClassLoader().getResourceAsStream(POLICY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(POLICY_RESOURCE + " is not on the class path");
      }
      return Manifests.read(POLICY_RESOURCE, in, NAMESPACE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + POLICY_RESOURCE, e);
    }
  }
}
