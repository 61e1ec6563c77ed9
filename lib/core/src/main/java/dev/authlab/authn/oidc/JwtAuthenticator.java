package dev.authlab.authn.oidc;

import java.util.List;
import java.util.Objects;

/** One entry of AuthenticationConfiguration.jwt: an issuer, claim rules and mappings, user rules. */
public record JwtAuthenticator(
    Issuer issuer,
    List<ClaimValidationRule> claimValidationRules,
    ClaimMappings claimMappings,
    List<UserValidationRule> userValidationRules) {

  public JwtAuthenticator {
    Objects.requireNonNull(issuer, "issuer");
    claimValidationRules = List.copyOf(claimValidationRules);
    claimMappings = Objects.requireNonNullElse(claimMappings, ClaimMappings.username(PrefixedClaimOrExpression.none()));
    userValidationRules = List.copyOf(userValidationRules);
  }

  public static JwtAuthenticator of(Issuer issuer, ClaimMappings mappings) {
    return new JwtAuthenticator(issuer, List.of(), mappings, List.of());
  }

  public JwtAuthenticator withIssuer(Issuer newIssuer) {
    return new JwtAuthenticator(newIssuer, claimValidationRules, claimMappings, userValidationRules);
  }

  public JwtAuthenticator withClaimValidationRules(List<ClaimValidationRule> rules) {
    return new JwtAuthenticator(issuer, rules, claimMappings, userValidationRules);
  }

  public JwtAuthenticator withClaimMappings(ClaimMappings mappings) {
    return new JwtAuthenticator(issuer, claimValidationRules, mappings, userValidationRules);
  }

  public JwtAuthenticator withUserValidationRules(List<UserValidationRule> rules) {
    return new JwtAuthenticator(issuer, claimValidationRules, claimMappings, rules);
  }
}
