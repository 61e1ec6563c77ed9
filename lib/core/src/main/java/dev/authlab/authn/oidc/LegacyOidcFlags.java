package dev.authlab.authn.oidc;

import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.gofmt.GoStrings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * kube-apiserver's legacy {@code --oidc-*} flags and how upstream turns them into a single
 * JwtAuthenticator: the client id becomes the only audience; without a username prefix every claim but
 * {@code email} is prefixed with {@code <issuer-url>#}, and the prefix {@code -} means none; the groups
 * prefix applies only when a groups claim is set; each required claim becomes a claim validation rule;
 * the CA file's content becomes the issuer's certificateAuthority. Unlike the config file, only the
 * listed signing algorithms (default RS256) are accepted.
 *
 * @param caFile empty when not set
 * @param requiredClaims claim to required value, in flag order
 */
public record LegacyOidcFlags(
    String issuerUrl,
    String clientId,
    String caFile,
    String usernameClaim,
    String usernamePrefix,
    String groupsClaim,
    String groupsPrefix,
    List<String> signingAlgs,
    Map<String, String> requiredClaims) {

  public static final String DEFAULT_USERNAME_CLAIM = "sub";
  public static final List<String> DEFAULT_SIGNING_ALGS = List.of("RS256");

  public LegacyOidcFlags {
    issuerUrl = Objects.requireNonNullElse(issuerUrl, "");
    clientId = Objects.requireNonNullElse(clientId, "");
    caFile = Objects.requireNonNullElse(caFile, "");
    usernameClaim = Objects.requireNonNullElse(usernameClaim, DEFAULT_USERNAME_CLAIM);
    usernamePrefix = Objects.requireNonNullElse(usernamePrefix, "");
    groupsClaim = Objects.requireNonNullElse(groupsClaim, "");
    groupsPrefix = Objects.requireNonNullElse(groupsPrefix, "");
    signingAlgs = List.copyOf(signingAlgs);
    requiredClaims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requiredClaims));
  }

  /** The flags with their defaults: username claim "sub", RS256. */
  public static LegacyOidcFlags of(String issuerUrl, String clientId) {
    return new LegacyOidcFlags(issuerUrl, clientId, "", DEFAULT_USERNAME_CLAIM, "", "", "", DEFAULT_SIGNING_ALGS, Map.of());
  }

  /**
   * Parses kube-apiserver arguments ({@code --oidc-issuer-url=https://x} or {@code --oidc-issuer-url
   * https://x}); other arguments are ignored.
   *
   * @throws IllegalArgumentException for a malformed {@code --oidc-required-claim} (upstream's
   *     "malformed pair, expect string=string") or a flag without a value
   */
  public static LegacyOidcFlags parse(List<String> args) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--oidc-")) {
        continue;
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq >= 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("flag needs an argument: --" + name);
        }
        value = args.get(++i);
      }
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    Map<String, String> required = new LinkedHashMap<>();
    for (String pair : values.getOrDefault("oidc-required-claim", List.of())) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("invalid argument " + GoStrings.quote(pair) + " for \"--oidc-required-claim\" flag: malformed pair, expect string=string");
      }
      required.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    List<String> algs = new ArrayList<>();
    for (String list : values.getOrDefault("oidc-signing-algs", List.of())) {
      for (String alg : list.split(",", -1)) {
        algs.add(alg.strip());
      }
    }
    return new LegacyOidcFlags(last(values, "oidc-issuer-url", ""), last(values, "oidc-client-id", ""), last(values, "oidc-ca-file", ""),
        last(values, "oidc-username-claim", DEFAULT_USERNAME_CLAIM), last(values, "oidc-username-prefix", ""),
        last(values, "oidc-groups-claim", ""), last(values, "oidc-groups-prefix", ""), algs.isEmpty() ? DEFAULT_SIGNING_ALGS : algs,
        required);
  }

  private static String last(Map<String, List<String>> values, String name, String fallback) {
    List<String> all = values.get(name);
    return all == null || all.isEmpty() ? fallback : all.get(all.size() - 1);
  }

  /**
   * validateOIDCOptions: the error when some oidc-* flag is set but not both the issuer URL and client
   * id, empty otherwise. {@code anySet} says whether any --oidc-* flag was given.
   */
  public Optional<String> validate(boolean anySet) {
    if (anySet && (issuerUrl.isEmpty() || clientId.isEmpty())) {
      return Optional.of("oidc-issuer-url and oidc-client-id must be specified together when any oidc-* flags are set");
    }
    return Optional.empty();
  }

  /** Whether these flags configure a JWT authenticator at all (both issuer URL and client id set). */
  public boolean configured() {
    return !issuerUrl.isEmpty() && !clientId.isEmpty();
  }

  /** The username prefix upstream derives from the flags. */
  public String effectiveUsernamePrefix() {
    String prefix = usernamePrefix;
    if (usernamePrefix.isEmpty() && !usernameClaim.equals("email")) {
      prefix = issuerUrl + "#";
    }
    if (usernamePrefix.equals("-")) {
      prefix = "";
    }
    return prefix;
  }

  /**
   * The JwtAuthenticator upstream builds from these flags, reading the CA file.
   *
   * @throws IllegalStateException when the flags do not configure OIDC
   * @throws IllegalArgumentException when the CA file cannot be read ({@code open <file>: …})
   */
  public JwtAuthenticator toJwtAuthenticator() {
    if (!configured()) {
      throw new IllegalStateException("--oidc-issuer-url and --oidc-client-id are both needed to configure OIDC");
    }
    ClaimMappings mappings = ClaimMappings.username(PrefixedClaimOrExpression.claim(usernameClaim, effectiveUsernamePrefix()));
    if (!groupsClaim.isEmpty()) {
      mappings = mappings.withGroups(PrefixedClaimOrExpression.claim(groupsClaim, groupsPrefix));
    }
    String ca = "";
    if (!caFile.isEmpty()) {
      try {
        ca = Files.readString(Path.of(caFile), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("open " + caFile + ": no such file or directory (" + e.getClass().getSimpleName() + ")");
      }
    }
    List<ClaimValidationRule> rules = new ArrayList<>();
    requiredClaims.forEach((claim, value) -> rules.add(ClaimValidationRule.required(claim, value)));
    Issuer issuer = new Issuer(issuerUrl, "", ca, List.of(clientId), "", "");
    return new JwtAuthenticator(issuer, rules, mappings, List.of());
  }

  /** The AuthenticationConfiguration equivalent of these flags (one JWT authenticator, or none). */
  public AuthenticationConfiguration toAuthenticationConfiguration() {
    return configured() ? AuthenticationConfiguration.of(toJwtAuthenticator()) : AuthenticationConfiguration.of();
  }

  /**
   * The token authenticator kube-apiserver builds from these flags: validated as an
   * AuthenticationConfiguration, then one OIDC authenticator accepting only {@link #signingAlgs},
   * audience agnostic for {@code apiAudiences}.
   *
   * @throws IllegalArgumentException with upstream's error ("invalid authentication configuration:
   *     …", "oidc: unsupported signing alg: …")
   */
  public TokenAuthenticator tokenAuthenticator(List<String> apiAudiences, OidcOptions options) {
    AuthenticationConfiguration config = toAuthenticationConfiguration();
    List<FieldError> errors = config.validate(options.disallowedIssuers());
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid authentication configuration: " + FieldError.aggregate(errors));
    }
    OidcOptions withAlgs = options.withSupportedSigningAlgs(signingAlgs);
    return JwtAuthenticators.of(config.jwt().stream().map(a -> OidcAuthenticator.create(a, withAlgs)).toList(), apiAudiences);
  }

  /**
   * The same flags for a real kube-apiserver. The CA file is referenced where it is; {@code dir} is
   * not written to unless a CA is needed and the flag has none (never, here), so it may be shared.
   */
  public List<String> writeApiServerConfig(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<String> flags = new ArrayList<>();
    flags.add("--oidc-issuer-url=" + issuerUrl);
    flags.add("--oidc-client-id=" + clientId);
    if (!caFile.isEmpty()) {
      flags.add("--oidc-ca-file=" + Path.of(caFile).toAbsolutePath());
    }
    flags.add("--oidc-username-claim=" + usernameClaim);
    if (!usernamePrefix.isEmpty()) {
      flags.add("--oidc-username-prefix=" + usernamePrefix);
    }
    if (!groupsClaim.isEmpty()) {
      flags.add("--oidc-groups-claim=" + groupsClaim);
    }
    if (!groupsPrefix.isEmpty()) {
      flags.add("--oidc-groups-prefix=" + groupsPrefix);
    }
    flags.add("--oidc-signing-algs=" + String.join(",", signingAlgs));
    requiredClaims.forEach((claim, value) -> flags.add("--oidc-required-claim=" + claim + "=" + value));
    return flags;
  }
}
