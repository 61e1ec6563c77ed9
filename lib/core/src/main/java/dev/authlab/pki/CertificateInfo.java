package dev.authlab.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate described for people: what kube-apiserver reads from it (CN as the user, each O as
 * a group), when it is valid, what it may be used for, and who issued it. Used to explain why a
 * client certificate was accepted or rejected.
 *
 * @param subject the subject, as {@code CN=jane,O=dev}
 * @param commonName the first CN; empty if there is none
 * @param organizations every O, in order
 * @param issuer the issuer, as {@code CN=kubernetes}
 * @param serialNumber the serial number
 * @param notBefore start of validity
 * @param notAfter end of validity (inclusive)
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names, as text
 * @param keyUsages the key usage bits; empty if the certificate has no key usage extension
 * @param extendedKeyUsages the extended key usages this kit names
 * @param otherExtendedKeyUsages dotted OIDs of any other extended key usages
 * @param certificateAuthority whether basicConstraints says CA:TRUE
 * @param publicKey the key type, such as {@code ECDSA P-256} or {@code RSA 2048}
 * @param signatureAlgorithm the issuer's signature algorithm, such as {@code SHA256withECDSA}
 */
public record CertificateInfo(
    String subject,
    String commonName,
    List<String> organizations,
    String issuer,
    BigInteger serialNumber,
    Instant notBefore,
    Instant notAfter,
    List<String> dnsNames,
    List<String> ipAddresses,
    Set<KeyUsage> keyUsages,
    Set<ExtendedKeyUsage> extendedKeyUsages,
    List<String> otherExtendedKeyUsages,
    boolean certificateAuthority,
    String publicKey,
    String signatureAlgorithm) {

  /** Where an instant falls in a certificate's validity. */
  public enum ValidityStatus {
    NOT_YET_VALID,
    VALID,
    EXPIRED
  }

  public CertificateInfo {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(commonName, "commonName");
    organizations = List.copyOf(organizations);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    keyUsages = Collections.unmodifiableSet(keyUsages.isEmpty() ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(keyUsages));
    extendedKeyUsages = Collections.unmodifiableSet(
        extendedKeyUsages.isEmpty() ? EnumSet.noneOf(ExtendedKeyUsage.class) : EnumSet.copyOf(extendedKeyUsages));
    otherExtendedKeyUsages = List.copyOf(otherExtendedKeyUsages);
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
  }

  public static CertificateInfo of(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    X500Name subject = Names.of(certificate.getSubjectX500Principal());
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    subjectAltNames(certificate, dns, ips);
    Set<ExtendedKeyUsage> ekus = EnumSet.noneOf(ExtendedKeyUsage.class);
    List<String> otherEkus = new ArrayList<>();
    try {
      List<String> oids = certificate.getExtendedKeyUsage();
      for (String oid : oids == null ? List.<String>of() : oids) {
        ExtendedKeyUsage.fromOid(oid).ifPresentOrElse(ekus::add, () -> otherEkus.add(oid));
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IllegalArgumentException("malformed extended key usage extension in " + certificate.getSubjectX500Principal(), e);
    }
    return new CertificateInfo(
        Names.display(subject),
        Names.commonName(subject),
        Names.organizations(subject),
        Names.display(Names.of(certificate.getIssuerX500Principal())),
        certificate.getSerialNumber(),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        dns,
        ips,
        keyUsages(certificate),
        ekus,
        otherEkus,
        certificate.getBasicConstraints() >= 0,
        KeyAlgorithm.of(certificate.getPublicKey()).map(KeyAlgorithm::displayName)
            .orElse(certificate.getPublicKey().getAlgorithm()),
        certificate.getSigAlgName());
  }

  /** Before, within or after the validity window; both ends count as valid, as in RFC 5280. */
  public ValidityStatus validityAt(Instant instant) {
    if (instant.isBefore(notBefore)) {
      return ValidityStatus.NOT_YET_VALID;
    }
    return instant.isAfter(notAfter) ? ValidityStatus.EXPIRED : ValidityStatus.VALID;
  }

  public boolean isValidAt(Instant instant) {
    return validityAt(instant) == ValidityStatus.VALID;
  }

  /**
   * Whether the certificate may be used for this purpose, as Go's verifier decides for the leaf: a
   * certificate without the extension may be used for anything, one with anyExtendedKeyUsage too.
   */
  public boolean permits(ExtendedKeyUsage usage) {
    boolean noExtension = extendedKeyUsages.isEmpty() && otherExtendedKeyUsages.isEmpty();
    return noExtension || extendedKeyUsages.contains(usage) || extendedKeyUsages.contains(ExtendedKeyUsage.ANY);
  }

  /** The serial number as openssl prints it: hex byte pairs joined by colons. */
  public String serialHex() {
    String hex = serialNumber.toString(16);
    if (hex.length() % 2 == 1) {
      hex = "0" + hex;
    }
    StringJoiner pairs = new StringJoiner(":");
    for (int i = 0; i < hex.length(); i += 2) {
      pairs.add(hex.substring(i, i + 2));
    }
    return pairs.toString();
  }

  /** Several lines, one fact each, with the Kubernetes reading of CN and O. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    line(out, "Subject", subject);
    line(out, "  user (CN)", commonName.isEmpty() ? "(none)" : commonName);
    line(out, "  groups (O)", organizations.isEmpty() ? "(none)" : String.join(", ", organizations));
    line(out, "Issuer", issuer);
    line(out, "Serial", serialHex());
    line(out, "Not before", notBefore.toString());
    line(out, "Not after", notAfter.toString());
    List<String> sans = new ArrayList<>();
    dnsNames.forEach(name -> sans.add("DNS:" + name));
    ipAddresses.forEach(ip -> sans.add("IP:" + ip));
    line(out, "SANs", sans.isEmpty() ? "(none)" : String.join(", ", sans));
    line(out, "Key usage", keyUsages.isEmpty() ? "(no extension)" : join(keyUsages));
    List<String> ekus = new ArrayList<>();
    extendedKeyUsages.forEach(usage -> ekus.add(usage.rfcName()));
    ekus.addAll(otherExtendedKeyUsages);
    line(out, "Extended key usage", ekus.isEmpty() ? "(no extension: any purpose)" : String.join(", ", ekus));
    line(out, "CA", certificateAuthority ? "yes" : "no");
    line(out, "Public key", publicKey);
    line(out, "Signature", signatureAlgorithm);
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-20s %s%n", label + ":", value));
  }

  private static String join(Set<KeyUsage> usages) {
    StringJoiner joined = new StringJoiner(", ");
    usages.forEach(usage -> joined.add(usage.rfcName()));
    return joined.toString();
  }

  private static Set<KeyUsage> keyUsages(X509Certificate certificate) {
    boolean[] bits = certificate.getKeyUsage();
    Set<KeyUsage> usages = EnumSet.noneOf(KeyUsage.class);
    if (bits != null) {
      KeyUsage[] all = KeyUsage.values();
      for (int i = 0; i < bits.length && i < all.length; i++) {
        if (bits[i]) {
          usages.add(all[i]);
        }
      }
    }
    return usages;
  }

  private static void subjectAltNames(X509Certificate certificate, List<String> dns, List<String> ips) {
    GeneralNames names;
    try {
      Extensions extensions = new X509CertificateHolder(certificate.getEncoded()).getExtensions();
      // a version 1 certificate has no extensions at all
      names = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    } catch (IOException | CertificateEncodingException | RuntimeException e) {
      throw new IllegalArgumentException("malformed subject alternative names in " + certificate.getSubjectX500Principal(), e);
    }
    if (names == null) {
      return;
    }
    for (GeneralName name : names.getNames()) {
      if (name.getTagNo() == GeneralName.dNSName) {
        dns.add(((ASN1String) name.getName()).getString());
      } else if (name.getTagNo() == GeneralName.iPAddress) {
        ips.add(ipText(ASN1OctetString.getInstance(name.getName()).getOctets()));
      }
    }
  }

  private static String ipText(byte[] octets) {
    try {
      // from raw octets, so no name lookup happens
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException e) {
      return "invalid(" + octets.length + " bytes)";
    }
  }
}
