package dev.authlab.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * What a certificate should say: subject, names, usages and validity. The key and the issuer come
 * from {@link CertificateAuthority#issue} or {@link CertificateAuthority#sign}.
 *
 * <p>Kubernetes reads a client certificate's subject as a user: the common name (CN) is the user
 * name and each organization (O) is a group. A serving certificate is matched by its DNS and IP
 * subject alternative names; Go ignores the CN for host names.
 *
 * @param commonName the CN; may be empty, giving a subject without CN (which kube-apiserver rejects)
 * @param organizations the O values, in order; one RDN each
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names, as IPv4 or IPv6 literals
 * @param keyUsages the key usage bits; none means no key usage extension
 * @param extendedKeyUsages the extended key usages; none means no extended key usage extension
 * @param validity a fixed window, or a lifetime from the issuer's clock
 */
public record CertificateSpec(
    String commonName,
    List<String> organizations,
    List<String> dnsNames,
    List<String> ipAddresses,
    Set<KeyUsage> keyUsages,
    Set<ExtendedKeyUsage> extendedKeyUsages,
    Validity validity) {

  /** One year, kubeadm's default for the certificates it issues and kube-controller-manager's signing duration. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

  public CertificateSpec {
    Objects.requireNonNull(commonName, "commonName");
    organizations = nonBlank("organization", organizations);
    dnsNames = nonBlank("DNS name", dnsNames);
    for (String name : dnsNames) {
      if (name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("DNS name contains whitespace: \"" + name + "\"");
      }
    }
    ipAddresses = nonBlank("IP address", ipAddresses);
    for (String ip : ipAddresses) {
      if (!IPAddress.isValid(ip)) {
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: \"" + ip + "\"");
      }
    }
    keyUsages = enumSet(KeyUsage.class, keyUsages, "keyUsages");
    extendedKeyUsages = enumSet(ExtendedKeyUsage.class, extendedKeyUsages, "extendedKeyUsages");
    Objects.requireNonNull(validity, "validity");
  }

  /**
   * A client certificate for user {@code commonName} in groups {@code organizations}, as
   * {@code kubeadm kubeconfig user} or an approved {@code kubernetes.io/kube-apiserver-client} CSR
   * gives: digitalSignature and keyEncipherment, clientAuth, valid for {@link #DEFAULT_LIFETIME}.
   */
  public static CertificateSpec clientCertificate(String commonName, String... organizations) {
    return clientCertificate(commonName, Arrays.asList(organizations));
  }

  public static CertificateSpec clientCertificate(String commonName, List<String> organizations) {
    return new CertificateSpec(commonName, organizations, List.of(), List.of(),
        EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT),
        EnumSet.of(ExtendedKeyUsage.CLIENT_AUTH),
        Validity.lasting(DEFAULT_LIFETIME));
  }

  /**
   * A serving certificate for these names. Each subject alternative name that is an IP literal
   * becomes an IP SAN and every other one a DNS SAN, as kubeadm's {@code --apiserver-cert-extra-sans}
   * sorts them: digitalSignature and keyEncipherment, serverAuth, valid for {@link #DEFAULT_LIFETIME}.
   */
  public static CertificateSpec servingCertificate(String commonName, String... subjectAltNames) {
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (String name : subjectAltNames) {
      Objects.requireNonNull(name, "subjectAltNames");
      (IPAddress.isValid(name) ? ips : dns).add(name);
    }
    return servingCertificate(commonName, dns, ips);
  }

  public static CertificateSpec servingCertificate(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return new CertificateSpec(commonName, List.of(), dnsNames, ipAddresses,
        EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT),
        EnumSet.of(ExtendedKeyUsage.SERVER_AUTH),
        Validity.lasting(DEFAULT_LIFETIME));
  }

  public CertificateSpec withCommonName(String commonName) {
    return new CertificateSpec(commonName, organizations, dnsNames, ipAddresses, keyUsages, extendedKeyUsages, validity);
  }

  public CertificateSpec withOrganizations(String... organizations) {
    return withOrganizations(Arrays.asList(organizations));
  }

  public CertificateSpec withOrganizations(List<String> organizations) {
    return new CertificateSpec(commonName, organizations, dnsNames, ipAddresses, keyUsages, extendedKeyUsages, validity);
  }

  public CertificateSpec withDnsNames(String... dnsNames) {
    return new CertificateSpec(commonName, organizations, Arrays.asList(dnsNames), ipAddresses, keyUsages,
        extendedKeyUsages, validity);
  }

  public CertificateSpec withIpAddresses(String... ipAddresses) {
    return new CertificateSpec(commonName, organizations, dnsNames, Arrays.asList(ipAddresses), keyUsages,
        extendedKeyUsages, validity);
  }

  /** Replaces the key usages; no arguments leaves the extension out. */
  public CertificateSpec withKeyUsages(KeyUsage... keyUsages) {
    return new CertificateSpec(commonName, organizations, dnsNames, ipAddresses, new LinkedHashSet<>(Arrays.asList(keyUsages)),
        extendedKeyUsages, validity);
  }

  /** Replaces the extended key usages; no arguments leaves the extension out. */
  public CertificateSpec withExtendedKeyUsages(ExtendedKeyUsage... extendedKeyUsages) {
    return new CertificateSpec(commonName, organizations, dnsNames, ipAddresses, keyUsages,
        new LinkedHashSet<>(Arrays.asList(extendedKeyUsages)), validity);
  }

  public CertificateSpec withValidity(Validity validity) {
    return new CertificateSpec(commonName, organizations, dnsNames, ipAddresses, keyUsages, extendedKeyUsages, validity);
  }

  /** Valid for {@code lifetime} from the issuer's clock (less {@link Validity#BACKDATE}). */
  public CertificateSpec validFor(Duration lifetime) {
    return withValidity(Validity.lasting(lifetime));
  }

  /** Valid in this fixed window, whatever the issuer's clock says. */
  public CertificateSpec validBetween(Instant notBefore, Instant notAfter) {
    return withValidity(Validity.between(notBefore, notAfter));
  }

  private static List<String> nonBlank(String what, List<String> values) {
    Objects.requireNonNull(values, what + " list");
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
    }
    return List.copyOf(values);
  }

  /** Unmodifiable and in declaration order, so equal specs print and encode alike. */
  private static <E extends Enum<E>> Set<E> enumSet(Class<E> type, Collection<E> values, String what) {
    Objects.requireNonNull(values, what);
    EnumSet<E> set = EnumSet.noneOf(type);
    for (E value : values) {
      set.add(Objects.requireNonNull(value, what));
    }
    return Collections.unmodifiableSet(set);
  }
}
