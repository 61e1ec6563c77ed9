package dev.authlab.labs.lab07_service_account_tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
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

  private static final String KUBERNETES_CLAIM = "kubernetes.io";

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
    String namespace = serviceAccount.getMetadata().getNamespace();
    String name = serviceAccount.getMetadata().getName();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("system:serviceaccount:" + namespace + ":" + name)
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .claim(KUBERNETES_CLAIM, Map.of(
            "namespace", namespace,
            "serviceaccount", Map.of("name", name, "uid", serviceAccount.getMetadata().getUid())))
        .build();
    try {
      boolean ec = keys.getPrivate() instanceof ECPrivateKey;
      JWSSigner signer = ec ? new ECDSASigner((ECPrivateKey) keys.getPrivate()) : new RSASSASigner(keys.getPrivate());
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the token: " + e.getMessage(), e);
    }
  }

  /**
   * Checks a token as the API server's first steps do: a signed JWT whose signature verifies with
   * {@code keys.getPublic()}, from this issuer, for {@code audience}, not before its {@code nbf} and
   * not after its {@code exp} at {@code now}, naming a service account in its {@code kubernetes.io}
   * claim. (The API server then also checks that the service account still exists with that uid.)
   */
  public TokenVerdict validate(String token, String audience, Instant now) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      // the key decides the algorithm, never the token's header (or "none" and HMAC tricks get in)
      boolean ec = keys.getPublic() instanceof ECPublicKey;
      JWSAlgorithm expected = ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
      if (!expected.equals(jwt.getHeader().getAlgorithm())) {
        return new TokenVerdict.Invalid("signed with " + jwt.getHeader().getAlgorithm() + ", expected " + expected);
      }
      JWSVerifier verifier = ec ? new ECDSAVerifier((ECPublicKey) keys.getPublic()) : new RSASSAVerifier((RSAPublicKey) keys.getPublic());
      if (!jwt.verify(verifier)) {
        return new TokenVerdict.Invalid("the signature does not verify with the service-account key");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (!issuer.equals(claims.getIssuer())) {
        return new TokenVerdict.Invalid("issued by " + claims.getIssuer() + ", not " + issuer);
      }
      if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
        return new TokenVerdict.Invalid("meant for " + claims.getAudience() + ", not " + audience);
      }
      if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant())) {
        return new TokenVerdict.Invalid("not valid before " + claims.getNotBeforeTime().toInstant());
      }
      if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
        return new TokenVerdict.Invalid("expired (or no exp)");
      }
      Map<String, Object> kubernetes = claims.getJSONObjectClaim(KUBERNETES_CLAIM);
      if (kubernetes == null || !(kubernetes.get("namespace") instanceof String namespace)
          || !(kubernetes.get("serviceaccount") instanceof Map<?, ?> sa)
          || !(sa.get("name") instanceof String name) || !(sa.get("uid") instanceof String uid)) {
        return new TokenVerdict.Invalid("no service account in the kubernetes.io claim");
      }
      return new TokenVerdict.Valid(namespace, name, uid);
    } catch (ParseException e) {
      return new TokenVerdict.Invalid("not a signed JWT: " + e.getMessage());
    } catch (JOSEException e) {
      return new TokenVerdict.Invalid("cannot verify the signature: " + e.getMessage());
    }
  }
}
