package dev.authlab.authn.serviceaccount;

import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.TokenAuthenticatorUnion;
import dev.authlab.gofmt.GoDurations;
import dev.authlab.gofmt.GoErrors;
import dev.authlab.gofmt.GoStrings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The kube-apiserver service-account flags as one value:
 *
 * <ul>
 *   <li>{@code issuers}: {@code --service-account-issuer}, repeatable; the first is put in new tokens,
 *       all are accepted;
 *   <li>{@code publicKeyPems}: the contents of each {@code --service-account-key-file} (public or
 *       private keys, several per file allowed);
 *   <li>{@code signingKeyPem}: the contents of {@code --service-account-signing-key-file};
 *   <li>{@code lookup}: {@code --service-account-lookup} (default true);
 *   <li>{@code apiAudiences}: {@code --api-audiences}; empty means "the issuers";
 *   <li>{@code maxTokenExpiration}: {@code --service-account-max-token-expiration} (1h to 2^32 s);
 *   <li>{@code extendTokenExpiration}: {@code --service-account-extend-token-expiration} (default true).
 * </ul>
 *
 * Factories build the authenticators and the token issuer; {@link #writeApiServerConfig} writes the
 * key files and gives the flags for a real kube-apiserver. Bad values throw
 * {@link IllegalArgumentException} with one line naming the flag.
 */
public record ServiceAccountConfig(
    List<String> issuers,
    List<String> publicKeyPems,
    Optional<String> signingKeyPem,
    LegacyServiceAccountTokenAuthenticator.Lookup lookup,
    List<String> apiAudiences,
    Optional<Duration> maxTokenExpiration,
    ServiceAccountTokenIssuer.ExpirationExtension extendTokenExpiration) {

  public static final String PUBLIC_KEY_FILE = "service-account-%d.pub";
  public static final String SIGNING_KEY_FILE = "service-account.key";

  public ServiceAccountConfig {
    issuers = List.copyOf(issuers);
    publicKeyPems = List.copyOf(publicKeyPems);
    Objects.requireNonNull(signingKeyPem, "signingKeyPem");
    Objects.requireNonNull(lookup, "lookup");
    apiAudiences = List.copyOf(apiAudiences);
    Objects.requireNonNull(maxTokenExpiration, "maxTokenExpiration");
    Objects.requireNonNull(extendTokenExpiration, "extendTokenExpiration");
  }

  /** The usual setup: one issuer, its public key, its signing key; everything else at kube-apiserver's defaults. */
  public static ServiceAccountConfig of(String issuer, String publicKeyPem, String signingKeyPem) {
    return new ServiceAccountConfig(List.of(issuer), List.of(publicKeyPem), Optional.of(signingKeyPem),
        LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED, List.of(), Optional.empty(), ServiceAccountTokenIssuer.ExpirationExtension.ENABLED);
  }

  public ServiceAccountConfig withIssuers(List<String> newIssuers) {
    return new ServiceAccountConfig(newIssuers, publicKeyPems, signingKeyPem, lookup, apiAudiences, maxTokenExpiration, extendTokenExpiration);
  }

  public ServiceAccountConfig withPublicKeyPems(List<String> pems) {
    return new ServiceAccountConfig(issuers, pems, signingKeyPem, lookup, apiAudiences, maxTokenExpiration, extendTokenExpiration);
  }

  public ServiceAccountConfig withLookup(LegacyServiceAccountTokenAuthenticator.Lookup newLookup) {
    return new ServiceAccountConfig(issuers, publicKeyPems, signingKeyPem, newLookup, apiAudiences, maxTokenExpiration, extendTokenExpiration);
  }

  public ServiceAccountConfig withApiAudiences(List<String> audiences) {
    return new ServiceAccountConfig(issuers, publicKeyPems, signingKeyPem, lookup, audiences, maxTokenExpiration, extendTokenExpiration);
  }

  public ServiceAccountConfig withMaxTokenExpiration(Duration max) {
    return new ServiceAccountConfig(issuers, publicKeyPems, signingKeyPem, lookup, apiAudiences, Optional.of(max), extendTokenExpiration);
  }

  public ServiceAccountConfig withExtendTokenExpiration(ServiceAccountTokenIssuer.ExpirationExtension extension) {
    return new ServiceAccountConfig(issuers, publicKeyPems, signingKeyPem, lookup, apiAudiences, maxTokenExpiration, extension);
  }

  /** {@code --api-audiences}, or the issuers when it is not set. */
  public List<String> effectiveApiAudiences() {
    return apiAudiences.isEmpty() ? issuers : apiAudiences;
  }

  /** Checks the flags as kube-apiserver does at start-up; throws with every problem on one line. */
  public void validate() {
    check(true);
  }

  /**
   * The checks that matter for verifying tokens only: a verifier (like {@code authlab whoami}) needs
   * the issuers and public keys, not the signing key that kube-apiserver also insists on.
   */
  public void validateForVerification() {
    check(false);
  }

  private void check(boolean needSigningKey) {
    List<String> errors = new ArrayList<>();
    if (issuers.isEmpty()) {
      errors.add("service-account-issuer is a required flag");
    }
    Set<String> seen = new HashSet<>();
    for (String issuer : issuers) {
      if (issuer.isEmpty()) {
        errors.add("service-account-issuer should not be an empty string");
        continue;
      }
      if (issuer.contains(":")) {
        Optional<String> bad = urlProblem(issuer);
        if (bad.isPresent()) {
          errors.add("service-account-issuer " + GoStrings.quote(issuer) + " contained a ':' but was not a valid URL: " + bad.get());
          continue;
        }
      }
      if (!seen.add(issuer)) {
        errors.add("service-account-issuer " + GoStrings.quote(issuer) + " is already specified");
      }
    }
    if (publicKeyPems.isEmpty()) {
      errors.add("service-account-key-file is a required flag");
    }
    if (needSigningKey && signingKeyPem.isEmpty()) {
      errors.add("--service-account-signing-key-file, --service-account-issuer, and --api-audiences should be specified together");
    }
    if (maxTokenExpiration.isPresent() && !maxTokenExpiration.get().isZero()) {
      Duration max = maxTokenExpiration.get();
      if (max.compareTo(Duration.ofHours(1)) < 0 || max.compareTo(Duration.ofSeconds(ServiceAccountTokenIssuer.MAX_EXPIRATION_SECONDS)) > 0) {
        errors.add("the service-account-max-token-expiration must be between 1 hour and 2^32 seconds");
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(GoErrors.aggregate(errors));
    }
  }

  /** Every verification key, file by file. */
  public List<PublicKey> publicKeys() {
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < publicKeyPems.size(); i++) {
      keys.addAll(ServiceAccountKeys.parsePublicKeys(publicKeyPems.get(i), "--service-account-key-file #" + (i + 1)));
    }
    return List.copyOf(keys);
  }

  /** The signing key. */
  public PrivateKey signingKey() {
    String pem = signingKeyPem.orElseThrow(() -> new IllegalArgumentException(
        "--service-account-signing-key-file, --service-account-issuer, and --api-audiences should be specified together"));
    return ServiceAccountKeys.parsePrivateKey(pem, "--service-account-signing-key-file");
  }

  /** The legacy (Secret-based) token authenticator kube-apiserver sets up from these flags. */
  public LegacyServiceAccountTokenAuthenticator legacyAuthenticator(ServiceAccountObjects objects, Clock clock) {
    validateForVerification();
    return LegacyServiceAccountTokenAuthenticator.of(publicKeys(), effectiveApiAudiences(), lookup, objects, clock);
  }

  /** The bound-token authenticator kube-apiserver sets up from these flags. */
  public ServiceAccountTokenAuthenticator boundAuthenticator(ServiceAccountObjects objects, Clock clock) {
    validateForVerification();
    return ServiceAccountTokenAuthenticator.of(issuers, publicKeys(), effectiveApiAudiences(), objects, clock);
  }

  /** Both, in the API server's order: legacy first, then bound. */
  public TokenAuthenticator authenticator(ServiceAccountObjects objects, Clock clock) {
    return TokenAuthenticatorUnion.of(legacyAuthenticator(objects, clock), boundAuthenticator(objects, clock));
  }

  /** The TokenRequest issuer: the first issuer, the signing key, the API audiences and the expiry flags. */
  public ServiceAccountTokenIssuer issuer(ServiceAccountObjects objects, Clock clock) {
    validate();
    ServiceAccountTokenIssuer.Builder builder = ServiceAccountTokenIssuer.builder(issuers.get(0), signingKey())
        .apiAudiences(effectiveApiAudiences())
        .objects(objects)
        .clock(clock)
        .expirationExtension(extendTokenExpiration);
    maxTokenExpiration.ifPresent(builder::maxExpiration);
    return builder.build();
  }

  /**
   * Writes the key files into {@code dir} (the signing key readable by the owner only) and returns the
   * kube-apiserver flags that load them.
   */
  public List<String> writeApiServerConfig(Path dir) {
    validate();
    List<String> flags = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (String issuer : issuers) {
        flags.add("--service-account-issuer=" + issuer);
      }
      for (int i = 0; i < publicKeyPems.size(); i++) {
        Path file = dir.resolve(String.format(PUBLIC_KEY_FILE, i));
        Files.writeString(file, publicKeyPems.get(i), StandardCharsets.US_ASCII);
        flags.add("--service-account-key-file=" + file.toAbsolutePath());
      }
      Path signing = dir.resolve(SIGNING_KEY_FILE);
      Files.deleteIfExists(signing);
      try {
        Files.createFile(signing, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the file is created with the default permissions
        Files.createFile(signing);
      }
      Files.writeString(signing, signingKeyPem.orElseThrow(), StandardCharsets.US_ASCII);
      flags.add("--service-account-signing-key-file=" + signing.toAbsolutePath());
      flags.add("--service-account-lookup=" + (lookup == LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED));
      if (!apiAudiences.isEmpty()) {
        flags.add("--api-audiences=" + String.join(",", apiAudiences));
      }
      // whole seconds: the issuer counts the maximum in seconds too
      maxTokenExpiration.filter(d -> !d.isZero())
          .ifPresent(d -> flags.add("--service-account-max-token-expiration=" + GoDurations.format(Duration.ofSeconds(d.getSeconds()))));
      flags.add("--service-account-extend-token-expiration=" + (extendTokenExpiration == ServiceAccountTokenIssuer.ExpirationExtension.ENABLED));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the service-account key files into " + dir + ": " + e.getMessage(), e);
    }
    return List.copyOf(flags);
  }

  /** Roughly Go's url.Parse failures for strings with a colon. */
  private static Optional<String> urlProblem(String issuer) {
    if (issuer.startsWith(":")) {
      return Optional.of("parse " + GoStrings.quote(issuer) + ": missing protocol scheme");
    }
    try {
      new URI(issuer);
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("parse " + GoStrings.quote(issuer) + ": " + e.getReason());
    }
  }

  @Override
  public String toString() {
    // never print the signing key
    return "ServiceAccountConfig[issuers=" + issuers + ", publicKeyPems=" + publicKeyPems.size() + " file(s), signingKeyPem="
        + (signingKeyPem.isPresent() ? "<set>" : "<none>") + ", lookup=" + lookup + ", apiAudiences=" + apiAudiences
        + ", maxTokenExpiration=" + maxTokenExpiration + ", extendTokenExpiration=" + extendTokenExpiration + "]";
  }
}
