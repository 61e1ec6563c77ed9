package dev.authlab.authn.x509;

import java.security.cert.X509Certificate;

/**
 * How upstream names a client certificate in its verification errors:
 * {@code SN=<decimal serial>, SKID=<AA:BB:..>, AKID=<AA:BB:..>} (empty key ids print as nothing).
 * Nothing secret: all three are public parts of the certificate.
 */
public final class CertificateIdentifier {

  private CertificateIdentifier() {}

  public static String of(X509Certificate certificate) {
    return of(CertificateFacts.of(certificate));
  }

  static String of(CertificateFacts facts) {
    return "SN=" + facts.serialNumber + ", SKID=" + GoText.colonHex(facts.subjectKeyId) + ", AKID=" + GoText.colonHex(facts.authorityKeyId);
  }
}
