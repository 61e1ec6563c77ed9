package dev.authlab.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's validation tests (apis/apiserver/validation/validation_test.go) for the authentication
 * half: whole configurations, issuer URLs, discovery URLs, audiences, CAs, claim validation rules, claim
 * mappings (including the claims.email / claims.email_verified rule) and user validation rules. Texts
 * are those of the 1.34 validation code (Required values without detail, "may not be specified when").
 */
class AuthenticationConfigurationValidationTest {

  static final ClaimValidationRule FOO_BAR = ClaimValidationRule.required("foo", "bar");

  static JwtAuthenticator jwt(String url, ClaimMappings mappings) {
    return new JwtAuthenticator(Issuer.of(url, "audience"), List.of(FOO_BAR), mappings, List.of());
  }

  static ClaimMappings sub() {
    return ClaimMappings.username(PrefixedClaimOrExpression.claim("sub", "prefix"));
  }

  static ClaimMappings usernameExpr(String expression) {
    return ClaimMappings.username(PrefixedClaimOrExpression.expression(expression));
  }

  static String validate(AuthenticationConfiguration config, List<String> disallowed) {
    return FieldError.aggregate(config.validate(disallowed));
  }

  static Stream<Arguments> configurations() {
    String emailRule = "claims.email_verified must be used in claimMappings.username.expression or claimMappings.extra[*].valueExpression"
        + " or claimValidationRules[*].expression when claims.email is used in claimMappings.username.expression";
    return Stream.of(
        Arguments.of("jwt authenticator is empty", AuthenticationConfiguration.of(), List.of(), ""),
        Arguments.of("duplicate issuer across jwt authenticators",
            AuthenticationConfiguration.of(jwt("https://issuer-url", sub()), jwt("https://issuer-url", sub())), List.of(),
            "jwt[1].issuer.url: Duplicate value: \"https://issuer-url\""),
        Arguments.of("duplicate discoveryURL across jwt authenticators", AuthenticationConfiguration.of(
                jwt("https://issuer-url", sub()).withIssuer(Issuer.of("https://issuer-url", "audience")
                    .withDiscoveryURL("https://discovery-url/.well-known/openid-configuration")),
                jwt("https://different-issuer-url", sub()).withIssuer(Issuer.of("https://different-issuer-url", "audience")
                    .withDiscoveryURL("https://discovery-url/.well-known/openid-configuration"))), List.of(),
            "jwt[1].issuer.discoveryURL: Duplicate value: \"https://discovery-url/.well-known/openid-configuration\""),
        Arguments.of("failed issuer validation", AuthenticationConfiguration.of(jwt("invalid-url",
                ClaimMappings.username(PrefixedClaimOrExpression.claim("claim", "prefix"))).withClaimValidationRules(List.of())), List.of(),
            "jwt[0].issuer.url: Invalid value: \"invalid-url\": URL scheme must be https"),
        Arguments.of("failed claimValidationRule validation", AuthenticationConfiguration.of(jwt("https://issuer-url",
                ClaimMappings.username(PrefixedClaimOrExpression.claim("claim", "prefix")))
                .withClaimValidationRules(List.of(FOO_BAR, ClaimValidationRule.required("foo", "baz")))), List.of(),
            "jwt[0].claimValidationRules[1].claim: Duplicate value: \"foo\""),
        Arguments.of("failed claimMapping validation", AuthenticationConfiguration.of(jwt("https://issuer-url",
                ClaimMappings.username(new PrefixedClaimOrExpression("", Optional.of("prefix"), "")))), List.of(),
            "jwt[0].claimMappings.username: Required value: claim or expression is required"),
        Arguments.of("failed userValidationRule validation", AuthenticationConfiguration.of(jwt("https://issuer-url", sub())
                .withUserValidationRules(List.of(new UserValidationRule("user.username == 'foo'", ""), new UserValidationRule("user.username == 'foo'", "")))),
            List.of(), "jwt[0].userValidationRules[1].expression: Duplicate value: \"user.username == 'foo'\""),
        Arguments.of("valid authentication configuration with disallowed issuer", AuthenticationConfiguration.of(jwt("https://issuer-url", sub())),
            List.of("a", "b", "https://issuer-url", "c"),
            "jwt[0].issuer.url: Invalid value: \"https://issuer-url\": URL must not overlap with disallowed issuers: [a b c https://issuer-url]"),
        Arguments.of("valid authentication configuration that uses unverified email",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("claims.email"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"claims.email\": " + emailRule),
        Arguments.of("valid authentication configuration that almost uses unverified email",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("claims.email_"))), List.of(), ""),
        Arguments.of("valid authentication configuration that uses unverified email join",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("['yay', string(claims.email), 'panda'].join(' ')"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"['yay', string(claims.email), 'panda'].join(' ')\": " + emailRule),
        Arguments.of("valid authentication configuration that uses unverified optional email",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("claims.?email"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"claims.?email\": " + emailRule),
        Arguments.of("valid authentication configuration that uses unverified optional map email key",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("{claims.?email: \"panda\"}"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"{claims.?email: \\\"panda\\\"}\": " + emailRule),
        Arguments.of("valid authentication configuration that uses unverified optional map email value",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("{\"fancy\": claims.?email}"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"{\\\"fancy\\\": claims.?email}\": " + emailRule),
        Arguments.of("valid authentication configuration that uses unverified email value in list iteration",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("[\"a\"].map(i, i + claims.email)"))), List.of(),
            "jwt[0].claimMappings.username.expression: Invalid value: \"[\\\"a\\\"].map(i, i + claims.email)\": " + emailRule),
        Arguments.of("valid authentication configuration that uses verified email join via rule",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("['yay', string(claims.email), 'panda'].join(' ')"))
                .withClaimValidationRules(List.of(ClaimValidationRule.expression("string(claims.email_verified) == \"panda\"", "")))), List.of(), ""),
        Arguments.of("valid authentication configuration that uses verified email join via extra",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("['yay', string(claims.email), 'panda'].join(' ')")
                .withExtra(List.of(new ExtraMapping("panda.io/foo", "claims.email_verified.upperAscii()"))))), List.of(), ""),
        Arguments.of("valid authentication configuration that uses verified email join via extra optional",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("['yay', string(claims.email), 'panda'].join(' ')")
                .withExtra(List.of(new ExtraMapping("panda.io/foo", "claims.?email_verified"))))), List.of(), ""),
        Arguments.of("valid authentication configuration that uses email and email_verified || true via username",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("claims.?email_verified.orValue(true) ? claims.email : claims.sub"))),
            List.of(), ""),
        Arguments.of("valid authentication configuration that uses email and email_verified || false via username",
            AuthenticationConfiguration.of(jwt("https://issuer-url", usernameExpr("claims.?email_verified.orValue(false) ? claims.email : claims.sub"))),
            List.of(), ""),
        Arguments.of("valid authentication configuration", AuthenticationConfiguration.of(jwt("https://issuer-url", sub())), List.of(), ""),
        Arguments.of("anonymous disabled with conditions", AuthenticationConfiguration.of()
                .withAnonymous(new AnonymousAuthConfig(false, List.of(new AnonymousAuthConfig.Condition("/livez")))), List.of(),
            "anonymous.conditions: Invalid value: []apiserver.AnonymousAuthCondition{apiserver.AnonymousAuthCondition{Path:\"/livez\"}}:"
                + " enabled should be set to true when conditions are defined"),
        Arguments.of("anonymous enabled with conditions", AuthenticationConfiguration.of()
            .withAnonymous(new AnonymousAuthConfig(true, List.of(new AnonymousAuthConfig.Condition("/livez")))), List.of(), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void validateAuthenticationConfiguration(String name, AuthenticationConfiguration config, List<String> disallowed, String want) {
    assertThat(validate(config, disallowed)).isEqualTo(want);
  }

  @Test
  void tooManyJwtAuthenticators() {
    List<JwtAuthenticator> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(jwt("https://issuer-" + i, sub()));
    }
    assertThat(validate(new AuthenticationConfiguration(many, Optional.empty()), List.of()))
        .isEqualTo("jwt: Too many: 65: must have at most 64 items");
  }

  static Stream<Arguments> issuerUrls() {
    return Stream.of(
        Arguments.of("", List.of(), "issuer.url: Required value"),
        Arguments.of("https://issuer-url:invalid-port", List.of(),
            "issuer.url: Invalid value: \"https://issuer-url:invalid-port\": parse \"https://issuer-url:invalid-port\": invalid port \":invalid-port\" after host"),
        Arguments.of("http://issuer-url", List.of(), "issuer.url: Invalid value: \"http://issuer-url\": URL scheme must be https"),
        Arguments.of("https://user:pass@issuer-url", List.of(),
            "issuer.url: Invalid value: \"https://user:pass@issuer-url\": URL must not contain a username or password"),
        Arguments.of("https://issuer-url?query", List.of(), "issuer.url: Invalid value: \"https://issuer-url?query\": URL must not contain a query"),
        Arguments.of("https://issuer-url#fragment", List.of(),
            "issuer.url: Invalid value: \"https://issuer-url#fragment\": URL must not contain a fragment"),
        Arguments.of("https://issuer-url", List.of("https://issuer-url"),
            "issuer.url: Invalid value: \"https://issuer-url\": URL must not overlap with disallowed issuers: [https://issuer-url]"),
        Arguments.of("https://issuer-url", List.of(), ""));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("issuerUrls")
  void validateIssuerURL(String url, List<String> disallowed, String want) {
    assertThat(FieldError.aggregate(ConfigValidation.validateIssuerURL(url, new TreeSet<>(disallowed), "issuer.url"))).isEqualTo(want);
  }

  static Stream<Arguments> discoveryUrls() {
    return Stream.of(
        Arguments.of("", "", ""),
        Arguments.of("", "https://oidc.oidc-namespace.svc:invalid-port",
            "issuer.discoveryURL: Invalid value: \"https://oidc.oidc-namespace.svc:invalid-port\": parse \"https://oidc.oidc-namespace.svc:invalid-port\": invalid port \":invalid-port\" after host"),
        Arguments.of("", "http://oidc.oidc-namespace.svc", "issuer.discoveryURL: Invalid value: \"http://oidc.oidc-namespace.svc\": URL scheme must be https"),
        Arguments.of("", "https://user:pass@oidc.oidc-namespace.svc",
            "issuer.discoveryURL: Invalid value: \"https://user:pass@oidc.oidc-namespace.svc\": URL must not contain a username or password"),
        Arguments.of("", "https://oidc.oidc-namespace.svc?query",
            "issuer.discoveryURL: Invalid value: \"https://oidc.oidc-namespace.svc?query\": URL must not contain a query"),
        Arguments.of("", "https://oidc.oidc-namespace.svc#fragment",
            "issuer.discoveryURL: Invalid value: \"https://oidc.oidc-namespace.svc#fragment\": URL must not contain a fragment"),
        Arguments.of("", "https://oidc.oidc-namespace.svc", ""),
        Arguments.of("", "https://oidc.oidc-namespace.svc/path", ""),
        Arguments.of("https://issuer-url", "https://issuer-url",
            "issuer.discoveryURL: Invalid value: \"https://issuer-url\": discoveryURL must be different from URL"),
        Arguments.of("https://issuer-url", "https://issuer-url/",
            "issuer.discoveryURL: Invalid value: \"https://issuer-url/\": discoveryURL must be different from URL"),
        Arguments.of("https://issuer-url", "https://issuer-url///",
            "issuer.discoveryURL: Invalid value: \"https://issuer-url///\": discoveryURL must be different from URL"),
        Arguments.of("https://issuer-url/", "https://issuer-url",
            "issuer.discoveryURL: Invalid value: \"https://issuer-url\": discoveryURL must be different from URL"));
  }

  @ParameterizedTest(name = "[{index}] \"{1}\"")
  @MethodSource("discoveryUrls")
  void validateIssuerDiscoveryURL(String issuerUrl, String discoveryUrl, String want) {
    assertThat(FieldError.aggregate(ConfigValidation.validateIssuerDiscoveryURL(issuerUrl, discoveryUrl, "issuer.discoveryURL"))).isEqualTo(want);
  }

  static Stream<Arguments> audiences() {
    return Stream.of(
        Arguments.of(List.of(), "", "issuer.audiences: Required value: at least one issuer.audiences is required"),
        Arguments.of(List.of(""), "", "issuer.audiences[0]: Required value"),
        Arguments.of(List.of("audience"), "MatchExact",
            "issuer.audienceMatchPolicy: Invalid value: \"MatchExact\": audienceMatchPolicy must be empty or MatchAny for single audience"),
        Arguments.of(List.of("audience"), "", ""),
        Arguments.of(List.of("audience"), "MatchAny", ""),
        Arguments.of(List.of("audience", "audience"), "MatchAny", "issuer.audiences[1]: Duplicate value: \"audience\""),
        Arguments.of(List.of("audience1", "audience2"), "",
            "issuer.audienceMatchPolicy: Invalid value: \"\": audienceMatchPolicy must be MatchAny for multiple audiences"),
        Arguments.of(List.of("audience1", "audience2"), "MatchAny", ""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("audiences")
  void validateAudiences(List<String> audiences, String policy, String want) {
    assertThat(FieldError.aggregate(ConfigValidation.validateAudiences(audiences, policy, "issuer.audiences", "issuer.audienceMatchPolicy")))
        .isEqualTo(want);
  }

  @Test
  void validateCertificateAuthority() {
    assertThat(FieldError.aggregate(ConfigValidation.validateCertificateAuthority("invalid", "issuer.certificateAuthority")))
        .isEqualTo("issuer.certificateAuthority: Invalid value: \"<omitted>\": data does not contain any valid RSA or ECDSA certificates");
    assertThat(ConfigValidation.validateCertificateAuthority("", "issuer.certificateAuthority")).isEmpty();
    try (OidcIssuer issuer = OidcIssuer.start()) {
      assertThat(ConfigValidation.validateCertificateAuthority(issuer.caPem(), "issuer.certificateAuthority")).isEmpty();
    }
  }

  @Test
  void validateEgressSelector() {
    assertThat(FieldError.aggregate(ConfigValidation.validateEgressSelector("proxy", "issuer.egressSelectorType")))
        .isEqualTo("issuer.egressSelectorType: Invalid value: \"proxy\": egress selector must be either controlplane or cluster");
    assertThat(ConfigValidation.validateEgressSelector("cluster", "issuer.egressSelectorType")).isEmpty();
  }

  static String claimRules(ClaimValidationRule... rules) {
    JwtAuthenticator a = new JwtAuthenticator(Issuer.of("https://issuer-url", "audience"), List.of(rules), sub(), List.of());
    return FieldError.aggregate(ConfigValidation.validateJwtAuthenticator(a, "issuer", List.of()).errors());
  }

  @Test
  void validateClaimValidationRules() {
    assertThat(claimRules(new ClaimValidationRule("", "", "", ""))).isEqualTo("issuer.claimValidationRules[0]: Required value: claim or expression is required");
    assertThat(claimRules(new ClaimValidationRule("claim", "", "expression", "")))
        .isEqualTo("issuer.claimValidationRules[0]: Invalid value: \"claim\": claim and expression can't both be set");
    assertThat(claimRules(new ClaimValidationRule("claim", "", "", "message")))
        .isEqualTo("issuer.claimValidationRules[0].message: Invalid value: \"message\": may not be specified when claim is set");
    assertThat(claimRules(new ClaimValidationRule("", "value", "claims.foo == 'bar'", "")))
        .isEqualTo("issuer.claimValidationRules[0].requiredValue: Invalid value: \"value\": may not be specified when expression is set");
    assertThat(claimRules(ClaimValidationRule.required("claim", ""), ClaimValidationRule.required("claim", "")))
        .isEqualTo("issuer.claimValidationRules[1].claim: Duplicate value: \"claim\"");
    assertThat(claimRules(ClaimValidationRule.expression("claims.foo == 'bar'", ""), ClaimValidationRule.expression("claims.foo == 'bar'", "")))
        .isEqualTo("issuer.claimValidationRules[1].expression: Duplicate value: \"claims.foo == 'bar'\"");
    assertThat(claimRules(ClaimValidationRule.expression("foo.bar", ""))).isEqualTo(
        "issuer.claimValidationRules[0].expression: Invalid value: \"foo.bar\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n"
            + " | foo.bar\n | ^");
    assertThat(claimRules(ClaimValidationRule.expression("claims.foo", "")))
        .isEqualTo("issuer.claimValidationRules[0].expression: Invalid value: \"claims.foo\": must evaluate to bool");
    assertThat(claimRules(ClaimValidationRule.expression("claims.foo == 'bar'", ""))).isEmpty();
    assertThat(claimRules(ClaimValidationRule.required("claim1", "value1"), ClaimValidationRule.required("claim2", "claims.email_verified"))).isEmpty();
  }

  static String mappings(ClaimMappings m) {
    JwtAuthenticator a = new JwtAuthenticator(Issuer.of("https://issuer-url", "audience"), List.of(), m, List.of());
    return FieldError.aggregate(ConfigValidation.validateJwtAuthenticator(a, "issuer", List.of()).errors());
  }

  static final String COMPILE_FOO_BAR = "Invalid value: \"foo.bar\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'foo' (in container '')\n"
      + " | foo.bar\n | ^";

  @Test
  void validateClaimMappings() {
    ClaimMappings claimUsername = ClaimMappings.username(PrefixedClaimOrExpression.claim("claim", "prefix"));
    assertThat(mappings(ClaimMappings.username(new PrefixedClaimOrExpression("claim", Optional.empty(), "claims.username"))))
        .isEqualTo("issuer.claimMappings.username: Invalid value: \"\": claim and expression can't both be set");
    assertThat(mappings(ClaimMappings.username(PrefixedClaimOrExpression.none())))
        .isEqualTo("issuer.claimMappings.username: Required value: claim or expression is required");
    assertThat(mappings(ClaimMappings.username(new PrefixedClaimOrExpression("", Optional.of("prefix"), "claims.username"))))
        .isEqualTo("issuer.claimMappings.username.prefix: Invalid value: \"prefix\": may not be specified when expression is set");
    assertThat(mappings(ClaimMappings.username(new PrefixedClaimOrExpression("claim", Optional.empty(), ""))))
        .isEqualTo("issuer.claimMappings.username.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing");
    assertThat(mappings(usernameExpr("foo.bar"))).isEqualTo("issuer.claimMappings.username.expression: " + COMPILE_FOO_BAR);
    assertThat(mappings(claimUsername.withGroups(new PrefixedClaimOrExpression("claim", Optional.empty(), "claims.groups"))))
        .isEqualTo("issuer.claimMappings.groups: Invalid value: \"\": claim and expression can't both be set");
    assertThat(mappings(claimUsername.withGroups(new PrefixedClaimOrExpression("", Optional.of("prefix"), "claims.groups"))))
        .isEqualTo("issuer.claimMappings.groups.prefix: Invalid value: \"prefix\": may not be specified when expression is set");
    assertThat(mappings(claimUsername.withGroups(new PrefixedClaimOrExpression("claim", Optional.empty(), ""))))
        .isEqualTo("issuer.claimMappings.groups.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing");
    assertThat(mappings(claimUsername.withGroups(PrefixedClaimOrExpression.expression("foo.bar"))))
        .isEqualTo("issuer.claimMappings.groups.expression: " + COMPILE_FOO_BAR);
    assertThat(mappings(claimUsername.withUid(new ClaimOrExpression("claim", "claims.uid"))))
        .isEqualTo("issuer.claimMappings.uid: Invalid value: \"\": claim and expression can't both be set");
    assertThat(mappings(claimUsername.withUid(new ClaimOrExpression("", "foo.bar")))).isEqualTo("issuer.claimMappings.uid.expression: " + COMPILE_FOO_BAR);
    assertThat(mappings(claimUsername.withExtra(List.of(new ExtraMapping("", "claims.extra")))))
        .isEqualTo("issuer.claimMappings.extra[0].key: Required value");
    assertThat(mappings(claimUsername.withExtra(List.of(new ExtraMapping("example.org/foo", "")))))
        .isEqualTo("issuer.claimMappings.extra[0].valueExpression: Required value");
    assertThat(mappings(claimUsername.withExtra(List.of(new ExtraMapping("example.org/foo", "foo.bar")))))
        .isEqualTo("issuer.claimMappings.extra[0].valueExpression: " + COMPILE_FOO_BAR);

    ClaimMappings expressions = usernameExpr("claims.username").withGroups(PrefixedClaimOrExpression.expression("claims.groups"));
    assertThat(mappings(expressions.withExtra(List.of(new ExtraMapping("example.org/foo", "claims.extra"), new ExtraMapping("example.org/foo", "claims.extras")))))
        .isEqualTo("issuer.claimMappings.extra[1].key: Duplicate value: \"example.org/foo\"");
    assertThat(mappings(expressions.withExtra(List.of(new ExtraMapping("foo", "claims.extra")))))
        .isEqualTo("issuer.claimMappings.extra[0].key: Invalid value: \"foo\": must be a domain-prefixed path (such as \"acme.io/foo\")");
    assertThat(mappings(expressions.withExtra(List.of(new ExtraMapping("example.org/Foo", "claims.extra")))))
        .isEqualTo("issuer.claimMappings.extra[0].key: Invalid value: \"example.org/Foo\": must be lowercase");
    assertThat(mappings(expressions.withExtra(List.of(new ExtraMapping("kubernetes.io/foo", "claims.extra")))))
        .isEqualTo("issuer.claimMappings.extra[0].key: Invalid value: \"kubernetes.io/foo\": k8s.io, kubernetes.io and their subdomains are reserved for Kubernetes use");
    assertThat(mappings(expressions.withExtra(List.of(new ExtraMapping("Example.org/foo", "claims.extra")))))
        .startsWith("[issuer.claimMappings.extra[0].key: Invalid value: \"Example.org\": a lowercase RFC 1123 subdomain must consist of");

    String emailRule = "claims.email_verified must be used in claimMappings.username.expression or claimMappings.extra[*].valueExpression"
        + " or claimValidationRules[*].expression when claims.email is used in claimMappings.username.expression";
    ClaimMappings base = usernameExpr("claims.email").withGroups(PrefixedClaimOrExpression.expression("claims.groups"))
        .withUid(new ClaimOrExpression("", "claims.uid"));
    assertThat(mappings(base.withExtra(List.of(new ExtraMapping("example.org/foo", "claims.extra")))))
        .isEqualTo("issuer.claimMappings.username.expression: Invalid value: \"claims.email\": " + emailRule);
    assertThat(mappings(base.withExtra(List.of(new ExtraMapping("example.org/foo", "claims.email_verified"))))).isEmpty();
    assertThat(mappings(base.withExtra(List.of(new ExtraMapping("example.org/foo", "has(claims.email_verified) ? string(claims.email_verified) : \"false\""))))).isEmpty();
    assertThat(mappings(base.withExtra(List.of(new ExtraMapping("example.org/foo", "has(claims.email_verified_) ? string(claims.email_verified_) : \"false\"")))))
        .isEqualTo("issuer.claimMappings.username.expression: Invalid value: \"claims.email\": " + emailRule);
    assertThat(mappings(usernameExpr("has(claims.email) ? claims.email : claims.sub")))
        .isEqualTo("issuer.claimMappings.username.expression: Invalid value: \"has(claims.email) ? claims.email : claims.sub\": " + emailRule);
    assertThat(mappings(usernameExpr("claims.email.trim()")))
        .isEqualTo("issuer.claimMappings.username.expression: Invalid value: \"claims.email.trim()\": " + emailRule);
    assertThat(mappings(usernameExpr("claims.other.claims.email"))).isEmpty();
    assertThat(mappings(expressions.withUid(new ClaimOrExpression("", "claims.uid")).withExtra(List.of(new ExtraMapping("example.org/foo", "claims.extra"))))).isEmpty();
  }

  static String userRules(UserValidationRule... rules) {
    JwtAuthenticator a = new JwtAuthenticator(Issuer.of("https://issuer-url", "audience"), List.of(), sub(), List.of(rules));
    return FieldError.aggregate(ConfigValidation.validateJwtAuthenticator(a, "issuer", List.of()).errors());
  }

  @Test
  void validateUserValidationRules() {
    assertThat(userRules(new UserValidationRule("", ""))).isEqualTo("issuer.userValidationRules[0].expression: Required value");
    assertThat(userRules(new UserValidationRule("user.username == 'foo'", ""), new UserValidationRule("user.username == 'foo'", "")))
        .isEqualTo("issuer.userValidationRules[1].expression: Duplicate value: \"user.username == 'foo'\"");
    assertThat(userRules(new UserValidationRule("foo.bar", ""))).isEqualTo("issuer.userValidationRules[0].expression: " + COMPILE_FOO_BAR);
    assertThat(userRules(new UserValidationRule("user.username", "")))
        .isEqualTo("issuer.userValidationRules[0].expression: Invalid value: \"user.username\": must evaluate to bool");
    assertThat(userRules(new UserValidationRule("user.foo == 'x'", "")))
        .startsWith("issuer.userValidationRules[0].expression: Invalid value: \"user.foo == 'x'\": compilation failed: ERROR: <input>:1:5: undefined field 'foo'");
    assertThat(userRules(new UserValidationRule("user.username == 'foo'", ""),
        new UserValidationRule("!user.username.startsWith('system:')", "username cannot used reserved system: prefix"))).isEmpty();
  }

  @Test
  void severalErrorsAggregateInBrackets() {
    JwtAuthenticator bad = new JwtAuthenticator(Issuer.of("http://x?y"), List.of(), ClaimMappings.username(PrefixedClaimOrExpression.none()), List.of());
    assertThat(validate(AuthenticationConfiguration.of(bad), List.of())).isEqualTo("[jwt[0].issuer.url: Invalid value: \"http://x?y\": URL scheme must be https, "
        + "jwt[0].issuer.url: Invalid value: \"http://x?y\": URL must not contain a query, "
        + "jwt[0].issuer.audiences: Required value: at least one jwt[0].issuer.audiences is required, "
        + "jwt[0].claimMappings.username: Required value: claim or expression is required]");
  }
}
