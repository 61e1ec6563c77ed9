package dev.authlab.authn.serviceaccount;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.authlab.gofmt.GoStrings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A compact JWS as go-jose (v2, the version kube-apiserver 1.34 verifies service-account tokens with)
 * parses and verifies it. Parsing failures make the service-account authenticators say "not mine";
 * a verification failure is reported with go-jose's error text.
 */
final class Jws {

  /** go-jose's text for any signature that does not verify with the key, whatever the reason. */
  static final String CRYPTO_FAILURE = "go-jose/go-jose: error in cryptographic primitive";

  private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  private static final Set<String> EC_ALGORITHMS = Set.of("ES256", "ES384", "ES512");

  /** A parsed token: its header fields, payload and the bytes the signature covers. */
  record Parsed(String keyId, String algorithm, Optional<GoJson.Value> critical, byte[] payload, byte[] signature, byte[] signingInput) {}

  private Jws() {}

  /** go-jose's ParseSigned for the compact form; empty when the text is not a JWS it can read. */
  static Optional<Parsed> parse(String token) {
    String input = stripWhitespace(token);
    String[] parts = input.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    Optional<byte[]> header = decodeTrimmed(parts[0]);
    Optional<byte[]> payload = decodeTrimmed(parts[1]);
    Optional<byte[]> signature = decodeTrimmed(parts[2]);
    if (header.isEmpty() || payload.isEmpty() || signature.isEmpty()) {
      return Optional.empty();
    }
    String keyId = "";
    String algorithm = "";
    Optional<GoJson.Value> critical = Optional.empty();
    if (header.get().length > 0) {
      Optional<GoJson.Value> parsed = GoJson.parse(header.get());
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      GoJson.Value value = parsed.get();
      if (value instanceof GoJson.Obj obj) {
        for (GoJson.Member member : lastOfEach(obj)) {
          GoJson.Value v = member.value();
          if (v instanceof GoJson.Null) {
            continue;
          }
          switch (member.key()) {
            case "kid", "alg", "nonce" -> {
              if (!(v instanceof GoJson.Str str)) {
                return Optional.empty();
              }
              if (member.key().equals("kid")) {
                keyId = str.value();
              } else if (member.key().equals("alg")) {
                algorithm = str.value();
              }
            }
            case "jwk" -> {
              if (!validEmbeddedKey(v)) {
                return Optional.empty();
              }
            }
            case "x5c" -> {
              if (!validCertificateChain(v)) {
                return Optional.empty();
              }
            }
            case "crit" -> critical = Optional.of(v);
            default -> {
              // any other header parameter is kept as plain JSON
            }
          }
        }
      } else if (!(value instanceof GoJson.Null)) {
        return Optional.empty();
      }
    }
    // go-jose signs and verifies over its own re-encoding of the decoded parts
    String signingInput = b64(header.get()) + "." + b64(payload.get());
    return Optional.of(new Parsed(keyId, algorithm, critical, payload.get(), signature.get(), signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Empty when the signature verifies with this key; otherwise go-jose's error text. */
  static Optional<String> verify(Parsed token, PublicKey key) {
    if (token.critical().isPresent()) {
      GoJson.Value crit = token.critical().get();
      if (!(crit instanceof GoJson.Arr arr) || arr.items().stream().anyMatch(i -> !(i instanceof GoJson.Str))) {
        GoJson.Value offending = crit instanceof GoJson.Arr arr2
            ? arr2.items().stream().filter(i -> !(i instanceof GoJson.Str)).findFirst().orElse(crit)
            : crit;
        String type = crit instanceof GoJson.Arr ? "string" : "[]string";
        return Optional.of("json: cannot unmarshal " + offending.kind() + " into Go value of type " + type);
      }
      if (!arr.items().isEmpty()) {
        // no critical extension is understood here
        return Optional.of(CRYPTO_FAILURE);
      }
    }
    try {
      JWSVerifier verifier;
      if (key instanceof RSAPublicKey rsa && RSA_ALGORITHMS.contains(token.algorithm())) {
        if (rsa.getModulus().bitLength() < 1024) {
          // Go 1.24's crypto/rsa refuses keys under 1024 bits
          return Optional.of(CRYPTO_FAILURE);
        }
        verifier = new RSASSAVerifier(rsa);
      } else if (key instanceof ECPublicKey ec && EC_ALGORITHMS.contains(token.algorithm())) {
        verifier = new ECDSAVerifier(ec);
      } else {
        // none, HS256 with a public key, unknown names: go-jose has no verifier for them
        return Optional.of(CRYPTO_FAILURE);
      }
      JWSHeader header = new JWSHeader(JWSAlgorithm.parse(token.algorithm()));
      boolean ok = verifier.verify(header, token.signingInput(), Base64URL.encode(token.signature()));
      return ok ? Optional.empty() : Optional.of(CRYPTO_FAILURE);
    } catch (Exception e) {
      return Optional.of(CRYPTO_FAILURE);
    }
  }

  /** The last occurrence of each header name (the header decodes into a map). */
  private static List<GoJson.Member> lastOfEach(GoJson.Obj obj) {
    java.util.LinkedHashMap<String, GoJson.Member> last = new java.util.LinkedHashMap<>();
    for (GoJson.Member m : obj.members()) {
      last.remove(m.key());
      last.put(m.key(), m);
    }
    return List.copyOf(last.values());
  }

  private static boolean validEmbeddedKey(GoJson.Value v) {
    if (!(v instanceof GoJson.Obj)) {
      return false;
    }
    try {
      JWK jwk = JWK.parse(rewrite(v));
      return !jwk.isPrivate();
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean validCertificateChain(GoJson.Value v) {
    if (!(v instanceof GoJson.Arr arr)) {
      return false;
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (GoJson.Value item : arr.items()) {
        if (!(item instanceof GoJson.Str s)) {
          return false;
        }
        factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(s.value())));
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Re-serialises a parsed value (for handing an embedded JWK to Nimbus). */
  private static String rewrite(GoJson.Value v) {
    return GoJson.write(toPlain(v));
  }

  private static Object toPlain(GoJson.Value v) {
    if (v instanceof GoJson.Str s) {
      return s.value();
    }
    if (v instanceof GoJson.Num n) {
      try {
        return Long.parseLong(n.text());
      } catch (NumberFormatException e) {
        return n.text();
      }
    }
    if (v instanceof GoJson.Arr a) {
      return a.items().stream().map(Jws::toPlain).toList();
    }
    if (v instanceof GoJson.Obj o) {
      java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
      o.members().forEach(m -> map.put(m.key(), toPlain(m.value())));
      return map;
    }
    return String.valueOf(v.kind());
  }

  // ---- base64url as go-jose and the apiserver use it

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** go-jose: trailing '=' are trimmed, then strict unpadded base64url. */
  private static Optional<byte[]> decodeTrimmed(String part) {
    int end = part.length();
    while (end > 0 && part.charAt(end - 1) == '=') {
      end--;
    }
    return decodeRaw(part.substring(0, end));
  }

  /**
   * Go's base64.RawURLEncoding: the URL alphabet only, no padding, CR and LF skipped. Java's decoder
   * would also accept padding, so the alphabet is checked first.
   */
  static Optional<byte[]> decodeRaw(String part) {
    StringBuilder clean = new StringBuilder(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '\r' || c == '\n') {
        continue;
      }
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!alphabet) {
        return Optional.empty();
      }
      clean.append(c);
    }
    if (clean.length() % 4 == 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(Base64.getUrlDecoder().decode(clean.toString()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** go-jose removes every white-space character (unicode.IsSpace) before parsing. */
  static String stripWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().filter(cp -> !GoStrings.isSpace(cp)).forEach(out::appendCodePoint);
    return out.toString();
  }
}
