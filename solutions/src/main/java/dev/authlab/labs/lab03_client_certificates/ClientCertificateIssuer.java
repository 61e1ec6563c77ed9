package dev.authlab.labs.lab03_client_certificates;

import dev.authlab.pki.Csr;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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

  /** Kubernetes' CSR signer backdates by five minutes too, for servers whose clocks run a little behind. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

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
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, user);
    for (String group : groups) {
      subject.addRDN(BCStyle.O, group);
    }
    Instant now = clock.instant();
    // 127 random bits plus one: positive, never zero, within RFC 5280's 20 octets
    BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        caCertificate, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(lifetime)), subject.build(), subjectKey);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      String algorithm = caKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(caKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + user + ": " + e.getMessage(), e);
    }
  }

  /**
   * Signs a certificate signing request: the user and groups are the request's CN and O values, the
   * key is the request's public key. A request whose signature does not verify proves nothing about
   * who holds the key, so it is refused.
   *
   * @throws IllegalArgumentException if the request's signature does not verify
   */
  public X509Certificate sign(Csr request, Duration lifetime) {
    if (!request.isSignatureValid()) {
      throw new IllegalArgumentException("the request for " + request.subject() + " is not signed by the key it carries");
    }
    return issue(request.publicKey(), request.commonName(), request.organizations(), lifetime);
  }
}
