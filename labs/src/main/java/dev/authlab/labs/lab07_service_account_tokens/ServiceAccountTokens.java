package dev.authlab.labs.lab07_service_account_tokens;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lab 07: mint and check bound service-account tokens, as kube-apiserver does.
 *
 * <p>A bound token is a JWT signed with the key of --service-account-signing-key-file. Its claims:
 * <ul>
 *   <li>{@code iss}: the issuer (--service-account-issuer); {@code aud}: who the token is for;
 *   <li>{@code sub}: {@code system:serviceaccount:NAMESPACE:NAME};
 *   <li>{@code iat} and {@code nbf}: when it was issued; {@code exp}: when it stops being good;
 *   <li>{@code kubernetes.io}: an object with {@code namespace} and {@code serviceaccount}
 *       ({@code name} and {@code uid}), so a service account deleted and created again under the same
 *       name (a new uid) does not inherit the old account's tokens.
 * </ul>
 * Sign with the algorithm the key calls for: ES256 for an EC P-256 key, RS256 for an RSA key.
 */
public final class ServiceAccountTokens {

  private final String issuer;
  private final KeyPair keys;

  /**
   * @param issuer the --service-account-issuer URL
   * @param keys the signing key (--service-account-signing-key-file) and its public half
   *     (--service-account-key-file)
   */
  public ServiceAccountTokens(String issuer, KeyPair keys) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /**
   * A bound token for {@code serviceAccount} (its metadata has namespace, name and uid), for
   * {@code audience}, issued at {@code now} and good for {@code lifetime}.
   */
  public String mint(ServiceAccount serviceAccount, String audience, Instant now, Duration lifetime) {
    // TODO(lab 07): build the claims with Nimbus' JWTClaimsSet.Builder (the "kubernetes.io" claim is a
    //   Map), sign them in a SignedJWT with an ECDSASigner or RSASSASigner for keys.getPrivate(), serialize().
    throw new UnsupportedOperationException("TODO(lab 07): mint the token in ServiceAccountTokens.mint");
  }

  /**
   * Checks a token as the API server's first steps do: a signed JWT whose signature verifies with
   * {@code keys.getPublic()}, from this issuer, for {@code audience}, not before its {@code nbf} and
   * not after its {@code exp} at {@code now}, naming a service account in its {@code kubernetes.io}
   * claim. (The API server then also checks that the service account still exists with that uid.)
   */
  public TokenVerdict validate(String token, String audience, Instant now) {
    // TODO(lab 07): parse with SignedJWT.parse, verify with an ECDSAVerifier or RSASSAVerifier, then check
    //   iss, aud, nbf and exp; answer Valid(namespace, name, uid) or Invalid(why).
    throw new UnsupportedOperationException("TODO(lab 07): validate the token in ServiceAccountTokens.validate");
  }
}
