package dev.authlab.authn.oidc;

import java.util.List;
import java.util.Objects;

/**
 * apiserver.config.k8s.io/v1 Issuer. Empty strings mean "not set", as in Go. {@code url} is what the
 * tokens' {@code iss} must equal; {@code discoveryURL} overrides where the discovery document is
 * fetched (its {@code issuer} must still be {@code url}); {@code certificateAuthority} is PEM used to
 * trust the discovery and JWKS endpoints; {@code audienceMatchPolicy} is empty or {@code MatchAny};
 * {@code egressSelectorType} is parsed and validated but no egress is modelled.
 */
public record Issuer(
    String url,
    String discoveryURL,
    String certificateAuthority,
    List<String> audiences,
    String audienceMatchPolicy,
    String egressSelectorType) {

  public static final String MATCH_ANY = "MatchAny";

  public Issuer {
    url = Objects.requireNonNullElse(url, "");
    discoveryURL = Objects.requireNonNullElse(discoveryURL, "");
    certificateAuthority = Objects.requireNonNullElse(certificateAuthority, "");
    audiences = List.copyOf(audiences);
    audienceMatchPolicy = Objects.requireNonNullElse(audienceMatchPolicy, "");
    egressSelectorType = Objects.requireNonNullElse(egressSelectorType, "");
  }

  /** An issuer URL and its audiences; MatchAny when there are several. */
  public static Issuer of(String url, String... audiences) {
    return new Issuer(url, "", "", List.of(audiences), audiences.length > 1 ? MATCH_ANY : "", "");
  }

  public Issuer withDiscoveryURL(String newDiscoveryURL) {
    return new Issuer(url, newDiscoveryURL, certificateAuthority, audiences, audienceMatchPolicy, egressSelectorType);
  }

  public Issuer withCertificateAuthority(String pem) {
    return new Issuer(url, discoveryURL, pem, audiences, audienceMatchPolicy, egressSelectorType);
  }

  public Issuer withAudienceMatchPolicy(String policy) {
    return new Issuer(url, discoveryURL, certificateAuthority, audiences, policy, egressSelectorType);
  }
}
