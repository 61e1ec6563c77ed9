package dev.authlab.labs.lab05_oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.KeySet;
import dev.authlab.authn.oidc.OidcOptions;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.KeyAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("library")
class Lab05LibraryTest {

  /** The service-account issuer kube-apiserver would have; a JWT authenticator may not claim it. */
  static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String ISSUER_URL = "https://idp.lab05.example.com";

  /**
   * The identity provider, offline: its signing key and the CA of its (never contacted) HTTPS
   * endpoint. The cluster checks use a real provider on this host.
   */
  static ECKey signingKey;
  static String issuerCaPem;

  @BeforeAll
  static void identityProvider() throws JOSEException {
    signingKey = new ECKeyGenerator(Curve.P_256).keyID("lab05-key-1").generate();
    issuerCaPem = CertificateAuthority.selfSigned("lab05-idp-ca", KeyAlgorithm.ECDSA_P256).certificatePem();
  }

  @Test
  @DisplayName("writes a valid configuration with one JWT authenticator for the issuer and the cluster's audience")
  void configurationIsValid() {
    AuthenticationConfiguration configuration = OidcSetup.configuration(ISSUER_URL, issuerCaPem);
    assertThat(configuration.validate(List.of(SERVICE_ACCOUNT_ISSUER))).as("what kube-apiserver's validation says of your configuration")
        .isEmpty();
    assertThat(configuration.jwt()).as("the configuration's jwt authenticators").hasSize(1);
    JwtAuthenticator jwt = configuration.jwt().get(0);
    assertThat(jwt.issuer().url()).as("issuer.url").isEqualTo(ISSUER_URL);
    assertThat(jwt.issuer().audiences()).as("issuer.audiences").containsExactly(OidcSetup.AUDIENCE);
  }

  @Test
  @DisplayName("mints an ID token for Jane that authenticates as oidc:jane@example.com in the prefixed groups (and maps any user's claims alike)")
  void janesTokenIsThePrefixedUser() {
    Instant now = Instant.now();
    JWTClaimsSet claims = OidcSetup.janesIdToken(ISSUER_URL, now);
    assertThat(claims.getExpirationTime()).as("exp of Jane's token").isNotNull();
    assertThat(claims.getExpirationTime().toInstant()).as("exp of Jane's token (ten minutes from now)")
        .isAfter(now.plus(Duration.ofMinutes(5))).isBefore(now.plus(Duration.ofMinutes(15)));
    AuthnResult result = authenticate(sign(claims));
    assertThat(result).as("the library's verdict on Jane's token: %s", result.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo user = ((AuthnResult.Authenticated) result).user();
    assertThat(user.name()).as("user name").isEqualTo("oidc:jane@example.com");
    assertThat(user.uid()).as("uid").isEqualTo(OidcSetup.JANE_SUBJECT);
    assertThat(user.groups()).as("groups").containsExactly("oidc:payments-devs", "oidc:oncall");

    // the configuration maps whoever the token names, not only Jane
    JWTClaimsSet bob = new JWTClaimsSet.Builder(claims).subject("bob-9d2").claim("email", "bob@example.org")
        .claim("groups", List.of("platform", "auditors", "oncall")).build();
    AuthnResult bobsResult = authenticate(sign(bob));
    assertThat(bobsResult).as("the library's verdict on Bob's token (Jane's claims with Bob's sub, email and groups): %s",
        bobsResult.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo bobUser = ((AuthnResult.Authenticated) bobsResult).user();
    assertThat(bobUser.name()).as("user name for Bob's token (map the email claim, do not write Jane's name in)")
        .isEqualTo("oidc:bob@example.org");
    assertThat(bobUser.uid()).as("uid for Bob's token (the sub claim)").isEqualTo("bob-9d2");
    assertThat(bobUser.groups()).as("groups for Bob's token (the groups claim, prefixed)")
        .containsExactly("oidc:platform", "oidc:auditors", "oidc:oncall");
  }

  @Test
  @DisplayName("rejects an otherwise good token meant for another audience")
  void rejectsAnotherAudience() {
    JWTClaimsSet good = janeAuthenticates();
    JWTClaimsSet elsewhere = new JWTClaimsSet.Builder(good).audience("another-cluster").build();
    AuthnResult result = authenticate(sign(elsewhere));
    assertThat(result).as("the library's verdict on Jane's token for audience another-cluster: %s", result.trace().lines())
        .isNotInstanceOf(AuthnResult.Authenticated.class);
  }

  @Test
  @DisplayName("rejects an otherwise good token from another tenant, or with no tenant at all")
  void rejectsAnotherTenant() {
    JWTClaimsSet good = janeAuthenticates();
    JWTClaimsSet otherTenant = new JWTClaimsSet.Builder(good).claim("tenant", "globex").build();
    AuthnResult result = authenticate(sign(otherTenant));
    assertThat(result).as("the library's verdict on Jane's token with tenant globex (your claim validation rule): %s", result.trace().lines())
        .isNotInstanceOf(AuthnResult.Authenticated.class);
    JWTClaimsSet yetAnother = new JWTClaimsSet.Builder(good).claim("tenant", "initech").build();
    AuthnResult yetAnotherResult = authenticate(sign(yetAnother));
    assertThat(yetAnotherResult).as("the library's verdict on Jane's token with tenant initech (only %s may pass): %s", OidcSetup.TENANT,
        yetAnotherResult.trace().lines()).isNotInstanceOf(AuthnResult.Authenticated.class);
    JWTClaimsSet noTenant = new JWTClaimsSet.Builder(good).claim("tenant", null).build();
    AuthnResult noTenantResult = authenticate(sign(noTenant));
    assertThat(noTenantResult).as("the library's verdict on Jane's token without a tenant claim (the tenant must be %s, not merely \"not another\"): %s",
        OidcSetup.TENANT, noTenantResult.trace().lines()).isNotInstanceOf(AuthnResult.Authenticated.class);
  }

  @Test
  @DisplayName("rejects an expired token and one whose email is not verified")
  void rejectsExpiredAndUnverifiedTokens() {
    JWTClaimsSet good = janeAuthenticates();
    Instant now = Instant.now();
    JWTClaimsSet expired = new JWTClaimsSet.Builder(good)
        .issueTime(Date.from(now.minus(Duration.ofMinutes(20)))).expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build();
    AuthnResult expiredResult = authenticate(sign(expired));
    assertThat(expiredResult).as("the library's verdict on Jane's token, expired ten minutes ago: %s", expiredResult.trace().lines())
        .isNotInstanceOf(AuthnResult.Authenticated.class);
    JWTClaimsSet unverified = new JWTClaimsSet.Builder(good).claim("email_verified", false).build();
    AuthnResult unverifiedResult = authenticate(sign(unverified));
    assertThat(unverifiedResult).as("the library's verdict on Jane's token with email_verified false: %s", unverifiedResult.trace().lines())
        .isNotInstanceOf(AuthnResult.Authenticated.class);
  }

  /** Jane's token from the reader authenticates (the precondition of every rejection); returns its claims. */
  private static JWTClaimsSet janeAuthenticates() {
    JWTClaimsSet claims = OidcSetup.janesIdToken(ISSUER_URL, Instant.now());
    AuthnResult result = authenticate(sign(claims));
    assertThat(result).as("first, Jane's own token must authenticate: %s", result.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    return claims;
  }

  /** The identity provider signs the claims as they are. */
  private static String sign(JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new ECDSASigner(signingKey));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the test token: " + e.getMessage(), e);
    }
  }

  /**
   * The JWT authenticators kube-apiserver builds from the reader's configuration, given the issuer's
   * keys directly instead of fetching them through discovery.
   */
  private static AuthnResult authenticate(String token) {
    OidcOptions options = OidcOptions.defaults().withKeySet(KeySet.of(new JWKSet(signingKey.toPublicJWK())));
    return OidcSetup.configuration(ISSUER_URL, issuerCaPem).tokenAuthenticator(List.of(), options).authenticateToken(token, List.of());
  }
}
