package dev.authlab.authn.x509;

import java.util.Optional;

/**
 * The extended key usages Go's crypto/x509 knows by name. An EKU OID outside this list is "unknown"
 * to Go: it still counts as the certificate restricting its usages, but it never satisfies a request.
 */
public enum ExtKeyUsage {
  /** anyExtendedKeyUsage: good for every purpose. */
  ANY("2.5.29.37.0"),
  SERVER_AUTH("1.3.6.1.5.5.7.3.1"),
  CLIENT_AUTH("1.3.6.1.5.5.7.3.2"),
  CODE_SIGNING("1.3.6.1.5.5.7.3.3"),
  EMAIL_PROTECTION("1.3.6.1.5.5.7.3.4"),
  IPSEC_END_SYSTEM("1.3.6.1.5.5.7.3.5"),
  IPSEC_TUNNEL("1.3.6.1.5.5.7.3.6"),
  IPSEC_USER("1.3.6.1.5.5.7.3.7"),
  TIME_STAMPING("1.3.6.1.5.5.7.3.8"),
  OCSP_SIGNING("1.3.6.1.5.5.7.3.9"),
  MICROSOFT_SERVER_GATED_CRYPTO("1.3.6.1.4.1.311.10.3.3"),
  NETSCAPE_SERVER_GATED_CRYPTO("2.16.840.1.113730.4.1"),
  MICROSOFT_COMMERCIAL_CODE_SIGNING("1.3.6.1.4.1.311.2.1.22"),
  MICROSOFT_KERNEL_CODE_SIGNING("1.3.6.1.4.1.311.61.1.1");

  private final String oid;

  ExtKeyUsage(String oid) {
    this.oid = oid;
  }

  public String oid() {
    return oid;
  }

  public static Optional<ExtKeyUsage> fromOid(String oid) {
    for (ExtKeyUsage usage : values()) {
      if (usage.oid.equals(oid)) {
        return Optional.of(usage);
      }
    }
    return Optional.empty();
  }
}
