package dev.authlab.authn.x509;

import dev.authlab.gofmt.GoStrings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * Go's name-constraint check for a CA certificate: every DNS, e-mail, URI and IP subject alternative
 * name of the certificates below it must not match an excluded subtree and, when permitted subtrees
 * of that type exist, must match one. Directory-name constraints are not supported by Go (a critical
 * extension holding them is "unhandled").
 */
final class NameConstraintCheck {

  private static final String NOT_AUTHORIZED = "x509: a root or intermediate certificate is not authorized to sign for this name: ";

  private NameConstraintCheck() {}

  /** The Go error text, or empty when every name is allowed. */
  static Optional<String> check(CertificateFacts ca, List<CertificateFacts> below) {
    NameConstraints constraints = ca.nameConstraints.orElseThrow();
    GeneralSubtree[] permitted = CertificateFacts.orEmpty(constraints.getPermittedSubtrees());
    GeneralSubtree[] excluded = CertificateFacts.orEmpty(constraints.getExcludedSubtrees());
    for (CertificateFacts cert : below) {
      if (cert.subjectAltNames.isEmpty()) {
        continue;
      }
      for (GeneralName name : cert.subjectAltNames.get().getNames()) {
        Optional<String> error = checkName(name, permitted, excluded);
        if (error.isPresent()) {
          return error;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkName(GeneralName name, GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
    int tag = name.getTagNo();
    switch (tag) {
      case GeneralName.rfc822Name: {
        String mailbox = ((ASN1String) name.getName()).getString();
        Optional<String[]> parsed = parseMailbox(mailbox);
        if (parsed.isEmpty()) {
          return Optional.of("x509: cannot parse rfc822Name " + GoStrings.quote(mailbox));
        }
        return checkConstraints("email address", mailbox, tag, permitted, excluded, constraint -> matchEmail(parsed.get(), constraint));
      }
      case GeneralName.dNSName: {
        String dns = ((ASN1String) name.getName()).getString();
        if (reverseLabels(dns).isEmpty()) {
          return Optional.of("x509: cannot parse dnsName " + GoStrings.quote(dns));
        }
        return checkConstraints("DNS name", dns, tag, permitted, excluded, constraint -> matchDomain(dns, constraint));
      }
      case GeneralName.uniformResourceIdentifier: {
        String uri = ((ASN1String) name.getName()).getString();
        return checkConstraints("URI", uri, tag, permitted, excluded, constraint -> matchUri(uri, constraint));
      }
      case GeneralName.iPAddress: {
        byte[] ip = ASN1OctetString.getInstance(name.getName()).getOctets();
        if (ip.length != 4 && ip.length != 16) {
          return Optional.of("x509: internal error: IP SAN " + java.util.HexFormat.of().formatHex(ip) + " failed to parse");
        }
        return checkConstraints("IP address", ipString(ip), tag, permitted, excluded, constraint -> matchIp(ip, constraint));
      }
      default:
        return Optional.empty(); // other name types are ignored
    }
  }

  /** A constraint's match result: matched, or Go's error text. */
  private record Match(boolean matched, Optional<String> error) {
    static Match of(boolean matched) {
      return new Match(matched, Optional.empty());
    }

    static Match error(String error) {
      return new Match(false, Optional.of(error));
    }
  }

  private interface Matcher {
    Match match(GeneralName constraint);
  }

  private static Optional<String> checkConstraints(
      String nameType, String name, int tag, GeneralSubtree[] permitted, GeneralSubtree[] excluded, Matcher matcher) {
    for (GeneralSubtree subtree : excluded) {
      if (subtree.getBase().getTagNo() != tag) {
        continue;
      }
      Match match = matcher.match(subtree.getBase());
      if (match.error().isPresent()) {
        return Optional.of(NOT_AUTHORIZED + match.error().get());
      }
      if (match.matched()) {
        return Optional.of(NOT_AUTHORIZED + nameType + " " + GoStrings.quote(name) + " is excluded by constraint " + GoStrings.quote(describe(subtree.getBase())));
      }
    }
    boolean any = false;
    for (GeneralSubtree subtree : permitted) {
      if (subtree.getBase().getTagNo() != tag) {
        continue;
      }
      any = true;
      Match match = matcher.match(subtree.getBase());
      if (match.error().isPresent()) {
        return Optional.of(NOT_AUTHORIZED + match.error().get());
      }
      if (match.matched()) {
        return Optional.empty();
      }
    }
    if (any) {
      return Optional.of(NOT_AUTHORIZED + nameType + " " + GoStrings.quote(name) + " is not permitted by any constraint");
    }
    return Optional.empty();
  }

  private static String describe(GeneralName constraint) {
    if (constraint.getTagNo() == GeneralName.iPAddress) {
      byte[] net = ASN1OctetString.getInstance(constraint.getName()).getOctets();
      int half = net.length / 2;
      byte[] ip = Arrays.copyOfRange(net, 0, half);
      byte[] mask = Arrays.copyOfRange(net, half, net.length);
      int ones = 0;
      for (byte b : mask) {
        ones += Integer.bitCount(b & 0xff);
      }
      byte[] masked = new byte[half];
      for (int i = 0; i < half; i++) {
        masked[i] = (byte) (ip[i] & mask[i]);
      }
      return ipString(masked) + "/" + ones;
    }
    return ((ASN1String) constraint.getName()).getString();
  }

  private static Match matchEmail(String[] mailbox, GeneralName constraint) {
    String value = ((ASN1String) constraint.getName()).getString();
    if (value.contains("@")) {
      Optional<String[]> parsed = parseMailbox(value);
      if (parsed.isEmpty()) {
        return Match.error("x509: internal error: cannot parse constraint " + GoStrings.quote(value));
      }
      return Match.of(mailbox[0].equals(parsed.get()[0]) && mailbox[1].equalsIgnoreCase(parsed.get()[1]));
    }
    return domainMatch(mailbox[1], value);
  }

  private static Match matchDomain(String domain, GeneralName constraint) {
    return domainMatch(domain, ((ASN1String) constraint.getName()).getString());
  }

  private static Match matchUri(String uri, GeneralName constraint) {
    String host;
    try {
      URI parsed = new URI(uri);
      host = parsed.getRawAuthority() == null ? "" : parsed.getRawAuthority();
      int at = host.lastIndexOf('@');
      if (at >= 0) {
        host = host.substring(at + 1);
      }
    } catch (URISyntaxException e) {
      return Match.error("x509: internal error: URI SAN " + GoStrings.quote(uri) + " failed to parse");
    }
    if (host.isEmpty()) {
      return Match.error("URI with empty host (" + GoStrings.quote(uri) + ") cannot be matched against constraints");
    }
    if (host.contains(":") && !host.endsWith("]")) {
      host = host.substring(0, host.lastIndexOf(':'));
    }
    if ((host.startsWith("[") && host.endsWith("]")) || looksLikeIp(host)) {
      return Match.error("URI with IP (" + GoStrings.quote(uri) + ") cannot be matched against constraints");
    }
    return domainMatch(host, ((ASN1String) constraint.getName()).getString());
  }

  private static Match matchIp(byte[] ip, GeneralName constraint) {
    byte[] net = ASN1OctetString.getInstance(constraint.getName()).getOctets();
    if (net.length != ip.length * 2) {
      return Match.of(false);
    }
    for (int i = 0; i < ip.length; i++) {
      int mask = net[ip.length + i] & 0xff;
      if ((ip[i] & mask) != (net[i] & mask)) {
        return Match.of(false);
      }
    }
    return Match.of(true);
  }

  /** Go's matchDomainConstraint: an empty constraint matches everything; a leading dot needs a subdomain. */
  private static Match domainMatch(String domain, String constraint) {
    if (constraint.isEmpty()) {
      return Match.of(true);
    }
    Optional<List<String>> domainLabels = reverseLabels(domain);
    if (domainLabels.isEmpty()) {
      return Match.error("x509: internal error: cannot parse domain " + GoStrings.quote(domain));
    }
    boolean mustHaveSubdomains = false;
    if (constraint.charAt(0) == '.') {
      mustHaveSubdomains = true;
      constraint = constraint.substring(1);
    }
    Optional<List<String>> constraintLabels = reverseLabels(constraint);
    if (constraintLabels.isEmpty()) {
      return Match.error("x509: internal error: cannot parse domain " + GoStrings.quote(constraint));
    }
    List<String> d = domainLabels.get();
    List<String> c = constraintLabels.get();
    if (d.size() < c.size() || (mustHaveSubdomains && d.size() == c.size())) {
      return Match.of(false);
    }
    for (int i = 0; i < c.size(); i++) {
      if (!c.get(i).equalsIgnoreCase(d.get(i))) {
        return Match.of(false);
      }
    }
    return Match.of(true);
  }

  /** Go's domainToReverseLabels: labels last-first; empty when a label is empty or holds bytes outside 33..126. */
  static Optional<List<String>> reverseLabels(String domain) {
    List<String> labels = new ArrayList<>();
    String rest = domain;
    while (!rest.isEmpty()) {
      int dot = rest.lastIndexOf('.');
      if (dot < 0) {
        labels.add(rest);
        rest = "";
      } else {
        labels.add(rest.substring(dot + 1));
        rest = rest.substring(0, dot);
        if (dot == 0) {
          labels.add("");
        }
      }
    }
    if (!labels.isEmpty() && labels.get(0).isEmpty()) {
      return Optional.empty();
    }
    for (String label : labels) {
      if (label.isEmpty()) {
        return Optional.empty();
      }
      for (int i = 0; i < label.length(); i++) {
        char ch = label.charAt(i);
        if (ch < 33 || ch > 126) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(labels);
  }

  /** Go's parseRFC2821Mailbox, reduced to what constraint matching needs: [local, domain]. */
  private static Optional<String[]> parseMailbox(String in) {
    if (in.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder local = new StringBuilder();
    int i = 0;
    if (in.charAt(0) == '"') {
      i = 1;
      while (true) {
        if (i >= in.length()) {
          return Optional.empty();
        }
        char c = in.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (i >= in.length()) {
            return Optional.empty();
          }
          char next = in.charAt(i);
          if (next == 11 || next == 12 || (1 <= next && next <= 9) || (14 <= next && next <= 127)) {
            local.append(next);
            i++;
          } else {
            return Optional.empty();
          }
        } else if (c == 11 || c == 12 || c == 32 || c == 33 || c == 127 || (1 <= c && c <= 8) || (14 <= c && c <= 31)
            || (35 <= c && c <= 91) || (93 <= c && c <= 126)) {
          local.append(c);
        } else {
          return Optional.empty();
        }
      }
    } else {
      while (i < in.length()) {
        char c = in.charAt(i);
        if (c == '\\') {
          i++;
          if (i >= in.length()) {
            return Optional.empty();
          }
          local.append(in.charAt(i));
          i++;
        } else if (Character.isLetterOrDigit(c) && c < 128 || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0) {
          local.append(c);
          i++;
        } else {
          break;
        }
      }
      if (local.length() == 0) {
        return Optional.empty();
      }
      String l = local.toString();
      if (l.startsWith(".") || l.endsWith(".") || l.contains("..")) {
        return Optional.empty();
      }
    }
    if (i >= in.length() || in.charAt(i) != '@') {
      return Optional.empty();
    }
    String domain = in.substring(i + 1);
    if (reverseLabels(domain).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {local.toString(), domain});
  }

  /** An IPv4 dotted quad or an IPv6 literal (checked without any name lookup). */
  private static boolean looksLikeIp(String host) {
    if (host.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
      return true;
    }
    if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+")) {
      try {
        InetAddress.getByName(host); // a literal: parsed, never looked up
        return true;
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static String ipString(byte[] ip) {
    try {
      String text = InetAddress.getByAddress(ip).getHostAddress();
      return ip.length == 16 ? compressV6(text) : text;
    } catch (UnknownHostException e) {
      return java.util.HexFormat.of().formatHex(ip);
    }
  }

  /** Java prints IPv6 uncompressed (0:0:0:0:0:0:0:1); Go prints ::1. */
  private static String compressV6(String full) {
    String[] groups = full.toLowerCase(Locale.ROOT).split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }
}
