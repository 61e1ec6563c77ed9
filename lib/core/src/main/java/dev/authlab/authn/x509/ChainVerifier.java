package dev.authlab.authn.x509;

import dev.authlab.gofmt.GoStrings;
import dev.authlab.gofmt.GoTimes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Go's {@code Certificate.Verify} as kube-apiserver calls it for client certificates: build every
 * chain from the leaf to a root of the CA bundle through the intermediates the client presented, then
 * keep the chains that allow one of the requested extended key usages.
 *
 * <p>What it checks, in Go's order and with Go's error texts: the leaf's validity window and critical
 * extensions first; then, for each candidate issuer (roots before intermediates, candidates whose key
 * identifier matches first): the issuer may sign (a v3 issuer needs basic constraints with CA set, and
 * keyCertSign if it has a key usage), the signature (SHA-1 and MD5 are refused), the issuer's own
 * validity window, CA flag for intermediates, path length, name constraints. A leaf that is itself in
 * the bundle is trusted as is. Extended key usages are checked over the whole chain: a certificate
 * without any EKU allows everything, {@code anyExtendedKeyUsage} allows everything, otherwise it must
 * list a requested usage. Key usage bits other than keyCertSign are ignored, as in Go.
 *
 * <p>Not modelled: certificate policy processing (policy constraints, mappings), which Go applies to
 * every chain since Go 1.22; revocation, which Go does not check either.
 */
public final class ChainVerifier {

  /** Go's limit on signature checks per verification. */
  static final int MAX_SIGNATURE_CHECKS = 100;

  static final String UNKNOWN_AUTHORITY = "x509: certificate signed by unknown authority";
  static final String INCOMPATIBLE_USAGE = "x509: certificate specifies an incompatible key usage";
  static final String CANNOT_SIGN = "x509: invalid signature: parent certificate cannot sign this kind of certificate";
  static final String UNIMPLEMENTED = "x509: cannot verify signature: algorithm unimplemented";
  static final String PARSE_FAILURE = "tls: failed to parse certificate from client: ";

  private final VerifyOptions options;
  private final Pool roots;

  private ChainVerifier(VerifyOptions options) {
    this.options = options;
    this.roots = new Pool(options.roots().stream().map(CertificateFacts::of).toList());
  }

  public static ChainVerifier of(VerifyOptions options) {
    return new ChainVerifier(options);
  }

  public VerifyOptions options() {
    return options;
  }

  /** The outcome of a verification: the verified chains (leaf first), or Go's error text. */
  public sealed interface Verification permits Verified, Rejected {}

  /** At least one chain from the leaf to a root; each chain starts with the leaf and ends with a root. */
  public record Verified(List<List<X509Certificate>> chains) implements Verification {
    public Verified {
      chains = chains.stream().map(List::copyOf).toList();
    }
  }

  /** No acceptable chain; {@code error} is what Go's Verify returns. */
  public record Rejected(String error) implements Verification {}

  /**
   * Verifies {@code presented[0]} at {@code now}, using {@code presented[1..]} as intermediates, as
   * upstream does with the TLS peer certificates.
   */
  public Verification verify(List<X509Certificate> presented, Instant now) {
    if (presented.isEmpty()) {
      throw new IllegalArgumentException("no certificate to verify");
    }
    CertificateFacts leaf;
    Pool intermediates;
    try {
      leaf = CertificateFacts.of(presented.get(0));
      intermediates = new Pool(presented.subList(1, presented.size()).stream().map(CertificateFacts::of).toList());
    } catch (IllegalArgumentException e) {
      // Go's TLS stack would not even complete the handshake with such a certificate.
      return new Rejected(PARSE_FAILURE + e.getMessage());
    }
    Run run = new Run(intermediates, now);

    Optional<String> leafError = run.isValid(leaf, CertType.LEAF, List.of());
    if (leafError.isPresent()) {
      return new Rejected(leafError.get());
    }
    List<List<CertificateFacts>> candidates;
    if (roots.contains(leaf)) {
      candidates = List.of(List.of(leaf));
    } else {
      Built built = run.buildChains(List.of(leaf));
      if (built.error().isPresent()) {
        return new Rejected(built.error().get());
      }
      candidates = built.chains();
    }
    List<ExtKeyUsage> usages = options.keyUsages();
    if (!usages.contains(ExtKeyUsage.ANY)) {
      if (usages.isEmpty()) {
        usages = List.of(ExtKeyUsage.SERVER_AUTH);
      }
      List<List<CertificateFacts>> allowed = new ArrayList<>();
      for (List<CertificateFacts> chain : candidates) {
        if (chainAllows(chain, usages)) {
          allowed.add(chain);
        }
      }
      if (allowed.isEmpty()) {
        return new Rejected(INCOMPATIBLE_USAGE);
      }
      candidates = allowed;
    }
    return new Verified(candidates.stream().map(chain -> chain.stream().map(f -> f.certificate).toList()).toList());
  }

  private enum CertType {
    LEAF,
    INTERMEDIATE,
    ROOT
  }

  private record Built(List<List<CertificateFacts>> chains, Optional<String> error) {}

  /** A CertPool: certificates by raw subject, without duplicates. */
  private static final class Pool {
    private final List<CertificateFacts> certificates = new ArrayList<>();
    private final Map<ByteBuffer, List<CertificateFacts>> bySubject = new LinkedHashMap<>();
    private final Set<ByteBuffer> raws = new HashSet<>();

    Pool(List<CertificateFacts> certificates) {
      for (CertificateFacts cert : certificates) {
        if (raws.add(ByteBuffer.wrap(cert.raw))) {
          this.certificates.add(cert);
          bySubject.computeIfAbsent(ByteBuffer.wrap(cert.rawSubject), k -> new ArrayList<>()).add(cert);
        }
      }
    }

    boolean contains(CertificateFacts cert) {
      return raws.contains(ByteBuffer.wrap(cert.raw));
    }

    /** Certificates whose subject is the child's issuer: matching key ids first, then one-sided, then mismatched. */
    List<CertificateFacts> potentialParents(CertificateFacts child) {
      List<CertificateFacts> matching = new ArrayList<>();
      List<CertificateFacts> oneKeyId = new ArrayList<>();
      List<CertificateFacts> mismatched = new ArrayList<>();
      for (CertificateFacts candidate : bySubject.getOrDefault(ByteBuffer.wrap(child.rawIssuer), List.of())) {
        boolean skidEmpty = candidate.subjectKeyId.length == 0;
        boolean akidEmpty = child.authorityKeyId.length == 0;
        if (Arrays.equals(candidate.subjectKeyId, child.authorityKeyId)) {
          matching.add(candidate);
        } else if ((skidEmpty && !akidEmpty) || (!skidEmpty && akidEmpty)) {
          oneKeyId.add(candidate);
        } else {
          mismatched.add(candidate);
        }
      }
      List<CertificateFacts> all = new ArrayList<>(matching);
      all.addAll(oneKeyId);
      all.addAll(mismatched);
      return all;
    }
  }

  /** One verification: the intermediates, the time and the signature-check budget. */
  private final class Run {
    private final Pool intermediates;
    private final Instant now;
    private int signatureChecks;

    Run(Pool intermediates, Instant now) {
      this.intermediates = intermediates;
      this.now = now;
    }

    /**
     * Go's buildChains, including how it reports failure: the error of the last candidate that got as
     * far as its own validity check wins; otherwise "unknown authority", with a hint about the first
     * candidate that was turned down.
     */
    Built buildChains(List<CertificateFacts> currentChain) {
      CertificateFacts child = currentChain.get(currentChain.size() - 1);
      List<List<CertificateFacts>> chains = new ArrayList<>();
      Optional<String> error = Optional.empty();
      Optional<String> hint = Optional.empty();
      CertificateFacts hintCert = null;
      List<Map.Entry<CertType, CertificateFacts>> candidates = new ArrayList<>();
      roots.potentialParents(child).forEach(c -> candidates.add(Map.entry(CertType.ROOT, c)));
      intermediates.potentialParents(child).forEach(c -> candidates.add(Map.entry(CertType.INTERMEDIATE, c)));
      for (Map.Entry<CertType, CertificateFacts> entry : candidates) {
        CertType type = entry.getKey();
        CertificateFacts candidate = entry.getValue();
        if (candidate.keyAlgorithm == CertificateFacts.KeyAlgorithm.UNKNOWN || alreadyInChain(candidate, currentChain)) {
          continue;
        }
        signatureChecks++;
        if (signatureChecks > MAX_SIGNATURE_CHECKS) {
          error = Optional.of("x509: signature check attempts limit reached while verifying certificate chain");
          continue;
        }
        Optional<String> signatureError = checkSignatureFrom(child, candidate);
        if (signatureError.isPresent()) {
          if (hint.isEmpty()) {
            hint = signatureError;
            hintCert = candidate;
          }
          continue;
        }
        error = isValid(candidate, type, currentChain);
        if (error.isPresent()) {
          if (hint.isEmpty()) {
            hint = error;
            hintCert = candidate;
          }
          continue;
        }
        List<CertificateFacts> extended = new ArrayList<>(currentChain);
        extended.add(candidate);
        if (type == CertType.ROOT) {
          chains.add(extended);
        } else {
          Built built = buildChains(extended);
          error = built.error();
          chains.addAll(built.chains());
        }
      }
      if (!chains.isEmpty()) {
        return new Built(chains, Optional.empty());
      }
      if (error.isEmpty()) {
        error = Optional.of(unknownAuthority(hint, hintCert));
      }
      return new Built(chains, error);
    }

    Optional<String> isValid(CertificateFacts cert, CertType type, List<CertificateFacts> currentChain) {
      if (cert.unhandledCriticalExtension) {
        return Optional.of("x509: unhandled critical extension");
      }
      if (!currentChain.isEmpty()) {
        CertificateFacts child = currentChain.get(currentChain.size() - 1);
        if (!Arrays.equals(child.rawIssuer, cert.rawSubject)) {
          return Optional.of("x509: issuer name does not match subject from issuing certificate");
        }
      }
      if (now.isBefore(cert.notBefore)) {
        return Optional.of("x509: certificate has expired or is not yet valid: current time " + GoTimes.rfc3339(now) + " is before " + GoTimes.rfc3339(cert.notBefore));
      }
      if (now.isAfter(cert.notAfter)) {
        return Optional.of("x509: certificate has expired or is not yet valid: current time " + GoTimes.rfc3339(now) + " is after " + GoTimes.rfc3339(cert.notAfter));
      }
      if (type != CertType.LEAF && cert.nameConstraints.isPresent()) {
        Optional<String> nameError = NameConstraintCheck.check(cert, currentChain);
        if (nameError.isPresent()) {
          return nameError;
        }
      }
      if (type == CertType.INTERMEDIATE && (!cert.basicConstraintsValid || !cert.isCA)) {
        return Optional.of("x509: certificate is not authorized to sign other certificates");
      }
      if (cert.basicConstraintsValid && cert.maxPathLen >= 0 && currentChain.size() - 1 > cert.maxPathLen) {
        return Optional.of("x509: too many intermediates for path length constraint");
      }
      return Optional.empty();
    }
  }

  /** Go's alreadyInChain: same subject, same key and same SAN extension means the same certificate. */
  private static boolean alreadyInChain(CertificateFacts candidate, List<CertificateFacts> chain) {
    for (CertificateFacts cert : chain) {
      if (!Arrays.equals(candidate.rawSubject, cert.rawSubject) || !Arrays.equals(candidate.rawPublicKey, cert.rawPublicKey)) {
        continue;
      }
      byte[] candidateSan = candidate.certificate.getExtensionValue("2.5.29.17");
      byte[] certSan = cert.certificate.getExtensionValue("2.5.29.17");
      if (candidateSan == null && certSan == null) {
        return true;
      }
      if (candidateSan == null || certSan == null) {
        return false;
      }
      if (Arrays.equals(candidateSan, certSan)) {
        return true;
      }
    }
    return false;
  }

  /** Go's CheckSignatureFrom: may the parent sign, and does the child's signature verify with its key. */
  static Optional<String> checkSignatureFrom(CertificateFacts child, CertificateFacts parent) {
    if ((parent.version == 3 && !parent.basicConstraintsValid) || (parent.basicConstraintsValid && !parent.isCA)) {
      return Optional.of(CANNOT_SIGN);
    }
    if (parent.hasKeyUsage && !parent.keyCertSign) {
      return Optional.of(CANNOT_SIGN);
    }
    if (parent.keyAlgorithm == CertificateFacts.KeyAlgorithm.UNKNOWN) {
      return Optional.of(UNIMPLEMENTED);
    }
    SignatureAlgorithm algorithm = SignatureAlgorithm.of(child.signatureAlgorithmOid);
    if (algorithm.insecure()) {
      return Optional.of("x509: cannot verify signature: insecure algorithm " + algorithm.goName());
    }
    if (algorithm.keyAlgorithm().isEmpty()) {
      return Optional.of(UNIMPLEMENTED);
    }
    CertificateFacts.KeyAlgorithm expected = algorithm.keyAlgorithm().get();
    if (expected != parent.keyAlgorithm) {
      if (parent.keyAlgorithm == CertificateFacts.KeyAlgorithm.DSA) {
        return Optional.of(UNIMPLEMENTED);
      }
      return Optional.of("x509: signature algorithm specifies an " + goKeyName(expected) + " public key, but have public key of type " + goKeyType(parent.keyAlgorithm));
    }
    if (expected == CertificateFacts.KeyAlgorithm.DSA) {
      return Optional.of(UNIMPLEMENTED);
    }
    if (expected == CertificateFacts.KeyAlgorithm.RSA) {
      int bits = ((RSAPublicKey) parent.publicKey).getModulus().bitLength();
      if (bits < 1024) {
        return Optional.of("crypto/rsa: " + bits + "-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)");
      }
    }
    try {
      child.certificate.verify(parent.publicKey);
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      return Optional.of(UNIMPLEMENTED);
    } catch (GeneralSecurityException e) {
      switch (expected) {
        case RSA:
          return Optional.of("crypto/rsa: verification error");
        case ECDSA:
          return Optional.of("x509: ECDSA verification failure");
        default:
          return Optional.of("x509: Ed25519 verification failure");
      }
    }
  }

  private static String goKeyName(CertificateFacts.KeyAlgorithm algorithm) {
    switch (algorithm) {
      case RSA:
        return "RSA";
      case ECDSA:
        return "ECDSA";
      case ED25519:
        return "Ed25519";
      default:
        return "DSA";
    }
  }

  private static String goKeyType(CertificateFacts.KeyAlgorithm algorithm) {
    switch (algorithm) {
      case RSA:
        return "*rsa.PublicKey";
      case ECDSA:
        return "*ecdsa.PublicKey";
      case ED25519:
        return "ed25519.PublicKey";
      default:
        return "*dsa.PublicKey";
    }
  }

  /** Go's checkChainForKeyUsage: walking from the root, every certificate that lists EKUs must keep one requested usage alive. */
  static boolean chainAllows(List<CertificateFacts> chain, List<ExtKeyUsage> requested) {
    List<ExtKeyUsage> remaining = new ArrayList<>(requested);
    for (int i = chain.size() - 1; i >= 0; i--) {
      CertificateFacts cert = chain.get(i);
      if (cert.extKeyUsages.isEmpty() && cert.unknownExtKeyUsages == 0) {
        continue;
      }
      if (cert.extKeyUsages.contains(ExtKeyUsage.ANY)) {
        continue;
      }
      remaining.removeIf(usage -> !allows(cert, usage));
      if (remaining.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allows(CertificateFacts cert, ExtKeyUsage usage) {
    if (cert.extKeyUsages.contains(usage)) {
      return true;
    }
    // Go keeps accepting the old server-gated-crypto usages as server authentication.
    return usage == ExtKeyUsage.SERVER_AUTH
        && (cert.extKeyUsages.contains(ExtKeyUsage.NETSCAPE_SERVER_GATED_CRYPTO) || cert.extKeyUsages.contains(ExtKeyUsage.MICROSOFT_SERVER_GATED_CRYPTO));
  }

  /** Go's UnknownAuthorityError text. */
  private static String unknownAuthority(Optional<String> hint, CertificateFacts hintCert) {
    if (hint.isEmpty()) {
      return UNKNOWN_AUTHORITY;
    }
    String name = hintCert.commonName;
    if (name.isEmpty()) {
      name = hintCert.organizations.isEmpty() ? "serial:" + hintCert.serialNumber : hintCert.organizations.get(0);
    }
    return UNKNOWN_AUTHORITY + " (possibly because of " + GoStrings.quote(hint.get()) + " while trying to verify candidate authority certificate " + GoStrings.quote(name) + ")";
  }

  /** The signature algorithms Go knows, with the name Go prints and the key family each needs. */
  private record SignatureAlgorithm(String goName, boolean insecure, Optional<CertificateFacts.KeyAlgorithm> keyAlgorithm) {
    private static final Map<String, SignatureAlgorithm> BY_OID = Map.ofEntries(
        Map.entry("1.2.840.113549.1.1.2", new SignatureAlgorithm("MD2-RSA", false, Optional.empty())),
        Map.entry("1.2.840.113549.1.1.4", new SignatureAlgorithm("MD5-RSA", true, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.113549.1.1.5", new SignatureAlgorithm("SHA1-RSA", true, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.113549.1.1.11", new SignatureAlgorithm("SHA256-RSA", false, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.113549.1.1.12", new SignatureAlgorithm("SHA384-RSA", false, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.113549.1.1.13", new SignatureAlgorithm("SHA512-RSA", false, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.113549.1.1.10", new SignatureAlgorithm("RSAPSS", false, Optional.of(CertificateFacts.KeyAlgorithm.RSA))),
        Map.entry("1.2.840.10040.4.3", new SignatureAlgorithm("DSA-SHA1", true, Optional.of(CertificateFacts.KeyAlgorithm.DSA))),
        Map.entry("2.16.840.1.101.3.4.3.2", new SignatureAlgorithm("DSA-SHA256", false, Optional.of(CertificateFacts.KeyAlgorithm.DSA))),
        Map.entry("1.2.840.10045.4.1", new SignatureAlgorithm("ECDSA-SHA1", true, Optional.of(CertificateFacts.KeyAlgorithm.ECDSA))),
        Map.entry("1.2.840.10045.4.3.2", new SignatureAlgorithm("ECDSA-SHA256", false, Optional.of(CertificateFacts.KeyAlgorithm.ECDSA))),
        Map.entry("1.2.840.10045.4.3.3", new SignatureAlgorithm("ECDSA-SHA384", false, Optional.of(CertificateFacts.KeyAlgorithm.ECDSA))),
        Map.entry("1.2.840.10045.4.3.4", new SignatureAlgorithm("ECDSA-SHA512", false, Optional.of(CertificateFacts.KeyAlgorithm.ECDSA))),
        Map.entry("1.3.101.112", new SignatureAlgorithm("Ed25519", false, Optional.of(CertificateFacts.KeyAlgorithm.ED25519))));

    static SignatureAlgorithm of(String oid) {
      return BY_OID.getOrDefault(oid, new SignatureAlgorithm("0", false, Optional.empty()));
    }
  }
}
