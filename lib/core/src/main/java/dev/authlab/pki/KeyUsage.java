package dev.authlab.pki;

/**
 * The X.509 key usage bits (RFC 5280 §4.2.1.3), in bit order. Client and serving certificates carry
 * {@link #DIGITAL_SIGNATURE} and {@link #KEY_ENCIPHERMENT}; a CA carries {@link #KEY_CERT_SIGN} and
 * {@link #CRL_SIGN}.
 */
public enum KeyUsage {
  DIGITAL_SIGNATURE("digitalSignature", org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),
  /** Called nonRepudiation in older texts and in openssl's output. */
  CONTENT_COMMITMENT("contentCommitment", org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation),
  KEY_ENCIPHERMENT("keyEncipherment", org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),
  DATA_ENCIPHERMENT("dataEncipherment", org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment),
  KEY_AGREEMENT("keyAgreement", org.bouncycastle.asn1.x509.KeyUsage.keyAgreement),
  KEY_CERT_SIGN("keyCertSign", org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),
  CRL_SIGN("cRLSign", org.bouncycastle.asn1.x509.KeyUsage.cRLSign),
  ENCIPHER_ONLY("encipherOnly", org.bouncycastle.asn1.x509.KeyUsage.encipherOnly),
  DECIPHER_ONLY("decipherOnly", org.bouncycastle.asn1.x509.KeyUsage.decipherOnly);

  private final String rfcName;
  private final int mask;

  KeyUsage(String rfcName, int mask) {
    this.rfcName = rfcName;
    this.mask = mask;
  }

  /** The name RFC 5280 gives the bit, such as {@code digitalSignature}. */
  public String rfcName() {
    return rfcName;
  }

  /** Bouncy Castle's mask for this bit. */
  int mask() {
    return mask;
  }

  @Override
  public String toString() {
    return rfcName;
  }
}
