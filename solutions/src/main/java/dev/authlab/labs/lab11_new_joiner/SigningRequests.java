package dev.authlab.labs.lab11_new_joiner;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Step 2: the CSR as a Kubernetes object, what an admin creates with {@code kubectl apply -f} before
 * {@code kubectl certificate approve}.
 */
public final class SigningRequests {

  /** The built-in signer whose certificates kube-apiserver accepts as client certificates. */
  public static final String CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";

  private SigningRequests() {}

  /**
   * A {@code certificates.k8s.io/v1} CertificateSigningRequest named {@code name} asking
   * {@value #CLIENT_SIGNER} to sign {@code csrPem} for {@code lifetime}:
   *
   * <ul>
   *   <li>{@code spec.request}: the PEM, base64-encoded (the API field holds bytes);
   *   <li>{@code spec.signerName}: {@value #CLIENT_SIGNER};
   *   <li>{@code spec.usages}: {@code client auth} (this signer refuses anything but client auth,
   *       digital signature and key encipherment, and requires client auth);
   *   <li>{@code spec.expirationSeconds}: the lifetime in seconds (a client certificate cannot be
   *       revoked, so keep it short; the API server wants at least 600).
   * </ul>
   *
   * Leave {@code spec.username}, {@code spec.groups} and {@code spec.uid} alone: the API server fills
   * them with whoever creates the object, so the approver can see who asked.
   */
  public static CertificateSigningRequest forApiServerClient(String name, String csrPem, Duration lifetime) {
    return new CertificateSigningRequestBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withRequest(Base64.getEncoder().encodeToString(csrPem.getBytes(StandardCharsets.US_ASCII)))
        .withSignerName(CLIENT_SIGNER)
        .withUsages(List.of("client auth"))
        .withExpirationSeconds(Math.toIntExact(lifetime.toSeconds()))
        .endSpec()
        .build();
  }
}
