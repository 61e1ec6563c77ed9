package dev.authlab.authn.oidc;

import dev.authlab.authn.oidc.CelExpressions.Compiled;
import dev.authlab.authn.oidc.CelExpressions.CompileException;
import dev.authlab.authn.oidc.CelExpressions.ReturnType;
import dev.authlab.gofmt.GoStrings;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's AuthenticationConfiguration validation (k8s.io/apiserver/pkg/apis/apiserver/validation)
 * with its field paths, order and messages, plus the CEL compilation it does on the way: a valid
 * JwtAuthenticator comes back with its compiled expressions. The StructuredAuthenticationConfiguration
 * and egress selector gates are on, as they are by default in 1.34.
 */
final class ConfigValidation {

  static final int MAX_JWT_AUTHENTICATORS = 64;

  private ConfigValidation() {}

  /** A compiled extra mapping. */
  record ExtraExpression(String key, Compiled compiled) {}

  /** A compiled validation rule and the message it reports when false. */
  record RuleExpression(Compiled compiled, String message) {}

  /** Every compiled expression of one JwtAuthenticator (upstream's CELMapper). */
  record CelMapper(
      Optional<Compiled> username,
      Optional<Compiled> groups,
      Optional<Compiled> uid,
      List<ExtraExpression> extra,
      List<RuleExpression> claimValidationRules,
      List<RuleExpression> userValidationRules) {

    boolean usesClaims() {
      return username.isPresent() || groups.isPresent() || uid.isPresent() || !extra.isEmpty() || !claimValidationRules.isEmpty();
    }
  }

  /** The errors found and, when there are none, the compiled expressions. */
  record Result(List<FieldError> errors, CelMapper mapper) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  /** ValidateAuthenticationConfiguration. */
  static List<FieldError> validate(AuthenticationConfiguration config, List<String> disallowedIssuers) {
    List<FieldError> errors = new ArrayList<>();
    String root = "jwt";
    if (config.jwt().size() > MAX_JWT_AUTHENTICATORS) {
      errors.add(FieldError.tooMany(root, config.jwt().size(), MAX_JWT_AUTHENTICATORS));
      return errors;
    }
    Set<String> seenIssuers = new HashSet<>();
    Set<String> seenDiscoveryURLs = new HashSet<>();
    for (int i = 0; i < config.jwt().size(); i++) {
      JwtAuthenticator a = config.jwt().get(i);
      String path = FieldError.index(root, i);
      errors.addAll(validateJwtAuthenticator(a, path, disallowedIssuers).errors());
      if (!seenIssuers.add(a.issuer().url())) {
        errors.add(FieldError.duplicate(path + ".issuer.url", a.issuer().url()));
      }
      if (!a.issuer().discoveryURL().isEmpty() && !seenDiscoveryURLs.add(a.issuer().discoveryURL())) {
        errors.add(FieldError.duplicate(path + ".issuer.discoveryURL", a.issuer().discoveryURL()));
      }
    }
    config.anonymous().ifPresent(anonymous -> {
      if (!anonymous.enabled() && !anonymous.conditions().isEmpty()) {
        errors.add(FieldError.invalidRendered("anonymous.conditions", goConditions(anonymous.conditions()),
            "enabled should be set to true when conditions are defined"));
      }
    });
    return errors;
  }

  /** {@code %#v} of []apiserver.AnonymousAuthCondition. */
  private static String goConditions(List<AnonymousAuthConfig.Condition> conditions) {
    StringBuilder out = new StringBuilder("[]apiserver.AnonymousAuthCondition{");
    for (int i = 0; i < conditions.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append("apiserver.AnonymousAuthCondition{Path:").append(GoStrings.quote(conditions.get(i).path())).append('}');
    }
    return out.append('}').toString();
  }

  /** CompileAndValidateJWTAuthenticator / validateJWTAuthenticator; {@code path} is "" at the root. */
  static Result validateJwtAuthenticator(JwtAuthenticator a, String path, List<String> disallowedIssuers) {
    List<FieldError> errors = new ArrayList<>();
    State state = new State();
    errors.addAll(validateIssuer(a.issuer(), new TreeSet<>(disallowedIssuers), FieldError.child(path, "issuer")));
    errors.addAll(validateClaimValidationRules(state, a.claimValidationRules(), FieldError.child(path, "claimValidationRules")));
    errors.addAll(validateClaimMappings(state, a.claimMappings(), FieldError.child(path, "claimMappings")));
    errors.addAll(validateUserValidationRules(state, a.userValidationRules(), FieldError.child(path, "userValidationRules")));
    CelMapper mapper = new CelMapper(state.username, state.groups, state.uid, List.copyOf(state.extra),
        List.copyOf(state.claimRules), List.copyOf(state.userRules));
    return new Result(List.copyOf(errors), mapper);
  }

  private static final class State {
    Optional<Compiled> username = Optional.empty();
    Optional<Compiled> groups = Optional.empty();
    Optional<Compiled> uid = Optional.empty();
    List<ExtraExpression> extra = new ArrayList<>();
    List<RuleExpression> claimRules = new ArrayList<>();
    List<RuleExpression> userRules = new ArrayList<>();
    boolean usesEmailClaim;
    boolean usesEmailVerifiedClaim;
  }

  // ---------------------------------------------------------------- issuer

  static List<FieldError> validateIssuer(Issuer issuer, TreeSet<String> disallowedIssuers, String path) {
    List<FieldError> errors = new ArrayList<>();
    errors.addAll(validateIssuerURL(issuer.url(), disallowedIssuers, FieldError.child(path, "url")));
    errors.addAll(validateIssuerDiscoveryURL(issuer.url(), issuer.discoveryURL(), FieldError.child(path, "discoveryURL")));
    errors.addAll(validateAudiences(issuer.audiences(), issuer.audienceMatchPolicy(), FieldError.child(path, "audiences"),
        FieldError.child(path, "audienceMatchPolicy")));
    errors.addAll(validateCertificateAuthority(issuer.certificateAuthority(), FieldError.child(path, "certificateAuthority")));
    errors.addAll(validateEgressSelector(issuer.egressSelectorType(), FieldError.child(path, "egressSelectorType")));
    return errors;
  }

  static List<FieldError> validateIssuerURL(String url, TreeSet<String> disallowedIssuers, String path) {
    if (url.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    return validateURL(url, disallowedIssuers, path);
  }

  static List<FieldError> validateIssuerDiscoveryURL(String issuerURL, String discoveryURL, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (discoveryURL.isEmpty()) {
      return errors;
    }
    if (!issuerURL.isEmpty() && trimRightSlashes(issuerURL).equals(trimRightSlashes(discoveryURL))) {
      errors.add(FieldError.invalid(path, discoveryURL, "discoveryURL must be different from URL"));
    }
    errors.addAll(validateURL(discoveryURL, new TreeSet<>(), path));
    return errors;
  }

  private static String trimRightSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  private static List<FieldError> validateURL(String url, TreeSet<String> disallowedIssuers, String path) {
    List<FieldError> errors = new ArrayList<>();
    if (disallowedIssuers.contains(url)) {
      errors.add(FieldError.invalid(path, url,
          "URL must not overlap with disallowed issuers: " + GoStrings.list(List.copyOf(disallowedIssuers))));
    }
    GoUrl parsed;
    try {
      parsed = GoUrl.parse(url);
    } catch (GoUrl.ParseException e) {
      errors.add(FieldError.invalid(path, url, e.getMessage()));
      return errors;
    }
    if (!parsed.scheme().equals("https")) {
      errors.add(FieldError.invalid(path, url, "URL scheme must be https"));
    }
    if (parsed.hasUser()) {
      errors.add(FieldError.invalid(path, url, "URL must not contain a username or password"));
    }
    if (!parsed.rawQuery().isEmpty()) {
      errors.add(FieldError.invalid(path, url, "URL must not contain a query"));
    }
    if (!parsed.fragment().isEmpty()) {
      errors.add(FieldError.invalid(path, url, "URL must not contain a fragment"));
    }
    return errors;
  }

  static List<FieldError> validateAudiences(List<String> audiences, String matchPolicy, String path, String policyPath) {
    List<FieldError> errors = new ArrayList<>();
    if (audiences.isEmpty()) {
      errors.add(FieldError.required(path, "at least one " + path + " is required"));
      return errors;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < audiences.size(); i++) {
      String audience = audiences.get(i);
      String p = FieldError.index(path, i);
      if (audience.isEmpty()) {
        errors.add(FieldError.required(p, ""));
      }
      if (!seen.add(audience)) {
        errors.add(FieldError.duplicate(p, audience));
      }
    }
    if (audiences.size() > 1 && !matchPolicy.equals(Issuer.MATCH_ANY)) {
      errors.add(FieldError.invalid(policyPath, matchPolicy, "audienceMatchPolicy must be MatchAny for multiple audiences"));
    }
    if (audiences.size() == 1 && !matchPolicy.isEmpty() && !matchPolicy.equals(Issuer.MATCH_ANY)) {
      errors.add(FieldError.invalid(policyPath, matchPolicy, "audienceMatchPolicy must be empty or MatchAny for single audience"));
    }
    return errors;
  }

  static List<FieldError> validateCertificateAuthority(String pem, String path) {
    if (pem.isEmpty()) {
      return List.of();
    }
    return parseCertificates(pem).map(error -> List.of(FieldError.invalid(path, "<omitted>", error))).orElse(List.of());
  }

  private static final Pattern PEM_BLOCK = Pattern.compile(
      "-----BEGIN ([^-\\r\\n]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

  /** certutil.NewPoolFromBytes: the error it would report, or empty when the bundle is usable. */
  static Optional<String> parseCertificates(String pem) {
    boolean found = false;
    Matcher m = PEM_BLOCK.matcher(pem);
    while (m.find()) {
      String body = m.group(2);
      if (!m.group(1).equals("CERTIFICATE") || body.contains(":")) {
        continue; // other blocks and blocks with headers are skipped
      }
      try {
        byte[] der = Base64.getMimeDecoder().decode(body);
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      } catch (IllegalArgumentException | CertificateException e) {
        return Optional.of("x509: malformed certificate");
      }
      found = true;
    }
    return found ? Optional.empty() : Optional.of("data does not contain any valid RSA or ECDSA certificates");
  }

  static List<FieldError> validateEgressSelector(String selector, String path) {
    if (selector.isEmpty()) {
      return List.of();
    }
    if (selector.equals("controlplane") || selector.equals("cluster")) {
      return List.of();
    }
    return List.of(FieldError.invalid(path, selector, "egress selector must be either controlplane or cluster"));
  }

  // ---------------------------------------------------------------- claim validation rules

  private static List<FieldError> validateClaimValidationRules(State state, List<ClaimValidationRule> rules, String path) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seenClaims = new HashSet<>();
    Set<String> seenExpressions = new HashSet<>();
    List<RuleExpression> compiled = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      ClaimValidationRule rule = rules.get(i);
      String p = FieldError.index(path, i);
      boolean hasClaim = !rule.claim().isEmpty();
      boolean hasExpression = !rule.expression().isEmpty();
      if (hasClaim && hasExpression) {
        errors.add(FieldError.invalid(p, rule.claim(), "claim and expression can't both be set"));
      } else if (!hasClaim && !hasExpression) {
        errors.add(FieldError.required(p, "claim or expression is required"));
      } else if (hasClaim) {
        if (!rule.message().isEmpty()) {
          errors.add(FieldError.invalid(p + ".message", rule.message(), "may not be specified when claim is set"));
        }
        if (!seenClaims.add(rule.claim())) {
          errors.add(FieldError.duplicate(p + ".claim", rule.claim()));
        }
      } else {
        if (!rule.requiredValue().isEmpty()) {
          errors.add(FieldError.invalid(p + ".requiredValue", rule.requiredValue(), "may not be specified when expression is set"));
        }
        if (!seenExpressions.add(rule.expression())) {
          errors.add(FieldError.duplicate(p + ".expression", rule.expression()));
          continue;
        }
        try {
          compiled.add(new RuleExpression(CelExpressions.compileClaims(rule.expression(), ReturnType.BOOL), rule.message()));
        } catch (CompileException e) {
          errors.add(FieldError.invalid(p + ".expression", rule.expression(), e.getMessage()));
        }
      }
    }
    if (!compiled.isEmpty()) {
      state.claimRules = compiled;
      state.usesEmailVerifiedClaim = state.usesEmailVerifiedClaim
          || compiled.stream().anyMatch(r -> CelExpressions.selects(r.compiled().ast(), "claims", "email_verified"));
    }
    return errors;
  }

  // ---------------------------------------------------------------- claim mappings

  private static List<FieldError> validateClaimMappings(State state, ClaimMappings m, String path) {
    List<FieldError> errors = new ArrayList<>();

    List<FieldError> usernameErrors = new ArrayList<>();
    Optional<Compiled> username = validatePrefixClaimOrExpression(m.username(), FieldError.child(path, "username"), true, usernameErrors);
    if (!usernameErrors.isEmpty()) {
      errors.addAll(usernameErrors);
    } else if (username.isPresent()) {
      state.usesEmailClaim = state.usesEmailClaim || CelExpressions.selects(username.get().ast(), "claims", "email");
      state.usesEmailVerifiedClaim = state.usesEmailVerifiedClaim || CelExpressions.selects(username.get().ast(), "claims", "email_verified");
      state.username = username;
    }

    List<FieldError> groupsErrors = new ArrayList<>();
    Optional<Compiled> groups = validatePrefixClaimOrExpression(m.groups(), FieldError.child(path, "groups"), false, groupsErrors);
    if (!groupsErrors.isEmpty()) {
      errors.addAll(groupsErrors);
    } else if (groups.isPresent()) {
      state.groups = groups;
    }

    String uidPath = FieldError.child(path, "uid");
    if (!m.uid().claim().isEmpty() && !m.uid().expression().isEmpty()) {
      errors.add(FieldError.invalid(uidPath, "", "claim and expression can't both be set"));
    } else if (!m.uid().expression().isEmpty()) {
      try {
        state.uid = Optional.of(CelExpressions.compileClaims(m.uid().expression(), ReturnType.ANY));
      } catch (CompileException e) {
        errors.add(FieldError.invalid(uidPath + ".expression", m.uid().expression(), e.getMessage()));
      }
    }

    List<ExtraExpression> extra = new ArrayList<>();
    Set<String> seenKeys = new HashSet<>();
    for (int i = 0; i < m.extra().size(); i++) {
      ExtraMapping mapping = m.extra().get(i);
      String p = FieldError.index(FieldError.child(path, "extra"), i);
      String keyPath = p + ".key";
      errors.addAll(isDomainPrefixedPath(keyPath, mapping.key()));
      if (!mapping.key().equals(mapping.key().toLowerCase(Locale.ROOT))) {
        errors.add(FieldError.invalid(keyPath, mapping.key(), "must be lowercase"));
      }
      if (isKubernetesDomainPrefix(mapping.key())) {
        errors.add(FieldError.invalid(keyPath, mapping.key(), "k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use"));
      }
      if (!seenKeys.add(mapping.key())) {
        errors.add(FieldError.duplicate(keyPath, mapping.key()));
        continue;
      }
      if (mapping.valueExpression().isEmpty()) {
        errors.add(FieldError.required(p + ".valueExpression", ""));
        continue;
      }
      try {
        extra.add(new ExtraExpression(mapping.key(), CelExpressions.compileClaims(mapping.valueExpression(), ReturnType.ANY)));
      } catch (CompileException e) {
        errors.add(FieldError.invalid(p + ".valueExpression", mapping.valueExpression(), e.getMessage()));
      }
    }
    if (!extra.isEmpty()) {
      state.extra = extra;
      state.usesEmailVerifiedClaim = state.usesEmailVerifiedClaim
          || extra.stream().anyMatch(e -> CelExpressions.selects(e.compiled().ast(), "claims", "email_verified"));
    }

    if (state.usesEmailClaim && !state.usesEmailVerifiedClaim) {
      errors.add(FieldError.invalid(path + ".username.expression", m.username().expression(),
          "claims.email_verified must be used in claimMappings.username.expression or claimMappings.extra[*].valueExpression"
              + " or claimValidationRules[*].expression when claims.email is used in claimMappings.username.expression"));
    }
    return errors;
  }

  private static Optional<Compiled> validatePrefixClaimOrExpression(
      PrefixedClaimOrExpression mapping, String path, boolean required, List<FieldError> errors) {
    boolean hasClaim = !mapping.claim().isEmpty();
    boolean hasExpression = !mapping.expression().isEmpty();
    if (hasClaim && hasExpression) {
      errors.add(FieldError.invalid(path, "", "claim and expression can't both be set"));
    } else if (!hasClaim && !hasExpression && required) {
      errors.add(FieldError.required(path, "claim or expression is required"));
    } else if (hasExpression) {
      mapping.prefix().ifPresent(prefix ->
          errors.add(FieldError.invalid(path + ".prefix", prefix, "may not be specified when expression is set")));
      try {
        return Optional.of(CelExpressions.compileClaims(mapping.expression(), ReturnType.ANY));
      } catch (CompileException e) {
        errors.add(FieldError.invalid(path + ".expression", mapping.expression(), e.getMessage()));
      }
    } else if (hasClaim && mapping.prefix().isEmpty()) {
      errors.add(FieldError.required(path + ".prefix",
          "prefix is required when claim is set. It can be set to an empty string to disable prefixing"));
    }
    return Optional.empty();
  }

  private static boolean isKubernetesDomainPrefix(String key) {
    int slash = key.indexOf('/');
    String domain = slash >= 0 ? key.substring(0, slash) : "";
    return domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io") || domain.equals("k8s.io") || domain.endsWith(".k8s.io");
  }

  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
  private static final String HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  private static final Pattern HTTP_PATH = Pattern.compile("^" + HTTP_PATH_FMT + "$");

  /** apimachinery's IsDomainPrefixedPath. */
  static List<FieldError> isDomainPrefixedPath(String path, String value) {
    if (value.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      return List.of(FieldError.invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    }
    List<FieldError> errors = new ArrayList<>();
    String host = value.substring(0, slash);
    if (host.length() > 253) {
      errors.add(FieldError.invalid(path, host, "must be no more than 253 characters"));
    }
    if (!DNS1123_SUBDOMAIN.matcher(host).matches()) {
      errors.add(FieldError.invalid(path, host, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
          + " '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
          + DNS1123_SUBDOMAIN_FMT + "')"));
    }
    String rest = value.substring(slash + 1);
    if (!HTTP_PATH.matcher(rest).matches()) {
      errors.add(FieldError.invalid(path, rest, "Invalid path (regex used for validation is '" + HTTP_PATH_FMT + "')"));
    }
    return errors;
  }

  // ---------------------------------------------------------------- user validation rules

  private static List<FieldError> validateUserValidationRules(State state, List<UserValidationRule> rules, String path) {
    List<FieldError> errors = new ArrayList<>();
    List<RuleExpression> compiled = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      UserValidationRule rule = rules.get(i);
      String p = FieldError.index(path, i) + ".expression";
      if (rule.expression().isEmpty()) {
        errors.add(FieldError.required(p, ""));
        continue;
      }
      if (!seen.add(rule.expression())) {
        errors.add(FieldError.duplicate(p, rule.expression()));
        continue;
      }
      try {
        compiled.add(new RuleExpression(CelExpressions.compileUser(rule.expression(), ReturnType.BOOL), rule.message()));
      } catch (CompileException e) {
        errors.add(FieldError.invalid(p, rule.expression(), e.getMessage()));
      }
    }
    if (!compiled.isEmpty()) {
      state.userRules = compiled;
    }
    return errors;
  }
}
