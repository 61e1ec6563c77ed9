package dev.authlab.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading --authentication-config files as the API server's strict decoder does, and writing them back. */
class AuthenticationConfigurationFileTest {

  static final String FULL = """
      apiVersion: apiserver.config.k8s.io/v1
      kind: AuthenticationConfiguration
      jwt:
      - issuer:
          url: https://issuer.example.com
          discoveryURL: https://discovery.example.com/.well-known/openid-configuration
          audiences: [kubernetes, other]
          audienceMatchPolicy: MatchAny
        claimValidationRules:
        - claim: hd
          requiredValue: example.com
        - expression: 'claims.?email_verified.orValue(true) == true'
          message: email must be verified
        claimMappings:
          username:
            expression: 'claims.email'
          groups:
            claim: groups
            prefix: ""
          uid:
            claim: sub
          extra:
          - key: example.com/tenant
            valueExpression: claims.tenant
        userValidationRules:
        - expression: "!user.username.startsWith('system:')"
          message: no system users
      anonymous:
        enabled: true
        conditions:
        - path: /livez
      """;

  @Test
  void parsesEveryFieldOfV1() {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse(FULL, "authn.yaml");
    assertThat(config.jwt()).hasSize(1);
    JwtAuthenticator a = config.jwt().get(0);
    assertThat(a.issuer()).isEqualTo(new Issuer("https://issuer.example.com", "https://discovery.example.com/.well-known/openid-configuration", "",
        List.of("kubernetes", "other"), "MatchAny", ""));
    assertThat(a.claimValidationRules()).containsExactly(ClaimValidationRule.required("hd", "example.com"),
        ClaimValidationRule.expression("claims.?email_verified.orValue(true) == true", "email must be verified"));
    assertThat(a.claimMappings().username()).isEqualTo(PrefixedClaimOrExpression.expression("claims.email"));
    assertThat(a.claimMappings().groups()).isEqualTo(PrefixedClaimOrExpression.claim("groups", ""));
    assertThat(a.claimMappings().uid()).isEqualTo(new ClaimOrExpression("sub", ""));
    assertThat(a.claimMappings().extra()).containsExactly(new ExtraMapping("example.com/tenant", "claims.tenant"));
    assertThat(a.userValidationRules()).containsExactly(new UserValidationRule("!user.username.startsWith('system:')", "no system users"));
    assertThat(config.anonymous()).contains(new AnonymousAuthConfig(true, List.of(new AnonymousAuthConfig.Condition("/livez"))));
    assertThat(config.validate()).isEmpty();
  }

  @Test
  void writesYamlThatReadsBackTheSame() {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse(FULL, "authn.yaml");
    String yaml = config.toYaml();
    assertThat(yaml).contains("apiVersion: \"apiserver.config.k8s.io/v1\"").contains("prefix: \"\"").doesNotContain("certificateAuthority");
    assertThat(AuthenticationConfiguration.parse(yaml, "again.yaml")).isEqualTo(config);
  }

  @Test
  void jsonWorksToo() {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse("""
        {"apiVersion": "apiserver.config.k8s.io/v1beta1", "kind": "AuthenticationConfiguration",
         "jwt": [{"issuer": {"url": "https://x", "audiences": ["a"]}, "claimMappings": {"username": {"claim": "sub", "prefix": "x:"}}}]}""", "a.json");
    assertThat(config.jwt().get(0).claimMappings().username()).isEqualTo(PrefixedClaimOrExpression.claim("sub", "x:"));
  }

  @Test
  void aPrefixThatIsAbsentDiffersFromAnEmptyOne() {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer: {url: "https://x", audiences: [a]}
          claimMappings:
            username: {claim: sub, prefix: }
        """, "a.yaml");
    assertThat(config.jwt().get(0).claimMappings().username().prefix()).isEmpty();
    assertThat(FieldError.aggregate(config.validate())).isEqualTo(
        "jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing");
  }

  @Test
  void unknownFieldsAreRejectedWithTheirPath() {
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer: {url: "https://x", audiences: [a], clientID: nope}
          claimMappings: {username: {claim: sub, prefix: ""}, email: x}
        """, "bad.yaml"))
        .hasMessage("failed to load authentication configuration from file \"bad.yaml\": strict decoding error: "
            + "unknown field \"jwt[0].issuer.clientID\", unknown field \"jwt[0].claimMappings.email\"");
  }

  @Test
  void wrongTypesReadAsGoJsonErrors() {
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer: {url: "https://x", audiences: kubernetes}
        """, "bad.yaml"))
        .hasMessage("failed to load authentication configuration from file \"bad.yaml\": "
            + "json: cannot unmarshal string into Go struct field Issuer.jwt.issuer.audiences of type []string");
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        anonymous: {enabled: "yes"}
        """, "bad.yaml"))
        .hasMessageEndingWith("json: cannot unmarshal string into Go struct field AnonymousAuthConfig.anonymous.enabled of type bool");
  }

  @Test
  void kindAndVersionAreChecked() {
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("", "empty.yaml"))
        .hasMessage("failed to load authentication configuration from file \"empty.yaml\": empty config data");
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\n", "k.yaml"))
        .hasMessageContaining("no kind \"AuthorizationConfiguration\" is registered for version \"apiserver.config.k8s.io/v1\"");
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("apiVersion: apiserver.config.k8s.io/v1\n", "k.yaml"))
        .hasMessageContaining("Object 'Kind' is missing");
    assertThatThrownBy(() -> AuthenticationConfiguration.parse("jwt: [\n", "broken.yaml"))
        .hasMessageStartingWith("failed to load authentication configuration from file \"broken.yaml\": error converting YAML to JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void loadValidNamesTheFileAndTheFields(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("authn.yaml");
    Files.writeString(file, """
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer: {url: "http://issuer", audiences: [a]}
          claimMappings: {username: {claim: sub, prefix: ""}}
        """);
    assertThatThrownBy(() -> AuthenticationConfiguration.loadValid(file, List.of()))
        .hasMessage("invalid authentication configuration: jwt[0].issuer.url: Invalid value: \"http://issuer\": URL scheme must be https (file \""
            + file + "\")");
    assertThatThrownBy(() -> AuthenticationConfiguration.load(dir.resolve("missing.yaml")))
        .hasMessageStartingWith("failed to load authentication configuration from file \"" + dir.resolve("missing.yaml") + "\"");
  }

  @Test
  void writeApiServerConfigWritesTheFileAndReturnsTheFlag(@TempDir Path dir) {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse(FULL, "authn.yaml");
    List<String> flags = config.writeApiServerConfig(dir);
    Path file = dir.resolve(AuthenticationConfiguration.FILE_NAME).toAbsolutePath();
    assertThat(flags).containsExactly("--authentication-config=" + file);
    assertThat(AuthenticationConfiguration.load(file)).isEqualTo(config);
  }

  @Test
  void anonymousConditionsConfigureTheAnonymousAuthenticator() {
    AuthenticationConfiguration config = AuthenticationConfiguration.parse(FULL, "authn.yaml");
    var anonymous = config.anonymousAuthenticator().orElseThrow();
    assertThat(anonymous.authenticate(AuthenticationRequest.get("/livez"))).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(anonymous.authenticate(AuthenticationRequest.get("/api"))).isInstanceOf(AuthnResult.NoOpinion.class);
    assertThat(AuthenticationConfiguration.of().withAnonymous(new AnonymousAuthConfig(false, List.of())).anonymousAuthenticator()).isEmpty();
    assertThat(AuthenticationConfiguration.of().anonymous()).isEqualTo(Optional.empty());
  }
}
