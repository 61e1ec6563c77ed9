package dev.authlab.pki;

import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Subject names: built from CN and O, read back as Kubernetes reads them. */
final class Names {

  private Names() {}

  /**
   * CN first, then one O per group, the order {@code openssl req -subj "/CN=jane/O=dev"} writes. An
   * empty CN is left out rather than written as an empty string.
   */
  static X500Name subject(String commonName, List<String> organizations) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    if (!commonName.isEmpty()) {
      builder.addRDN(BCStyle.CN, commonName);
    }
    for (String organization : organizations) {
      builder.addRDN(BCStyle.O, organization);
    }
    return builder.build();
  }

  static X500Name of(X500Principal principal) {
    return X500Name.getInstance(principal.getEncoded());
  }

  /** The first CN, or empty: Go's {@code Subject.CommonName}, which kube-apiserver takes as the user name. */
  static String commonName(X500Name name) {
    List<String> values = values(name, BCStyle.CN);
    return values.isEmpty() ? "" : values.get(0);
  }

  /** Every O in order: Go's {@code Subject.Organization}, which kube-apiserver takes as the groups. */
  static List<String> organizations(X500Name name) {
    return values(name, BCStyle.O);
  }

  /** {@code CN=jane,O=dev}: RFC 4514 escaping, in the order the name is encoded. */
  static String display(X500Name name) {
    return name.getRDNs().length == 0 ? "(empty)" : BCStyle.INSTANCE.toString(name);
  }

  private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      // an RDN may hold several attributes joined by '+'; each counts
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        if (attribute.getType().equals(type)) {
          values.add(text(attribute.getValue()));
        }
      }
    }
    return List.copyOf(values);
  }

  private static String text(ASN1Encodable value) {
    return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
  }
}
