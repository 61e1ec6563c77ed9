package dev.authlab.authn.oidc;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.CelExpressions.Compiled;
import dev.authlab.authn.oidc.CelExpressions.EvalException;
import dev.authlab.authn.oidc.ConfigValidation.CelMapper;
import dev.authlab.authn.oidc.ConfigValidation.ExtraExpression;
import dev.authlab.authn.oidc.ConfigValidation.RuleExpression;
import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import dev.cel.common.values.NullValue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JWT authenticator, with exactly the checks of upstream's oidc.go on top of go-oidc: a token whose
 * unverified {@code iss} is not this issuer is not ours (no opinion); otherwise it must be a JWS signed
 * with an allowed asymmetric algorithm by a key from the issuer's JWKS, name one of the audiences, not
 * be expired (no leeway) nor used more than a minute before its nbf; then the claim mappings, claim
 * validation rules and user validation rules apply, with upstream's error texts.
 *
 * <p>The issuer's keys come from discovery, attempted on first use and then at most every 10 seconds
 * until it succeeds (upstream retries in the background at that interval); until then every token for
 * this issuer fails with "oidc: authenticator not initialized".
 */
public final class OidcAuthenticator implements TokenAuthenticator {

  /** Upstream's allow-list, sorted as AllValidSigningAlgorithms returns it; never none, never HMAC. */
  public static final List<String> ALL_VALID_SIGNING_ALGORITHMS =
      List.of("ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512");

  /** go-oidc accepts a token up to this long before its nbf. */
  public static final Duration NOT_BEFORE_LEEWAY = Duration.ofMinutes(1);

  /** Upstream polls discovery every 10 seconds until it succeeds. */
  public static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);

  /** Where a jti claim ends up (user.CredentialIDKey). */
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

  private static final String NAME = "oidc";

  private final JwtAuthenticator config;
  private final CelMapper cel;
  private final List<String> supportedAlgs;
  private final Clock clock;
  private final OidcFetcher fetcher;
  private final Map<String, String> requiredClaims;
  private final Object initLock = new Object();
  private volatile KeySet keySet;
  private volatile String lastInitError;
  private Instant lastInitAttempt;
  private final Map<String, DistributedVerifier> distributedVerifiers = new ConcurrentHashMap<>();

  private OidcAuthenticator(JwtAuthenticator config, CelMapper cel, List<String> supportedAlgs, Clock clock, OidcFetcher fetcher,
      Optional<KeySet> keySet) {
    this.config = config;
    this.cel = cel;
    this.supportedAlgs = List.copyOf(supportedAlgs);
    this.clock = clock;
    this.fetcher = fetcher;
    Map<String, String> required = new LinkedHashMap<>();
    for (ClaimValidationRule rule : config.claimValidationRules()) {
      if (!rule.claim().isEmpty()) {
        required.put(rule.claim(), rule.requiredValue());
      }
    }
    this.requiredClaims = required;
    this.keySet = keySet.orElse(null);
  }

  /**
   * Builds the authenticator, compiling its CEL expressions once.
   *
   * @throws IllegalArgumentException with upstream's initialisation error, e.g. {@code issuer.url:
   *     Invalid value: "http://x": URL scheme must be https} or {@code oidc: unsupported signing alg:
   *     "HS256"}
   */
  public static OidcAuthenticator create(JwtAuthenticator config, OidcOptions options) {
    ConfigValidation.Result validation = ConfigValidation.validateJwtAuthenticator(config, "", options.disallowedIssuers());
    if (!validation.ok()) {
      throw new IllegalArgumentException(FieldError.aggregate(validation.errors()));
    }
    List<String> algs = options.supportedSigningAlgs().isEmpty() ? List.of("RS256") : options.supportedSigningAlgs();
    for (String alg : algs) {
      if (!ALL_VALID_SIGNING_ALGORITHMS.contains(alg)) {
        throw new IllegalArgumentException("oidc: unsupported signing alg: " + GoStrings.quote(alg));
      }
    }
    String ca = config.issuer().certificateAuthority();
    if (options.fetcher().isPresent() && !ca.isEmpty()) {
      throw new IllegalArgumentException("oidc: Client and CAContentProvider are mutually exclusive");
    }
    OidcFetcher fetcher = options.fetcher().orElseGet(() -> OidcFetcher.https(ca));
    if (!config.issuer().discoveryURL().isEmpty() && options.keySet().isPresent()) {
      throw new IllegalArgumentException("oidc: KeySet and DiscoveryURL are mutually exclusive");
    }
    return new OidcAuthenticator(config, validation.mapper(), algs, options.clock(), fetcher, options.keySet());
  }

  public JwtAuthenticator config() {
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Upstream's HealthCheck: empty once the issuer's keys are available, otherwise {@code oidc:
   * authenticator for issuer "<url>" is not healthy: <why>}. Attempts discovery if it is due.
   */
  public Optional<String> healthCheck() {
    if (initialized().isPresent()) {
      return Optional.empty();
    }
    String why = lastInitError != null ? lastInitError
        : "oidc: authenticator for issuer " + GoStrings.quote(config.issuer().url()) + " is not initialized";
    return Optional.of("oidc: authenticator for issuer " + GoStrings.quote(config.issuer().url()) + " is not healthy: " + why);
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    Optional<String> issuer = Jwt.untrustedIssuer(token);
    String ours = config.issuer().url();
    if (issuer.isEmpty()) {
      return AuthnResult.noOpinion(NAME, "not a compact JWT with a JSON payload, so not a token from " + ours);
    }
    if (!issuer.get().equals(ours)) {
      return AuthnResult.noOpinion(NAME, "the token's iss " + GoStrings.quote(issuer.get()) + " is not " + GoStrings.quote(ours));
    }
    Optional<KeySet> keys = initialized();
    if (keys.isEmpty()) {
      String detail = lastInitError == null ? "" : " (discovery: " + lastInitError + ")";
      return failed("oidc: authenticator not initialized", detail);
    }
    Verified verified;
    try {
      verified = verify(token, keys.get(), config.issuer().url());
    } catch (Jwt.GoError e) {
      return failed("oidc: verify token: " + e.getMessage(), "");
    }
    ObjectNode claims = verified.payload().deepCopy();
    try {
      expandDistributedClaims(claims);
    } catch (Jwt.GoError e) {
      return failed("oidc: could not expand distributed claims: " + e.getMessage(), "");
    }
    try {
      UserInfo user = mapUser(claims);
      return new AuthnResult.Authenticated(user, List.of(), Trace.of(NAME, Trace.Verdict.AUTHENTICATED,
          "token from " + ours + " verified (alg " + verified.algorithm() + (verified.keyId().isEmpty() ? "" : ", kid " + verified.keyId())
              + "); user " + GoStrings.quote(user.name())));
    } catch (Jwt.GoError e) {
      return failed(e.getMessage(), "");
    }
  }

  private AuthnResult.Failed failed(String error, String traceDetail) {
    return new AuthnResult.Failed(error, Trace.of(NAME, Trace.Verdict.FAILED, error + traceDetail));
  }

  // ---------------------------------------------------------------- keys

  private Optional<KeySet> initialized() {
    KeySet current = keySet;
    if (current != null) {
      return Optional.of(current);
    }
    synchronized (initLock) {
      if (keySet != null) {
        return Optional.of(keySet);
      }
      Instant now = clock.instant();
      if (lastInitAttempt != null && now.isBefore(lastInitAttempt.plus(DISCOVERY_RETRY))) {
        return Optional.empty();
      }
      lastInitAttempt = now;
      try {
        keySet = new RemoteKeySet(Discovery.jwksUri(config.issuer(), fetcher), fetcher);
        lastInitError = null;
        return Optional.of(keySet);
      } catch (Jwt.GoError e) {
        lastInitError = e.getMessage();
        return Optional.empty();
      }
    }
  }

  // ---------------------------------------------------------------- verification (go-oidc + audiences)

  private record Verified(Jwt.IdToken idToken, ObjectNode payload, String algorithm, String keyId) {}

  private Verified verify(String token, KeySet keys, String issuerUrl) throws Jwt.GoError {
    Jwt.SignedToken jws;
    try {
      jws = Jwt.parseSigned(token);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("oidc: malformed jwt: " + e.getMessage());
    }
    JsonNode payload;
    try {
      payload = Jwt.JSON.readTree(jws.payload());
    } catch (JacksonException e) {
      throw new Jwt.GoError("oidc: failed to unmarshal claims: " + Jwt.jsonSyntaxError(e));
    }
    Jwt.IdToken id;
    try {
      id = Jwt.decodeIdToken(payload);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("oidc: failed to unmarshal claims: " + e.getMessage());
    }
    for (Map.Entry<String, String> name : id.claimNames().entrySet()) {
      if (name.getValue().isEmpty()) {
        throw new Jwt.GoError("oidc: failed to obtain source from claim name");
      }
      if (!id.claimSources().containsKey(name.getValue())) {
        throw new Jwt.GoError("oidc: source does not exist");
      }
    }
    if (!id.issuer().equals(issuerUrl)
        && !(issuerUrl.equals("https://accounts.google.com") && id.issuer().equals("accounts.google.com"))) {
      throw new Jwt.GoError("oidc: id token issued by a different provider, expected " + GoStrings.quote(issuerUrl) + " got "
          + GoStrings.quote(id.issuer()));
    }
    List<String> expected = config.issuer().audiences();
    Set<String> expectedSet = new TreeSet<>(expected);
    if (expectedSet.size() == 1 && !id.audience().contains(expected.get(0))) {
      throw new Jwt.GoError("oidc: expected audience " + GoStrings.quote(expected.get(0)) + " got " + GoStrings.quoteAll(id.audience()));
    }
    Instant now = clock.instant();
    if (id.expiry().isBefore(now)) {
      throw new Jwt.GoError("oidc: token is expired (Token Expiry: " + GoText.time(id.expiry()) + ")");
    }
    if (id.notBefore().isPresent() && now.plus(NOT_BEFORE_LEEWAY).isBefore(id.notBefore().get())) {
      throw new Jwt.GoError("oidc: current time " + GoText.time(now) + " before the nbf (not before) time: " + GoText.time(id.notBefore().get()));
    }
    if (!supportedAlgs.contains(jws.algorithm())) {
      throw new Jwt.GoError("oidc: id token signed with unsupported algorithm, expected " + GoStrings.quoteAll(supportedAlgs) + " got "
          + GoStrings.quote(jws.algorithm()));
    }
    try {
      keys.verify(jws);
    } catch (KeySet.VerificationException e) {
      throw new Jwt.GoError("failed to verify signature: " + e.getMessage());
    }
    if (expectedSet.stream().noneMatch(id.audience()::contains)) {
      throw new Jwt.GoError("oidc: expected audience in " + GoStrings.quoteAll(List.copyOf(expectedSet)) + " got " + GoStrings.quoteAll(id.audience()));
    }
    return new Verified(id, (ObjectNode) payload, jws.algorithm(), jws.keyId());
  }

  // ---------------------------------------------------------------- distributed claims (groups)

  private void expandDistributedClaims(ObjectNode claims) throws Jwt.GoError {
    String claim = config.claimMappings().groups().claim();
    if (claim.isEmpty() || claims.has(claim)) {
      return; // a normal claim wins over a distributed one of the same name
    }
    JsonNode names = claims.get("_claim_names");
    if (names == null) {
      return;
    }
    Map<String, String> claimToSource = stringMap(names, "oidc: error parsing distributed claim names: ");
    JsonNode rawSources = claims.get("_claim_sources");
    if (rawSources == null) {
      throw new Jwt.GoError("oidc: no claim sources");
    }
    if (!rawSources.isObject() && !rawSources.isNull()) {
      throw new Jwt.GoError("oidc: could not parse claim sources: json: cannot unmarshal " + GoJsonTypes.of(rawSources)
          + " into Go value of type map[string]oidc.endpoint");
    }
    String source = claimToSource.get(claim);
    if (source == null) {
      return;
    }
    JsonNode endpoint = rawSources.isNull() ? null : rawSources.get(source);
    if (endpoint == null) {
      throw new Jwt.GoError("id token _claim_names contained a source " + source + " missing in _claims_sources");
    }
    String url = textField(endpoint, "endpoint");
    if (url.isEmpty()) {
      return; // an aggregated claim ("JWT"), not supported upstream either
    }
    claims.set(claim, resolve(claim, url, textField(endpoint, "access_token")));
  }

  private static Map<String, String> stringMap(JsonNode node, String errorPrefix) throws Jwt.GoError {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new Jwt.GoError(errorPrefix + "json: cannot unmarshal " + GoJsonTypes.of(node) + " into Go value of type map[string]string");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isString()) {
        out.put(e.getKey(), e.getValue().stringValue());
      } else if (!e.getValue().isNull()) {
        throw new Jwt.GoError(errorPrefix + "json: cannot unmarshal " + GoJsonTypes.of(e.getValue()) + " into Go value of type string");
      } else {
        out.put(e.getKey(), "");
      }
    }
    return out;
  }

  private static String textField(JsonNode node, String name) {
    String value = "";
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (Jwt.goFieldMatches(e.getKey(), name) && e.getValue().isString()) {
          value = e.getValue().stringValue();
        }
      }
    }
    return value;
  }

  private JsonNode resolve(String claim, String url, String accessToken) throws Jwt.GoError {
    String jwt;
    try {
      Map<String, String> headers = accessToken.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + accessToken);
      OidcFetcher.Response response = fetcher.get(url, headers);
      if (response.status() < 200 || response.status() > 226) {
        throw new Jwt.GoError("while getting distributed claim " + GoStrings.quote(claim) + ": error while getting distributed claim JWT: "
            + GoText.httpStatus(response.status()));
      }
      jwt = response.body();
    } catch (IOException e) {
      throw new Jwt.GoError("while getting distributed claim " + GoStrings.quote(claim) + ": Get " + GoStrings.quote(url) + ": " + e.getMessage());
    }
    String issuer;
    try {
      issuer = untrustedIssuerOrError(jwt);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("getting untrusted issuer from endpoint " + url + " failed for claim " + GoStrings.quote(claim) + ": " + e.getMessage());
    }
    KeySet keys = distributedVerifiers.computeIfAbsent(issuer, DistributedVerifier::new).keys()
        .orElseThrow(() -> new Jwt.GoError("verifying untrusted issuer " + issuer + " failed: verifier not initialized for issuer: "
            + GoStrings.quote(issuer)));
    Verified verified;
    try {
      verified = verify(jwt, keys, issuer);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("verify distributed claim token: " + e.getMessage());
    }
    JsonNode value = verified.payload().get(claim);
    if (value == null) {
      throw new Jwt.GoError("jwt returned by distributed claim endpoint " + GoStrings.quote(url) + " did not contain claim: " + claim);
    }
    return value;
  }

  /** The untrustedIssuer errors upstream reports for distributed claim JWTs. */
  private static String untrustedIssuerOrError(String token) throws Jwt.GoError {
    if (token.strip().startsWith("{")) {
      throw new Jwt.GoError("token is not compact JWT");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Jwt.GoError("malformed token");
    }
    byte[] payload;
    try {
      payload = Jwt.rawUrlDecode(parts[1]);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("error decoding token: " + e.getMessage());
    }
    return Jwt.untrustedIssuer(token).orElseThrow(() -> new Jwt.GoError("while unmarshaling token: "
        + describeJsonProblem(payload)));
  }

  private static String describeJsonProblem(byte[] payload) {
    try {
      JsonNode node = Jwt.JSON.readTree(payload);
      return "json: cannot unmarshal " + GoJsonTypes.of(node) + " into Go value of type struct { Issuer string \"json:\\\"iss\\\"\" }";
    } catch (JacksonException e) {
      return Jwt.jsonSyntaxError(e);
    }
  }

  /** A lazily discovered verifier for a distributed claim's issuer. */
  private final class DistributedVerifier {
    private final Issuer issuer;
    private KeySet keys;
    private Instant lastAttempt;

    DistributedVerifier(String issuerUrl) {
      this.issuer = Issuer.of(issuerUrl);
    }

    synchronized Optional<KeySet> keys() {
      if (keys != null) {
        return Optional.of(keys);
      }
      Instant now = clock.instant();
      if (lastAttempt != null && now.isBefore(lastAttempt.plus(DISCOVERY_RETRY))) {
        return Optional.empty();
      }
      lastAttempt = now;
      try {
        keys = new RemoteKeySet(Discovery.jwksUri(issuer, fetcher), fetcher);
      } catch (Jwt.GoError e) {
        return Optional.empty();
      }
      return Optional.of(keys);
    }
  }

  // ---------------------------------------------------------------- claims to user

  private UserInfo mapUser(ObjectNode claims) throws Jwt.GoError {
    Object claimsValue = cel.usesClaims() ? CelExpressions.fromJson(claims) : NullValue.NULL_VALUE;
    String username = username(claims, claimsValue);
    List<String> groups = groups(claims, claimsValue);
    String uid = uid(claims, claimsValue);
    Map<String, List<String>> extra = extra(claims, claimsValue);
    UserInfo user = new UserInfo(username, uid, groups, extra);

    for (Map.Entry<String, String> required : requiredClaims.entrySet()) {
      String claim = required.getKey();
      if (!claims.has(claim)) {
        throw new Jwt.GoError("oidc: required claim " + claim + " not present in ID token");
      }
      String value;
      try {
        value = stringClaim(claims.get(claim));
      } catch (Jwt.GoError e) {
        throw new Jwt.GoError("oidc: parse claim " + claim + ": " + e.getMessage());
      }
      if (!value.equals(required.getValue())) {
        throw new Jwt.GoError("oidc: required claim " + claim + " value does not match. Got = " + value + ", want = " + required.getValue());
      }
    }

    if (!cel.claimValidationRules().isEmpty()) {
      checkRules(cel.claimValidationRules(), CelExpressions.CLAIMS, claimsValue, "oidc: error evaluating claim validation expression: ");
    }
    if (!cel.userValidationRules().isEmpty()) {
      checkRules(cel.userValidationRules(), CelExpressions.USER, CelExpressions.userValue(user), "oidc: error evaluating user info validation rule: ");
    }
    return user;
  }

  private void checkRules(List<RuleExpression> rules, String variable, Object value, String prefix) throws Jwt.GoError {
    List<Object> results = new ArrayList<>();
    for (RuleExpression rule : rules) {
      try {
        results.add(rule.compiled().eval(variable, value));
      } catch (EvalException e) {
        throw new Jwt.GoError(prefix + e.getMessage());
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      Object result = results.get(i);
      if (!(result instanceof Boolean ok)) {
        throw new Jwt.GoError(prefix + "validation expression must return a boolean");
      }
      if (!ok) {
        RuleExpression rule = rules.get(i);
        throw new Jwt.GoError(prefix + "validation expression '" + rule.compiled().expression() + "' failed: " + rule.message());
      }
    }
  }

  private String username(ObjectNode claims, Object claimsValue) throws Jwt.GoError {
    if (cel.username().isPresent()) {
      Object result = evalOrFail(cel.username().get(), claimsValue, "oidc: error evaluating username claim expression: ");
      if (!(result instanceof String name)) {
        throw new Jwt.GoError("oidc: error evaluating username claim expression: username claim expression must return a string");
      }
      if (name.isEmpty()) {
        throw new Jwt.GoError("oidc: empty username via CEL expression is not allowed");
      }
      return name;
    }
    String claim = config.claimMappings().username().claim();
    String username;
    try {
      username = stringClaim(claimOrMissing(claims, claim));
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("oidc: parse username claims " + GoStrings.quote(claim) + ": " + e.getMessage());
    }
    if (claim.equals("email") && claims.has("email_verified")) {
      boolean verified;
      try {
        verified = boolClaim(claims.get("email_verified"));
      } catch (Jwt.GoError e) {
        throw new Jwt.GoError("oidc: parse 'email_verified' claim: " + e.getMessage());
      }
      if (!verified) {
        throw new Jwt.GoError("oidc: email not verified");
      }
    }
    String prefix = config.claimMappings().username().prefix().orElse("");
    return prefix.isEmpty() ? username : prefix + username;
  }

  private List<String> groups(ObjectNode claims, Object claimsValue) throws Jwt.GoError {
    String claim = config.claimMappings().groups().claim();
    if (!claim.isEmpty() && claims.has(claim)) {
      List<String> groups;
      try {
        groups = stringOrArray(claims.get(claim));
      } catch (Jwt.GoError e) {
        throw new Jwt.GoError("oidc: parse groups claim " + GoStrings.quote(claim) + ": " + e.getMessage());
      }
      String prefix = config.claimMappings().groups().prefix().orElse("");
      return prefix.isEmpty() ? groups : groups.stream().map(g -> prefix + g).toList();
    }
    if (cel.groups().isEmpty()) {
      return List.of();
    }
    Object result = evalOrFail(cel.groups().get(), claimsValue, "oidc: error evaluating group claim expression: ");
    try {
      return stringList(result);
    } catch (Jwt.GoError e) {
      throw new Jwt.GoError("oidc: error evaluating group claim expression: " + e.getMessage());
    }
  }

  private String uid(ObjectNode claims, Object claimsValue) throws Jwt.GoError {
    String claim = config.claimMappings().uid().claim();
    if (!claim.isEmpty()) {
      try {
        return stringClaim(claimOrMissing(claims, claim));
      } catch (Jwt.GoError e) {
        throw new Jwt.GoError("oidc: parse uid claim " + GoStrings.quote(claim) + ": " + e.getMessage());
      }
    }
    if (cel.uid().isEmpty()) {
      return "";
    }
    Object result = evalOrFail(cel.uid().get(), claimsValue, "oidc: error evaluating uid claim expression: ");
    if (!(result instanceof String uid)) {
      throw new Jwt.GoError("oidc: error evaluating uid claim expression: uid claim expression must return a string");
    }
    return uid;
  }

  private Map<String, List<String>> extra(ObjectNode claims, Object claimsValue) throws Jwt.GoError {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    JsonNode jti = claims.get("jti");
    if (jti != null && jti.isString() && !jti.stringValue().isEmpty()) {
      extra.put(CREDENTIAL_ID_KEY, List.of("JTI=" + jti.stringValue()));
    }
    if (cel.extra().isEmpty()) {
      return extra;
    }
    List<Object> results = new ArrayList<>();
    for (ExtraExpression e : cel.extra()) {
      try {
        results.add(e.compiled().eval(CelExpressions.CLAIMS, claimsValue));
      } catch (EvalException ex) {
        throw new Jwt.GoError(ex.getMessage()); // upstream returns this one without the "oidc:" prefix
      }
    }
    for (int i = 0; i < results.size(); i++) {
      ExtraExpression e = cel.extra().get(i);
      List<String> values;
      try {
        values = stringList(results.get(i));
      } catch (Jwt.GoError ex) {
        throw new Jwt.GoError("oidc: error evaluating extra claim expression: " + e.compiled().expression() + ": " + ex.getMessage());
      }
      if (!values.isEmpty()) {
        extra.put(e.key(), values);
      }
    }
    return extra;
  }

  private static Object evalOrFail(Compiled compiled, Object claimsValue, String prefix) throws Jwt.GoError {
    try {
      return compiled.eval(CelExpressions.CLAIMS, claimsValue);
    } catch (EvalException e) {
      throw new Jwt.GoError(prefix + e.getMessage());
    }
  }

  /** convertCELValueToStringList: "" and [] mean nothing, empty strings in a list are dropped, null is nothing. */
  private static List<String> stringList(Object value) throws Jwt.GoError {
    if (value instanceof String s) {
      return s.isEmpty() ? List.of() : List.of(s);
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object element : list) {
        if (!(element instanceof String s)) {
          throw new Jwt.GoError("expression must return a string or a list of strings");
        }
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
      return out;
    }
    if (value instanceof NullValue) {
      return List.of();
    }
    throw new Jwt.GoError("expression must return a string or a list of strings");
  }

  // ---------------------------------------------------------------- Go's claim unmarshalling

  private static JsonNode claimOrMissing(ObjectNode claims, String name) throws Jwt.GoError {
    JsonNode value = claims.get(name);
    if (value == null) {
      throw new Jwt.GoError("claim not present");
    }
    return value;
  }

  /** json.Unmarshal(claim, &string): null leaves "", other kinds are type errors. */
  static String stringClaim(JsonNode value) throws Jwt.GoError {
    if (value.isNull()) {
      return "";
    }
    if (!value.isString()) {
      throw new Jwt.GoError("json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go value of type string");
    }
    return value.stringValue();
  }

  /** json.Unmarshal(claim, &bool). */
  static boolean boolClaim(JsonNode value) throws Jwt.GoError {
    if (value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new Jwt.GoError("json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go value of type bool");
    }
    return value.booleanValue();
  }

  /** Upstream's stringOrArray: a list of strings, else a single string. */
  static List<String> stringOrArray(JsonNode value) throws Jwt.GoError {
    if (value.isNull()) {
      return List.of();
    }
    if (value.isArray()) {
      boolean allStrings = true;
      List<String> out = new ArrayList<>();
      for (JsonNode element : value) {
        if (element.isNull()) {
          out.add("");
        } else if (element.isString()) {
          out.add(element.stringValue());
        } else {
          allStrings = false;
        }
      }
      if (allStrings) {
        return out;
      }
    }
    return List.of(stringClaim(value));
  }
}
