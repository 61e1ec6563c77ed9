package dev.authlab.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Extended key usages that matter to Kubernetes. kube-apiserver accepts a client certificate only
 * if it permits {@link #CLIENT_AUTH}; clients accept a serving certificate only if it permits
 * {@link #SERVER_AUTH}. Go's verifier (which both use) also accepts {@link #ANY}.
 */
public enum ExtendedKeyUsage {
  CLIENT_AUTH("clientAuth", KeyPurposeId.id_kp_clientAuth),
  SERVER_AUTH("serverAuth", KeyPurposeId.id_kp_serverAuth),
  ANY("anyExtendedKeyUsage", KeyPurposeId.anyExtendedKeyUsage);

  private final String rfcName;
  private final KeyPurposeId purpose;

  ExtendedKeyUsage(String rfcName, KeyPurposeId purpose) {
    this.rfcName = rfcName;
    this.purpose = purpose;
  }

  /** The name RFC 5280 gives the purpose, such as {@code clientAuth}. */
  public String rfcName() {
    return rfcName;
  }

  /** The dotted object identifier, such as {@code 1.3.6.1.5.5.7.3.2}. */
  public String oid() {
    return purpose.getId();
  }

  /** The usage with this object identifier, if it is one of these. */
  public static Optional<ExtendedKeyUsage> fromOid(String oid) {
    for (ExtendedKeyUsage usage : values()) {
      if (usage.oid().equals(oid)) {
        return Optional.of(usage);
      }
    }
    return Optional.empty();
  }

  KeyPurposeId purpose() {
    return purpose;
  }

  @Override
  public String toString() {
    return rfcName;
  }
}
