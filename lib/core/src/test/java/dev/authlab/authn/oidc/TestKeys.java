package dev.authlab.authn.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Keys like upstream's testdata (two RSA, two P-521 EC), kids from thumbprints, and JWS signing. */
final class TestKeys {

  static final RSAKey RSA_1 = rsa();
  static final RSAKey RSA_2 = rsa();
  static final ECKey EC_1 = ec();
  static final ECKey EC_2 = ec();

  private TestKeys() {}

  private static RSAKey rsa() {
    try {
      return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ec() {
    try {
      return new ECKeyGenerator(Curve.P_521).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs the payload exactly as given, with the key's kid in the header. */
  static String sign(String payload, JWK key, JWSAlgorithm alg) {
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), new Payload(payload));
      jws.sign(signer);
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A compact token from raw header and payload JSON, with any signature bytes (no real signing). */
  static String unsigned(String headerJson, String payloadJson, String signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static JWKSet publicSet(JWK... keys) {
    return new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList());
  }
}
