package dev.authlab.labs.lab05_oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import java.time.Instant;

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
    // TODO(lab 05): one JwtAuthenticator: Issuer.of(issuerUrl, AUDIENCE) trusting issuerCaPem;
    //   ClaimMappings for username (email, prefix PREFIX), groups (groups, prefix PREFIX) and uid (sub);
    //   a ClaimValidationRule requiring tenant == TENANT. Wrap it with AuthenticationConfiguration.of(..).
    throw new UnsupportedOperationException("TODO(lab 05): write the AuthenticationConfiguration in OidcSetup.configuration");
  }

  /** The claims of Jane's ID token from {@code issuerUrl}, issued at {@code now}, valid for ten minutes. */
  public static JWTClaimsSet janesIdToken(String issuerUrl, Instant now) {
    // TODO(lab 05): build them with new JWTClaimsSet.Builder(): iss, sub, aud, iat, exp, and the
    //   email, email_verified, groups and tenant claims.
    throw new UnsupportedOperationException("TODO(lab 05): build Jane's ID token claims in OidcSetup.janesIdToken");
  }
}
