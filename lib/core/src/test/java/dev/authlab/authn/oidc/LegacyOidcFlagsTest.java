package dev.authlab.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --oidc-* flags and upstream's conversion of them into a JwtAuthenticator (pkg/kubeapiserver/options). */
class LegacyOidcFlagsTest {

  @Test
  void defaultsAreSubAndRs256WithTheIssuerAsUsernamePrefix() {
    LegacyOidcFlags flags = LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://idp.example.com", "--oidc-client-id", "kubernetes", "--secure-port=6443"));
    assertThat(flags.usernameClaim()).isEqualTo("sub");
    assertThat(flags.signingAlgs()).containsExactly("RS256");
    JwtAuthenticator a = flags.toJwtAuthenticator();
    assertThat(a.issuer()).isEqualTo(new Issuer("https://idp.example.com", "", "", List.of("kubernetes"), "", ""));
    assertThat(a.claimMappings().username()).isEqualTo(PrefixedClaimOrExpression.claim("sub", "https://idp.example.com#"));
    assertThat(a.claimMappings().groups()).isEqualTo(PrefixedClaimOrExpression.none());
    assertThat(a.claimValidationRules()).isEmpty();
    assertThat(flags.toAuthenticationConfiguration().validate()).isEmpty();
  }

  @Test
  void usernamePrefixRules() {
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-username-claim=email")).effectiveUsernamePrefix())
        .as("email claims are not prefixed").isEmpty();
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-username-claim=email",
        "--oidc-username-prefix=oidc:")).effectiveUsernamePrefix()).isEqualTo("oidc:");
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-username-prefix=-")).effectiveUsernamePrefix())
        .as("- disables prefixing").isEmpty();
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-username-claim=name")).effectiveUsernamePrefix())
        .isEqualTo("https://x#");
  }

  @Test
  void groupsAndRequiredClaims() {
    LegacyOidcFlags flags = LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-groups-claim=groups",
        "--oidc-groups-prefix=oidc:", "--oidc-required-claim=hd=example.com", "--oidc-required-claim", "tier = gold=plated"));
    JwtAuthenticator a = flags.toJwtAuthenticator();
    assertThat(a.claimMappings().groups()).isEqualTo(PrefixedClaimOrExpression.claim("groups", "oidc:"));
    assertThat(a.claimValidationRules()).containsExactly(ClaimValidationRule.required("hd", "example.com"), ClaimValidationRule.required("tier", "gold=plated"));
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-groups-prefix=oidc:"))
        .toJwtAuthenticator().claimMappings().groups()).as("a groups prefix alone maps nothing").isEqualTo(PrefixedClaimOrExpression.none());
    assertThatThrownBy(() -> LegacyOidcFlags.parse(List.of("--oidc-required-claim=novalue")))
        .hasMessage("invalid argument \"novalue\" for \"--oidc-required-claim\" flag: malformed pair, expect string=string");
  }

  @Test
  void issuerAndClientIdGoTogether() {
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x")).validate(true))
        .contains("oidc-issuer-url and oidc-client-id must be specified together when any oidc-* flags are set");
    assertThat(LegacyOidcFlags.parse(List.of()).validate(false)).isEmpty();
    assertThat(LegacyOidcFlags.parse(List.of("--oidc-client-id=c")).toAuthenticationConfiguration().jwt()).isEmpty();
  }

  @Test
  void flagsAreValidatedLikeTheConfigFile() {
    OidcOptions options = OidcOptions.defaults().withFetcher((url, headers) -> new OidcFetcher.Response(404, ""));
    assertThatThrownBy(() -> LegacyOidcFlags.of("http://x", "c").tokenAuthenticator(List.of(), options))
        .hasMessage("invalid authentication configuration: jwt[0].issuer.url: Invalid value: \"http://x\": URL scheme must be https");
    assertThatThrownBy(() -> LegacyOidcFlags.parse(List.of("--oidc-issuer-url=https://x", "--oidc-client-id=c", "--oidc-signing-algs=RS256,HS256"))
        .tokenAuthenticator(List.of(), options)).hasMessage("oidc: unsupported signing alg: \"HS256\"");
    assertThatThrownBy(() -> LegacyOidcFlags.of("https://sa.example.com", "c").tokenAuthenticator(List.of(),
        options.withDisallowedIssuers(List.of("https://sa.example.com"))))
        .hasMessageContaining("URL must not overlap with disallowed issuers: [https://sa.example.com]");
  }

  @Test
  void legacyFlagsAcceptOnlyTheirAlgorithmsWhileTheConfigFileAcceptsAll(@TempDir Path dir) throws Exception {
    try (OidcIssuer idp = OidcIssuer.start()) {
      Path ca = dir.resolve("ca.pem");
      Files.writeString(ca, idp.caPem());
      LegacyOidcFlags flags = new LegacyOidcFlags(idp.url(), "kubernetes", ca.toString(), "sub", "", "groups", "oidc:", List.of("RS256"), Map.of());
      TokenAuthenticator legacy = flags.tokenAuthenticator(List.of(), OidcOptions.defaults());
      String rs256 = idp.token().subject("jane").groups("dev").sign();
      AuthnResult ok = legacy.authenticateToken(rs256, List.of());
      assertThat(ok).isInstanceOf(AuthnResult.Authenticated.class);
      assertThat(((AuthnResult.Authenticated) ok).user().name()).isEqualTo(idp.url() + "#jane");
      assertThat(((AuthnResult.Authenticated) ok).user().groups()).containsExactly("oidc:dev");

      String es256 = idp.token().subject("jane").algorithm(JWSAlgorithm.ES256).sign();
      AuthnResult rejected = legacy.authenticateToken(es256, List.of());
      assertThat(((AuthnResult.Failed) rejected).reason())
          .isEqualTo("oidc: verify token: oidc: id token signed with unsupported algorithm, expected [\"RS256\"] got \"ES256\"");

      TokenAuthenticator fromFile = flags.toAuthenticationConfiguration().tokenAuthenticator(List.of(), OidcOptions.defaults());
      assertThat(fromFile.authenticateToken(es256, List.of())).isInstanceOf(AuthnResult.Authenticated.class);

      List<String> apiServerFlags = flags.writeApiServerConfig(dir);
      assertThat(apiServerFlags).contains("--oidc-issuer-url=" + idp.url(), "--oidc-client-id=kubernetes", "--oidc-ca-file=" + ca.toAbsolutePath(),
          "--oidc-groups-claim=groups", "--oidc-groups-prefix=oidc:", "--oidc-signing-algs=RS256");
      assertThat(LegacyOidcFlags.parse(apiServerFlags)).isEqualTo(new LegacyOidcFlags(idp.url(), "kubernetes", ca.toAbsolutePath().toString(), "sub", "",
          "groups", "oidc:", List.of("RS256"), Map.of()));
    }
  }

  @Test
  void anUnreadableCaFileIsReported() {
    assertThatThrownBy(() -> new LegacyOidcFlags("https://x", "c", "/nope/ca.pem", "sub", "", "", "", List.of("RS256"), Map.of()).toJwtAuthenticator())
        .hasMessageStartingWith("open /nope/ca.pem: no such file or directory");
  }
}
