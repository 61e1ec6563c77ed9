package dev.authlab.labs.lab05_oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.ClaimOrExpression;
import dev.authlab.authn.oidc.ClaimValidationRule;
import dev.authlab.authn.oidc.Issuer;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Lab 05: trust an OpenID Connect provider, and mint an ID token it would issue.
 *
 * <p>The cluster's admins want kube-apiserver (--authentication-config) to accept ID tokens from the
 * company's identity provider, on these terms:
 * <ul>
 *   <li>tokens come from the issuer at {@code issuerUrl}, whose HTTPS certificate is signed by
 *       {@code issuerCaPem}, and must be meant for this cluster: audience {@value #AUDIENCE};
 *   <li>the user name is the token's {@code email} claim prefixed {@value #PREFIX} (so OIDC users can
 *       never pose as other users), the groups are its {@code groups} claim with the same prefix,
 *       and the uid is its {@code sub} claim;
 *   <li>only tokens of the company's own tenant are accepted: the {@code tenant} claim must be
 *       {@value #TENANT} (a claim validation rule).
 * </ul>
 *
 * <p>Then play the identity provider: write the claims of Jane's ID token (sub {@value #JANE_SUBJECT},
 * email {@value #JANE_EMAIL}, verified; groups {@code payments-devs} and {@code oncall}; tenant
 * {@value #TENANT}), issued now and valid for ten minutes. The provider signs them with its key.
 */
public final class OidcSetup {

  public static final String AUDIENCE = "lab05-cluster";
  public static final String PREFIX = "oidc:";
  public static final String TENANT = "acme";
  public static final String JANE_SUBJECT = "jane-7c1";
  public static final String JANE_EMAIL = "jane@example.com";

  private OidcSetup() {}

  /** The structured authentication configuration (apiserver.config.k8s.io/v1) for this issuer. */
  public static AuthenticationConfiguration configuration(String issuerUrl, String issuerCaPem) {
    ClaimMappings mappings = ClaimMappings.username(PrefixedClaimOrExpression.claim("email", PREFIX))
        .withGroups(PrefixedClaimOrExpression.claim("groups", PREFIX))
        .withUid(new ClaimOrExpression("sub", ""));
    JwtAuthenticator jwt = JwtAuthenticator.of(Issuer.of(issuerUrl, AUDIENCE).withCertificateAuthority(issuerCaPem), mappings)
        .withClaimValidationRules(List.of(ClaimValidationRule.required("tenant", TENANT)));
    return AuthenticationConfiguration.of(jwt);
  }

  /** The claims of Jane's ID token from {@code issuerUrl}, issued at {@code now}, valid for ten minutes. */
  public static JWTClaimsSet janesIdToken(String issuerUrl, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuerUrl)
        .subject(JANE_SUBJECT)
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .claim("email", JANE_EMAIL)
        .claim("email_verified", true)
        .claim("groups", List.of("payments-devs", "oncall"))
        .claim("tenant", TENANT)
        .build();
  }
}
