package dev.authlab.authn.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.util.List;

/**
 * The public keys a token's signature is checked against (go-oidc's KeySet). {@link #of} is a fixed
 * set, as upstream's tests use; the authenticator otherwise uses the issuer's JWKS, fetched through
 * discovery, cached and refetched when a token names a key it does not have.
 */
public interface KeySet {

  /** Thrown with the reason go-oidc (or the test key set) reports, e.g. "no keys matches jwk keyid". */
  final class VerificationException extends Exception {
    public VerificationException(String message) {
      super(message);
    }
  }

  /** Checks the signature of a parsed token. */
  void verify(Jwt.SignedToken token) throws VerificationException;

  /**
   * A fixed key set that picks the key by {@code kid} (a token without a kid matches no key), like
   * the static key set in upstream's oidc tests: "no keys matches jwk keyid" when none has it.
   */
  static KeySet of(JWKSet keys) {
    List<JWK> list = List.copyOf(keys.getKeys());
    return token -> {
      for (JWK key : list) {
        if (token.keyId().equals(key.getKeyID())) {
          if (!verifies(key, token)) {
            throw new VerificationException("go-jose/go-jose: error in cryptographic primitive");
          }
          return;
        }
      }
      throw new VerificationException("no keys matches jwk keyid");
    };
  }

  /** Whether {@code key} verifies the token's signature for the token's algorithm. */
  static boolean verifies(JWK key, Jwt.SignedToken token) {
    JWSAlgorithm alg = JWSAlgorithm.parse(token.algorithm());
    try {
      JWSVerifier verifier;
      if (key instanceof RSAKey rsa && (JWSAlgorithm.Family.RSA.contains(alg))) {
        verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
      } else if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
        verifier = new ECDSAVerifier(ec.toECPublicKey());
      } else {
        return false; // symmetric keys and mismatched key types never verify
      }
      return verifier.verify(new JWSHeader(alg), token.signingInput(), Base64URL.encode(token.signature()));
    } catch (JOSEException | RuntimeException e) {
      return false;
    }
  }
}
