package dev.authlab.pki;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Shared, immutable test fixtures: a fixed clock and CAs made once (key generation is the slow part). */
final class Fixtures {

  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final CertificateAuthority EC_CA = CertificateAuthority.selfSigned("authlab-ec-ca", KeyAlgorithm.ECDSA_P256, CLOCK);
  static final CertificateAuthority RSA_CA = CertificateAuthority.selfSigned("authlab-rsa-ca", KeyAlgorithm.RSA_2048, CLOCK);

  static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";
  static final String SERVER_AUTH_OID = "1.3.6.1.5.5.7.3.1";

  private Fixtures() {}

  /** PKIX validation of leaf against the CA as the only trust anchor, at {@code at}, revocation off. */
  static PKIXCertPathValidatorResult validate(X509Certificate leaf, X509Certificate ca, Instant at) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    return (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
