package dev.authlab.authn.x509;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1NumericString;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * What Go's certificate parser makes of a certificate, for the fields chain verification and user
 * conversion read: raw names, key identifiers, constraints, usages, the subject's attributes (the
 * last CN wins, every O in order) and whether a critical extension is one Go does not handle.
 */
final class CertificateFacts {

  static final String OID_COMMON_NAME = "2.5.4.3";
  static final String OID_ORGANIZATION = "2.5.4.10";

  /** Extensions under 2.5.29 that Go's parser handles (17, the SAN, only when it names something). */
  private static final Set<Integer> HANDLED_EXTENSIONS = Set.of(14, 15, 19, 30, 31, 32, 33, 35, 36, 37, 54);

  private static final int NAME_TYPE_EMAIL = GeneralName.rfc822Name;
  private static final int NAME_TYPE_DNS = GeneralName.dNSName;
  private static final int NAME_TYPE_URI = GeneralName.uniformResourceIdentifier;
  private static final int NAME_TYPE_IP = GeneralName.iPAddress;

  /** The public-key families Go verifies signatures with. */
  enum KeyAlgorithm {
    RSA,
    ECDSA,
    ED25519,
    DSA,
    UNKNOWN
  }

  /** One attribute of the subject name; {@code value} is empty when it is not one of Go's string types. */
  record Attribute(String oid, Optional<String> value) {}

  final X509Certificate certificate;
  final byte[] raw;
  final byte[] rawSubject;
  final byte[] rawIssuer;
  final byte[] rawPublicKey;
  final int version;
  final BigInteger serialNumber;
  final Instant notBefore;
  final Instant notAfter;
  final List<Attribute> subjectAttributes;
  final String commonName;
  final List<String> organizations;
  final byte[] subjectKeyId;
  final byte[] authorityKeyId;
  final boolean basicConstraintsValid;
  final boolean isCA;
  final int maxPathLen;
  final boolean hasKeyUsage;
  final boolean keyCertSign;
  final List<ExtKeyUsage> extKeyUsages;
  final int unknownExtKeyUsages;
  final boolean unhandledCriticalExtension;
  final Optional<GeneralNames> subjectAltNames;
  final Optional<NameConstraints> nameConstraints;
  final PublicKey publicKey;
  final KeyAlgorithm keyAlgorithm;
  final String signatureAlgorithmOid;

  private CertificateFacts(X509Certificate certificate) {
    this.certificate = certificate;
    try {
      this.raw = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
    }
    TBSCertificate tbs = org.bouncycastle.asn1.x509.Certificate.getInstance(raw).getTBSCertificate();
    this.rawSubject = certificate.getSubjectX500Principal().getEncoded();
    this.rawIssuer = certificate.getIssuerX500Principal().getEncoded();
    this.publicKey = certificate.getPublicKey();
    this.rawPublicKey = publicKey.getEncoded();
    this.version = certificate.getVersion();
    this.serialNumber = certificate.getSerialNumber();
    this.notBefore = certificate.getNotBefore().toInstant();
    this.notAfter = certificate.getNotAfter().toInstant();
    this.signatureAlgorithmOid = certificate.getSigAlgOID();
    this.keyAlgorithm = keyAlgorithm(publicKey);

    List<Attribute> attributes = new ArrayList<>();
    String cn = "";
    List<String> orgs = new ArrayList<>();
    for (RDN rdn : X500Name.getInstance(rawSubject).getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        Optional<String> value = goString(atv.getValue());
        String oid = atv.getType().getId();
        attributes.add(new Attribute(oid, value));
        if (value.isPresent() && oid.equals(OID_COMMON_NAME)) {
          cn = value.get();
        } else if (value.isPresent() && oid.equals(OID_ORGANIZATION)) {
          orgs.add(value.get());
        }
      }
    }
    this.subjectAttributes = List.copyOf(attributes);
    this.commonName = cn;
    this.organizations = List.copyOf(orgs);

    Extensions extensions = tbs.getExtensions();
    byte[] skid = new byte[0];
    byte[] akid = new byte[0];
    boolean bcValid = false;
    boolean ca = false;
    int pathLen = -1;
    Optional<GeneralNames> san = Optional.empty();
    Optional<NameConstraints> constraints = Optional.empty();
    boolean unhandled = false;
    if (extensions != null) {
      for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
        Extension extension = extensions.getExtension(oid);
        boolean handled = isHandled(oid);
        switch (oid.getId()) {
          case "2.5.29.14":
            skid = SubjectKeyIdentifier.getInstance(extension.getParsedValue()).getKeyIdentifier();
            break;
          case "2.5.29.35": {
            byte[] id = AuthorityKeyIdentifier.getInstance(extension.getParsedValue()).getKeyIdentifier();
            akid = id == null ? new byte[0] : id;
            break;
          }
          case "2.5.29.19": {
            BasicConstraints basic = BasicConstraints.getInstance(extension.getParsedValue());
            bcValid = true;
            ca = basic.isCA();
            BigInteger len = basic.getPathLenConstraint();
            pathLen = len == null ? -1 : len.intValue();
            break;
          }
          case "2.5.29.17": {
            GeneralNames names = GeneralNames.getInstance(extension.getParsedValue());
            san = Optional.of(names);
            handled = hasNameOfType(names, NAME_TYPE_EMAIL, NAME_TYPE_DNS, NAME_TYPE_URI, NAME_TYPE_IP);
            break;
          }
          case "2.5.29.30": {
            NameConstraints nc = NameConstraints.getInstance(extension.getParsedValue());
            constraints = Optional.of(nc);
            handled = onlySupportedConstraints(nc);
            break;
          }
          default:
            break;
        }
        if (extension.isCritical() && !handled) {
          unhandled = true;
        }
      }
    }
    this.subjectKeyId = skid;
    this.authorityKeyId = akid;
    this.basicConstraintsValid = bcValid;
    this.isCA = ca;
    this.maxPathLen = pathLen;
    this.subjectAltNames = san;
    this.nameConstraints = constraints;
    this.unhandledCriticalExtension = unhandled;

    boolean[] keyUsage = certificate.getKeyUsage();
    boolean anyBit = false;
    if (keyUsage != null) {
      for (boolean bit : keyUsage) {
        anyBit |= bit;
      }
    }
    this.hasKeyUsage = anyBit;
    this.keyCertSign = keyUsage != null && keyUsage.length > 5 && keyUsage[5];

    List<ExtKeyUsage> known = new ArrayList<>();
    int unknown = 0;
    try {
      List<String> ekus = certificate.getExtendedKeyUsage();
      if (ekus != null) {
        for (String eku : ekus) {
          Optional<ExtKeyUsage> usage = ExtKeyUsage.fromOid(eku);
          if (usage.isPresent()) {
            known.add(usage.get());
          } else {
            unknown++;
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("the certificate's extended key usage cannot be parsed: " + e.getMessage(), e);
    }
    this.extKeyUsages = List.copyOf(known);
    this.unknownExtKeyUsages = unknown;
  }

  /** The facts of a certificate; a structure Go could not parse either is an IllegalArgumentException. */
  static CertificateFacts of(X509Certificate certificate) {
    try {
      return new CertificateFacts(certificate);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed certificate: " + e.getClass().getSimpleName(), e);
    }
  }

  boolean hasSubjectAltNames() {
    return subjectAltNames.isPresent();
  }

  private static boolean isHandled(ASN1ObjectIdentifier oid) {
    String id = oid.getId();
    if (id.startsWith("2.5.29.") && id.indexOf('.', 7) < 0) {
      try {
        return HANDLED_EXTENSIONS.contains(Integer.parseInt(id.substring(7)));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    // Authority information access must not be critical; Go refuses such a certificate outright.
    return false;
  }

  private static boolean hasNameOfType(GeneralNames names, int... types) {
    for (GeneralName name : names.getNames()) {
      for (int type : types) {
        if (name.getTagNo() == type) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean onlySupportedConstraints(NameConstraints constraints) {
    for (GeneralSubtree[] subtrees : List.of(orEmpty(constraints.getPermittedSubtrees()), orEmpty(constraints.getExcludedSubtrees()))) {
      for (GeneralSubtree subtree : subtrees) {
        int tag = subtree.getBase().getTagNo();
        if (tag != NAME_TYPE_EMAIL && tag != NAME_TYPE_DNS && tag != NAME_TYPE_URI && tag != NAME_TYPE_IP) {
          return false;
        }
      }
    }
    return true;
  }

  static GeneralSubtree[] orEmpty(GeneralSubtree[] subtrees) {
    return subtrees == null ? new GeneralSubtree[0] : subtrees;
  }

  /** The ASN.1 string types Go decodes in names; anything else is not a string to Go. */
  private static Optional<String> goString(ASN1Encodable value) {
    if (value instanceof ASN1UTF8String
        || value instanceof ASN1PrintableString
        || value instanceof ASN1IA5String
        || value instanceof ASN1T61String
        || value instanceof ASN1BMPString
        || value instanceof ASN1NumericString) {
      return Optional.of(((ASN1String) value).getString());
    }
    return Optional.empty();
  }

  private static KeyAlgorithm keyAlgorithm(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return KeyAlgorithm.RSA;
    }
    if (key instanceof ECPublicKey) {
      return KeyAlgorithm.ECDSA;
    }
    if (key instanceof EdECPublicKey && "Ed25519".equalsIgnoreCase(((EdECPublicKey) key).getParams().getName())) {
      return KeyAlgorithm.ED25519;
    }
    if (key instanceof DSAPublicKey) {
      return KeyAlgorithm.DSA;
    }
    return KeyAlgorithm.UNKNOWN;
  }
}
