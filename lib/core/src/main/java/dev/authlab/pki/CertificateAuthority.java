package dev.authlab.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A self-signed certificate authority, like the {@code ca.crt}/{@code ca.key} pair kubeadm creates
 * and kube-apiserver's {@code --client-ca-file} trusts. It issues client and serving certificates
 * and signs certificate signing requests.
 *
 * <p>Immutable. Validity periods given as a lifetime are counted from the CA's {@link Clock}, so
 * tests can issue certificates that are expired or not yet valid; use {@link #withClock} to move it.
 * Certificates are signed with SHA256withRSA or SHA256withECDSA, following the CA's key, and carry a
 * random 128-bit serial number.
 */
public final class CertificateAuthority {

  /** Ten years, kubeadm's lifetime for the CAs it creates. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(3650);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Clock clock;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.clock = clock;
  }

  /** A new CA with a fresh key, valid for {@link #DEFAULT_LIFETIME} from the system clock. */
  public static CertificateAuthority selfSigned(String commonName, KeyAlgorithm algorithm) {
    return selfSigned(commonName, algorithm, Clock.systemUTC());
  }

  /** A new CA with a fresh key, valid for {@link #DEFAULT_LIFETIME} from {@code clock}. */
  public static CertificateAuthority selfSigned(String commonName, KeyAlgorithm algorithm, Clock clock) {
    return selfSigned(commonName, KeyPairs.generate(algorithm), Validity.lasting(DEFAULT_LIFETIME), clock);
  }

  /**
   * A new CA for this key pair: subject CN={@code commonName}, basicConstraints CA:TRUE (critical),
   * key usage keyCertSign and cRLSign (critical), and a subject key identifier.
   */
  public static CertificateAuthority selfSigned(String commonName, KeyPair keyPair, Validity validity, Clock clock) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(clock, "clock");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("a CA needs a common name");
    }
    X500Name name = Names.subject(commonName, List.of());
    Validity.Window window = validity.at(clock);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, Crypto.randomSerial(),
        Date.from(window.notBefore()), Date.from(window.notAfter()), name, keyPair.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
          KeyUsage.KEY_CERT_SIGN.mask() | KeyUsage.CRL_SIGN.mask()));
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode CA extensions", e);
    }
    return new CertificateAuthority(sign(builder, keyPair.getPrivate()), keyPair.getPrivate(), clock);
  }

  /**
   * A CA from PEM text, such as kubeadm's {@code ca.crt} and {@code ca.key}.
   *
   * @throws PemException if either text is not valid PEM, the certificate is not a CA, or the key
   *     does not belong to it
   */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem, Clock clock) {
    return checked(Pem.parseCertificate(certificatePem, "CA certificate"), "CA certificate",
        Pem.parsePrivateKey(privateKeyPem, "CA private key"), "CA private key", clock);
  }

  /** A CA from files, such as {@code /etc/kubernetes/pki/ca.crt} and {@code ca.key}. */
  public static CertificateAuthority load(Path certificateFile, Path privateKeyFile, Clock clock) {
    return checked(Pem.readCertificate(certificateFile), certificateFile.toString(),
        Pem.readPrivateKey(privateKeyFile), privateKeyFile.toString(), clock);
  }

  private static CertificateAuthority checked(X509Certificate certificate, String certificateSource,
      PrivateKey privateKey, String keySource, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (certificate.getBasicConstraints() < 0) {
      throw new PemException(certificateSource, "not a CA certificate (basicConstraints does not say CA:TRUE)");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && !usage[KeyUsage.KEY_CERT_SIGN.ordinal()]) {
      throw new PemException(certificateSource, "this CA certificate's key usage does not allow keyCertSign");
    }
    if (!KeyPairs.matches(certificate.getPublicKey(), privateKey)) {
      throw new PemException(keySource, "this private key does not belong to the CA certificate ("
          + Names.display(Names.of(certificate.getSubjectX500Principal())) + ")");
    }
    return new CertificateAuthority(certificate, privateKey, clock);
  }

  /** The same CA, counting lifetimes from another clock. */
  public CertificateAuthority withClock(Clock clock) {
    return new CertificateAuthority(certificate, privateKey, Objects.requireNonNull(clock, "clock"));
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public Clock clock() {
    return clock;
  }

  /** The CA certificate as PEM: what {@code --client-ca-file} and {@code certificate-authority-data} hold. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  public CertificateInfo info() {
    return CertificateInfo.of(certificate);
  }

  /** Writes {@code ca.crt} and {@code ca.key} (mode 0600). */
  public void write(Path certificateFile, Path privateKeyFile) {
    Pem.write(certificateFile, certificatePem());
    Pem.writePrivate(privateKeyFile, privateKeyPem());
  }

  /** A certificate for a fresh {@link KeyAlgorithm#DEFAULT} key pair. */
  public IssuedCertificate issue(CertificateSpec spec) {
    return issue(spec, KeyAlgorithm.DEFAULT);
  }

  /** A certificate for a fresh key pair of this algorithm. */
  public IssuedCertificate issue(CertificateSpec spec, KeyAlgorithm algorithm) {
    return issue(spec, KeyPairs.generate(algorithm));
  }

  /** A certificate for this key pair. */
  public IssuedCertificate issue(CertificateSpec spec, KeyPair keyPair) {
    Objects.requireNonNull(keyPair, "keyPair");
    X509Certificate issued = build(spec, keyPair.getPublic());
    return new IssuedCertificate(issued, keyPair.getPrivate(), List.of(certificate));
  }

  /**
   * Signs a request as the {@code kubernetes.io/kube-apiserver-client} signer does: a client
   * certificate with the request's subject (CN as the user, O as the groups), valid for
   * {@link CertificateSpec#DEFAULT_LIFETIME}.
   *
   * @throws IllegalArgumentException if the request's signature does not verify
   */
  public X509Certificate sign(Csr csr) {
    Objects.requireNonNull(csr, "csr");
    return sign(csr, CertificateSpec.clientCertificate(csr.commonName(), csr.organizations()));
  }

  /**
   * Signs the request's public key with what {@code spec} says. The request proves its sender holds
   * the private key; the subject, names and usages are the signer's decision, so they come from the
   * spec ({@link #sign(Csr)} copies the request's subject).
   *
   * @throws IllegalArgumentException if the request's signature does not verify
   */
  public X509Certificate sign(Csr csr, CertificateSpec spec) {
    Objects.requireNonNull(csr, "csr");
    if (!csr.isSignatureValid()) {
      throw new IllegalArgumentException(
          "the CSR for " + csr.subject() + " is not signed by the key it carries; refusing to sign it");
    }
    return build(spec, csr.publicKey());
  }

  private X509Certificate build(CertificateSpec spec, PublicKey subjectKey) {
    Objects.requireNonNull(spec, "spec");
    X500Name subject = Names.subject(spec.commonName(), spec.organizations());
    Validity.Window window = spec.validity().at(clock);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, Crypto.randomSerial(),
        Date.from(window.notBefore()), Date.from(window.notAfter()), subject, subjectKey);
    try {
      JcaX509ExtensionUtils utils = extensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      if (!spec.keyUsages().isEmpty()) {
        int mask = 0;
        for (KeyUsage usage : spec.keyUsages()) {
          mask |= usage.mask();
        }
        builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(mask));
      }
      if (!spec.extendedKeyUsages().isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false,
            new org.bouncycastle.asn1.x509.ExtendedKeyUsage(purposes(spec.extendedKeyUsages())));
      }
      GeneralNames sans = subjectAltNames(spec);
      if (sans.getNames().length > 0) {
        // RFC 5280: with an empty subject the names are the identity, so the extension is critical
        builder.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, sans);
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(utils));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode certificate extensions", e);
    }
    return sign(builder, privateKey);
  }

  /** The CA's own subject key identifier when it has one, so chains link whoever made the CA. */
  private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils utils) {
    Extensions extensions;
    try {
      extensions = new X509CertificateHolder(certificate.getEncoded()).getExtensions();
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot re-read the CA certificate", e);
    }
    SubjectKeyIdentifier own = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
    return own != null
        ? new AuthorityKeyIdentifier(own.getKeyIdentifier())
        : utils.createAuthorityKeyIdentifier(certificate.getPublicKey());
  }

  private static KeyPurposeId[] purposes(Set<ExtendedKeyUsage> usages) {
    return usages.stream().map(ExtendedKeyUsage::purpose).toArray(KeyPurposeId[]::new);
  }

  private static GeneralNames subjectAltNames(CertificateSpec spec) {
    List<GeneralName> names = new java.util.ArrayList<>();
    for (String dns : spec.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : spec.ipAddresses()) {
      names.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      // SHA-1 for key identifiers ships with every JDK
      throw new IllegalStateException("no SHA-1 for key identifiers", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    X509CertificateHolder holder = builder.build(Crypto.signer(signingKey));
    try {
      // the JDK's certificate class, which its PKIX validator and TLS stack take as is
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot convert a certificate just built", e);
    }
  }

  @Override
  public String toString() {
    CertificateInfo info = info();
    return "CertificateAuthority[" + info.subject() + ", valid until " + info.notAfter() + "]";
  }
}
