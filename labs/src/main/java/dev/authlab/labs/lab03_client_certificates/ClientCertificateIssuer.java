package dev.authlab.labs.lab03_client_certificates;

import dev.authlab.pki.Csr;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Lab 03: a certificate authority that issues client certificates, written by you with Bouncy Castle
 * (notebook 03). The API server trusts the CA ({@code --client-ca-file}) and reads every certificate
 * the CA signed as a login: the subject's common name (CN) is the user name, and each organization
 * (O) is a group.
 *
 * <p>A good client certificate:
 *
 * <ul>
 *   <li>has the subject CN = user and one O per group, in the order given, and the CA's subject as issuer;
 *   <li>is for client authentication: extended key usage {@code clientAuth}, key usage
 *       {@code digitalSignature}, and basic constraints saying it is not a CA;
 *   <li>is valid from now (a few minutes earlier is fine, for clocks that are a little behind) until
 *       now + the lifetime asked for, "now" being the issuer's {@link Clock};
 *   <li>has a random, positive serial number and is signed with the CA's key (SHA-256 with the key's
 *       algorithm: ECDSA or RSA).
 * </ul>
 *
 * Use Bouncy Castle's builders ({@code org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder},
 * {@code org.bouncycastle.operator.jcajce.JcaContentSignerBuilder},
 * {@code org.bouncycastle.cert.jcajce.JcaX509CertificateConverter}), not the kit's
 * {@code CertificateAuthority}, which is what the checks compare your certificates with.
 */
public final class ClientCertificateIssuer {

  private final X509Certificate caCertificate;
  private final PrivateKey caKey;
  private final Clock clock;

  /**
   * @param caCertificate the CA's certificate: its subject becomes every certificate's issuer
   * @param caKey the CA's private key, which signs
   * @param clock what "now" is
   */
  public ClientCertificateIssuer(X509Certificate caCertificate, PrivateKey caKey, Clock clock) {
    this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
    this.caKey = Objects.requireNonNull(caKey, "caKey");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A client certificate for {@code user} in {@code groups}, for the holder of the private key of
   * {@code subjectKey}, valid for {@code lifetime}.
   */
  public X509Certificate issue(PublicKey subjectKey, String user, List<String> groups, Duration lifetime) {
    // TODO(lab 03): build the subject (CN = user, one O per group) with X500NameBuilder and BCStyle.
    // TODO(lab 03): JcaX509v3CertificateBuilder(caCertificate, serial, notBefore, notAfter, subject, subjectKey)
    //   with the extensions basicConstraints (not a CA), keyUsage (digitalSignature), extendedKeyUsage (clientAuth).
    // TODO(lab 03): sign with caKey (JcaContentSignerBuilder) and convert to an X509Certificate.
    throw new UnsupportedOperationException("TODO(lab 03): issue the client certificate in ClientCertificateIssuer.issue");
  }

  /**
   * Signs a certificate signing request: the user and groups are the request's CN and O values, the
   * key is the request's public key. A request whose signature does not verify proves nothing about
   * who holds the key, so it is refused.
   *
   * @throws IllegalArgumentException if the request's signature does not verify
   */
  public X509Certificate sign(Csr request, Duration lifetime) {
    // TODO(lab 03): refuse a request whose signature is not valid; otherwise issue a certificate for
    //   its public key, common name and organizations.
    throw new UnsupportedOperationException("TODO(lab 03): sign the request in ClientCertificateIssuer.sign");
  }
}
