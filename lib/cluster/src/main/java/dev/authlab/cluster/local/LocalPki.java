package dev.authlab.cluster.local;

import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.Pem;
import java.nio.file.Path;

/**
 * The local control plane's own certificates, all made with {@code dev.authlab.pki}: a serving CA and
 * the API server's serving certificate, and a client CA (which is also kube-controller-manager's CSR
 * signer) with the admin's and the controller manager's client certificates. ECDSA P-256 throughout:
 * a fresh P-256 key takes about a millisecond, an RSA 2048 key tens of milliseconds.
 */
record LocalPki(
    CertificateAuthority servingCa,
    IssuedCertificate serving,
    CertificateAuthority clientCa,
    IssuedCertificate admin,
    IssuedCertificate controllerManager,
    Files files) {

  static final KeyAlgorithm ALGORITHM = KeyAlgorithm.ECDSA_P256;

  /** The admin: in system:masters, so RBAC never stands in its way. */
  static final String ADMIN_USER = "authlab-admin";

  static final String CONTROLLER_MANAGER_USER = "system:kube-controller-manager";

  static final String MASTERS = "system:masters";

  /** Where each piece was written. */
  record Files(Path servingCaCert, Path servingCert, Path servingKey, Path clientCaCert, Path clientCaKey) {}

  /**
   * Makes everything and writes the files kube-apiserver and kube-controller-manager read into
   * {@code dir}. The serving certificate names 127.0.0.1 and localhost, and the in-cluster names and
   * the first service IP, as kubeadm's does.
   */
  static LocalPki create(Path dir, String firstServiceIp) {
    CertificateAuthority servingCa = CertificateAuthority.selfSigned("authlab-serving-ca", ALGORITHM);
    IssuedCertificate serving = servingCa.issue(
        CertificateSpec.servingCertificate("kube-apiserver", "127.0.0.1", "localhost", firstServiceIp, "kubernetes",
            "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"),
        ALGORITHM);
    CertificateAuthority clientCa = CertificateAuthority.selfSigned("authlab-client-ca", ALGORITHM);
    IssuedCertificate admin = clientCa.issue(CertificateSpec.clientCertificate(ADMIN_USER, MASTERS), ALGORITHM);
    // With --use-service-account-credentials=false every controller acts as this one user, and the
    // bootstrap ClusterRole system:kube-controller-manager is deliberately too narrow for that (it
    // cannot update ClusterRoles, create ConfigMaps or delete a namespace's contents). kubeadm runs
    // each controller under its own service account instead; we keep one identity and make it a master.
    IssuedCertificate controllerManager =
        clientCa.issue(CertificateSpec.clientCertificate(CONTROLLER_MANAGER_USER, MASTERS), ALGORITHM);

    Files files = new Files(dir.resolve("serving-ca.crt"), dir.resolve("apiserver.crt"), dir.resolve("apiserver.key"),
        dir.resolve("client-ca.crt"), dir.resolve("client-ca.key"));
    Pem.write(files.servingCaCert(), servingCa.certificatePem());
    Pem.write(files.servingCert(), serving.certificatePem());
    Pem.writePrivate(files.servingKey(), serving.privateKeyPem());
    clientCa.write(files.clientCaCert(), files.clientCaKey());
    return new LocalPki(servingCa, serving, clientCa, admin, controllerManager, files);
  }

  @Override
  public String toString() {
    return "LocalPki[serving " + serving + ", admin " + admin + "]";
  }
}
