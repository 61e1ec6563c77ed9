package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoTimes;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies the webhook's serving certificate in the order and with the messages of Go's crypto/x509
 * (validity period, then host name, then chain), so a failed handshake reads as the API server's
 * log would ("tls: failed to verify certificate: x509: certificate signed by unknown authority").
 * Being an extended trust manager, it also takes over host name checking from the JDK, which lets
 * it honour tls-server-name.
 */
final class GoTrustManager extends X509ExtendedTrustManager {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** A verification failure carrying Go's text; found again in the handshake exception's causes. */
  static final class GoCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    GoCertificateException(String goMessage) {
      super("tls: failed to verify certificate: " + goMessage);
    }
  }

  private final Optional<List<X509Certificate>> roots;
  private final String expectedHost;
  private final boolean verify;
  private final Clock clock;

  private GoTrustManager(Optional<List<X509Certificate>> roots, String expectedHost, boolean verify, Clock clock) {
    this.roots = roots.map(List::copyOf);
    this.expectedHost = expectedHost;
    this.verify = verify;
    this.clock = clock;
  }

  /** Trusts the given roots, or the JDK's trust store when there are none (as Go uses the system's). */
  static GoTrustManager verifying(Optional<List<X509Certificate>> roots, String expectedHost, Clock clock) {
    return new GoTrustManager(roots, expectedHost, true, clock);
  }

  /** insecure-skip-tls-verify: anything goes. */
  static GoTrustManager insecure() {
    return new GoTrustManager(Optional.empty(), "", false, Clock.systemUTC());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    verify(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    verify(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    verify(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("this trust manager only verifies servers");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("this trust manager only verifies servers");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("this trust manager only verifies servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return roots.map(list -> list.toArray(new X509Certificate[0])).orElse(new X509Certificate[0]);
  }

  private void verify(X509Certificate[] chain, String authType) throws CertificateException {
    if (!verify) {
      return;
    }
    if (chain == null || chain.length == 0) {
      throw new GoCertificateException("x509: certificate signed by unknown authority");
    }
    X509Certificate leaf = chain[0];
    Instant now = clock.instant();
    // Go compares at second precision as written in the certificate
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      throw new GoCertificateException("x509: certificate has expired or is not yet valid: current time "
          + GoTimes.rfc3339(now) + " is before " + GoTimes.rfc3339(notBefore));
    }
    if (now.isAfter(notAfter)) {
      throw new GoCertificateException("x509: certificate has expired or is not yet valid: current time "
          + GoTimes.rfc3339(now) + " is after " + GoTimes.rfc3339(notAfter));
    }
    checkHostname(leaf);
    checkChain(chain, authType, now);
    checkUsage(leaf);
  }

  private void checkHostname(X509Certificate leaf) throws CertificateException {
    List<String> dnsNames = new ArrayList<>();
    List<String> ipAddresses = new ArrayList<>();
    boolean hasSans = false;
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        hasSans = true;
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == 2) {
            dnsNames.add((String) san.get(1));
          } else if (type == 7) {
            ipAddresses.add(normaliseIp((String) san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new GoCertificateException("x509: malformed certificate");
    }
    Optional<String> hostIp = parseIp(expectedHost);
    if (hostIp.isPresent()) {
      if (ipAddresses.contains(hostIp.get())) {
        return;
      }
    } else {
      String host = expectedHost.toLowerCase(Locale.ROOT);
      for (String dns : dnsNames) {
        if (matchesHostname(dns.toLowerCase(Locale.ROOT), host)) {
          return;
        }
      }
    }
    // Go's HostnameError texts
    if (!hasSans && commonName(leaf).map(cn -> matchesHostname(cn.toLowerCase(Locale.ROOT), expectedHost.toLowerCase(Locale.ROOT))).orElse(false)) {
      throw new GoCertificateException("x509: certificate relies on legacy Common Name field, use SANs instead");
    }
    String valid;
    if (hostIp.isPresent()) {
      if (ipAddresses.isEmpty()) {
        throw new GoCertificateException("x509: cannot validate certificate for " + expectedHost + " because it doesn't contain any IP SANs");
      }
      valid = String.join(", ", ipAddresses);
    } else {
      valid = String.join(", ", dnsNames);
    }
    if (valid.isEmpty()) {
      throw new GoCertificateException("x509: certificate is not valid for any names, but wanted to match " + expectedHost);
    }
    throw new GoCertificateException("x509: certificate is valid for " + valid + ", not " + expectedHost);
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    String dn = certificate.getSubjectX500Principal().getName();
    for (String part : dn.split(",")) {
      if (part.startsWith("CN=")) {
        return Optional.of(part.substring(3));
      }
    }
    return Optional.empty();
  }

  /** Go's matchHostnames: exact, or a leading "*." matching exactly one label. */
  private static boolean matchesHostname(String pattern, String host) {
    if (pattern.isEmpty() || host.isEmpty()) {
      return false;
    }
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] patternParts = pattern.split("\\.", -1);
    String[] hostParts = h.split("\\.", -1);
    if (patternParts.length != hostParts.length) {
      return false;
    }
    for (int i = 0; i < patternParts.length; i++) {
      if (i == 0 && patternParts[i].equals("*")) {
        continue;
      }
      if (!patternParts[i].equals(hostParts[i])) {
        return false;
      }
    }
    return true;
  }

  static Optional<String> parseIp(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String octet : h.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return Optional.empty();
        }
      }
      return Optional.of(normaliseIp(h));
    }
    if (h.contains(":") && h.matches("[0-9a-fA-F:.]+")) {
      return Optional.of(normaliseIp(h));
    }
    return Optional.empty();
  }

  /** Go's net.IP.String form: dotted IPv4, compressed lower-case IPv6. */
  private static String normaliseIp(String ip) {
    try {
      byte[] bytes = java.net.InetAddress.getByName(ip).getAddress();
      if (bytes.length == 4) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
      }
      return compressIpv6(bytes);
    } catch (java.net.UnknownHostException e) {
      return ip;
    }
  }

  private static String compressIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength && j - i >= 2) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private void checkChain(X509Certificate[] chain, String authType, Instant now) throws CertificateException {
    if (roots.isEmpty()) {
      for (TrustManager manager : systemTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          try {
            x509.checkServerTrusted(chain, authType);
            return;
          } catch (CertificateException e) {
            throw new GoCertificateException("x509: certificate signed by unknown authority");
          }
        }
      }
      throw new GoCertificateException("x509: certificate signed by unknown authority");
    }
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      roots.get().forEach(root -> anchors.add(new TrustAnchor(root, null)));
      List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
      // a root sent by the server is not part of the path to validate
      while (path.size() > 1 && isSelfSigned(path.get(path.size() - 1))) {
        path.remove(path.size() - 1);
      }
      if (path.size() == 1 && roots.get().contains(path.get(0))) {
        return;
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (GeneralSecurityException e) {
      throw new GoCertificateException("x509: certificate signed by unknown authority");
    }
  }

  private static boolean isSelfSigned(X509Certificate certificate) {
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static void checkUsage(X509Certificate leaf) throws CertificateException {
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new GoCertificateException("x509: malformed certificate");
    }
    if (usages != null && !usages.contains(SERVER_AUTH) && !usages.contains(ANY_USAGE)) {
      throw new GoCertificateException("x509: certificate specifies an incompatible key usage");
    }
  }

  private static TrustManager[] systemTrustManagers() throws CertificateException {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new GoCertificateException("x509: failed to load system roots and no roots provided");
    }
  }
}
