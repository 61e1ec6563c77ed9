package dev.authlab.authn.oidc;

import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compact JWS handling with the semantics of the Go code the API server runs: the unverified issuer
 * peek (k8s oidc.untrustedIssuer), go-jose's compact parsing and go-oidc's ID token decoding, including
 * Go's base64 (no padding, CR/LF ignored), encoding/json's case-insensitive struct fields, and their
 * error texts.
 */
public final class Jwt {

  static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private Jwt() {}

  /** A failure with the Go error text. */
  static final class GoError extends Exception {
    GoError(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- the issuer peek

  /**
   * The token's unverified {@code iss}, or empty when it is not a compact JWT with a JSON payload.
   * {@code accounts.google.com} reads as {@code https://accounts.google.com}, as upstream coalesces it.
   */
  static Optional<String> untrustedIssuer(String token) {
    if (GoStrings.trimSpace(token).startsWith("{")) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(rawUrlDecode(parts[1]));
    } catch (GoError | JacksonException e) {
      return Optional.empty();
    }
    if (payload == null || !payload.isObject()) {
      return Optional.empty();
    }
    String issuer = "";
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      if (goFieldMatches(e.getKey(), "iss")) {
        JsonNode value = e.getValue();
        if (value.isNull()) {
          continue;
        }
        if (!value.isString()) {
          return Optional.empty();
        }
        issuer = value.stringValue();
      }
    }
    return Optional.of(issuer.equals("accounts.google.com") ? "https://accounts.google.com" : issuer);
  }

  /**
   * encoding/json's field matching: the exact name, or a case-insensitive match (Unicode simple folding,
   * so 'ſ' matches 's' and the Kelvin sign 'K' matches 'k').
   */
  static boolean goFieldMatches(String key, String name) {
    if (key.equals(name)) {
      return true;
    }
    int[] a = key.codePoints().toArray();
    int[] b = name.codePoints().toArray();
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (fold(a[i]) != fold(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static int fold(int cp) {
    if (cp == 0x017F) {
      return 's';
    }
    if (cp == 0x212A) {
      return 'k';
    }
    return Character.toLowerCase(Character.toUpperCase(cp));
  }

  /** base64.RawURLEncoding.DecodeString: URL alphabet, no padding, '\r' and '\n' skipped. */
  static byte[] rawUrlDecode(String s) throws GoError {
    StringBuilder clean = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        continue;
      }
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw new GoError("illegal base64 data at input byte " + clean.length());
      }
      clean.append(c);
    }
    if (clean.length() % 4 == 1) {
      throw new GoError("illegal base64 data at input byte " + (clean.length() - 1));
    }
    try {
      return java.util.Base64.getUrlDecoder().decode(clean.toString());
    } catch (IllegalArgumentException e) {
      throw new GoError("illegal base64 data at input byte " + clean.length());
    }
  }

  // ---------------------------------------------------------------- go-jose compact parsing

  /** A parsed compact JWS (unverified): header, algorithm, key id, signing input, payload and signature. */
  public record SignedToken(JsonNode header, String algorithm, String keyId, byte[] signingInput, byte[] payload, byte[] signature) {}

  /** go-jose's ParseSigned for the compact form; errors read as go-jose's. */
  static SignedToken parseSigned(String token) throws GoError {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new GoError("go-jose/go-jose: compact JWS format must have three parts");
    }
    byte[] header = rawUrlDecode(stripPadding(parts[0]));
    byte[] payload = rawUrlDecode(stripPadding(parts[1]));
    byte[] signature = rawUrlDecode(stripPadding(parts[2]));
    JsonNode headerJson;
    try {
      headerJson = JSON.readTree(header);
    } catch (JacksonException e) {
      throw new GoError(jsonSyntaxError(e));
    }
    if (headerJson == null || !headerJson.isObject()) {
      throw new GoError("json: cannot unmarshal " + GoJsonTypes.of(headerJson) + " into Go value of type jose.rawHeader");
    }
    String alg = headerString(headerJson, "alg");
    String kid = headerString(headerJson, "kid");
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    return new SignedToken(headerJson, alg, kid, signingInput, payload, signature);
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  private static String headerString(JsonNode header, String name) throws GoError {
    JsonNode value = header.get(name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isString()) {
      throw new GoError("json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go value of type string");
    }
    return value.stringValue();
  }

  static String jsonSyntaxError(JacksonException e) {
    String original = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
    return "invalid character in JSON input: " + original.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  // ---------------------------------------------------------------- go-oidc's ID token

  /** A distributed claim source. */
  record ClaimSource(String endpoint, String accessToken) {}

  /** The standard claims go-oidc decodes before verifying. */
  record IdToken(
      String issuer,
      String subject,
      List<String> audience,
      Instant expiry,
      Instant issuedAt,
      Optional<Instant> notBefore,
      Map<String, String> claimNames,
      Map<String, ClaimSource> claimSources) {}

  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** go-oidc's json.Unmarshal(payload, &idToken), with the first error Go would report. */
  static IdToken decodeIdToken(JsonNode payload) throws GoError {
    if (payload == null || !payload.isObject()) {
      throw new GoError("json: cannot unmarshal " + GoJsonTypes.of(payload) + " into Go value of type oidc.idToken");
    }
    String issuer = "";
    String subject = "";
    List<String> audience = List.of();
    Instant expiry = GO_ZERO_TIME;
    Instant issuedAt = GO_ZERO_TIME;
    Optional<Instant> notBefore = Optional.empty();
    Map<String, String> claimNames = new LinkedHashMap<>();
    Map<String, ClaimSource> claimSources = new LinkedHashMap<>();
    String saved = null;
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (goFieldMatches(key, "iss")) {
        String s = stringField(value, "iss");
        if (s == null) {
          saved = saved != null ? saved : typeError(value, "iss", "string");
        } else {
          issuer = s;
        }
      } else if (goFieldMatches(key, "sub")) {
        String s = stringField(value, "sub");
        if (s == null) {
          saved = saved != null ? saved : typeError(value, "sub", "string");
        } else {
          subject = s;
        }
      } else if (goFieldMatches(key, "nonce") || goFieldMatches(key, "at_hash")) {
        if (stringField(value, key) == null) {
          saved = saved != null ? saved : typeError(value, goFieldMatches(key, "nonce") ? "nonce" : "at_hash", "string");
        }
      } else if (goFieldMatches(key, "aud")) {
        audience = audience(value);
      } else if (goFieldMatches(key, "exp")) {
        expiry = jsonTime(value, "exp");
      } else if (goFieldMatches(key, "iat")) {
        issuedAt = jsonTime(value, "iat");
      } else if (goFieldMatches(key, "nbf")) {
        notBefore = value.isNull() ? Optional.empty() : Optional.of(jsonTime(value, "nbf"));
      } else if (goFieldMatches(key, "_claim_names")) {
        if (value.isNull()) {
          continue;
        }
        if (!value.isObject()) {
          saved = saved != null ? saved : typeError(value, "_claim_names", "map[string]string");
          continue;
        }
        for (Map.Entry<String, JsonNode> name : value.properties()) {
          String s = stringField(name.getValue(), "_claim_names");
          if (s == null) {
            saved = saved != null ? saved : typeError(name.getValue(), "_claim_names", "string");
          } else {
            claimNames.put(name.getKey(), s);
          }
        }
      } else if (goFieldMatches(key, "_claim_sources")) {
        if (value.isNull()) {
          continue;
        }
        if (!value.isObject()) {
          saved = saved != null ? saved : typeError(value, "_claim_sources", "map[string]oidc.claimSource");
          continue;
        }
        for (Map.Entry<String, JsonNode> source : value.properties()) {
          JsonNode s = source.getValue();
          if (s.isNull()) {
            claimSources.put(source.getKey(), new ClaimSource("", ""));
            continue;
          }
          if (!s.isObject()) {
            saved = saved != null ? saved : typeError(s, "_claim_sources", "oidc.claimSource");
            continue;
          }
          String endpoint = "";
          String accessToken = "";
          for (Map.Entry<String, JsonNode> f : s.properties()) {
            if (goFieldMatches(f.getKey(), "endpoint")) {
              String v = stringField(f.getValue(), "endpoint");
              if (v == null) {
                saved = saved != null ? saved : "json: cannot unmarshal " + GoJsonTypes.of(f.getValue())
                    + " into Go struct field claimSource._claim_sources.endpoint of type string";
              } else {
                endpoint = v;
              }
            } else if (goFieldMatches(f.getKey(), "access_token")) {
              String v = stringField(f.getValue(), "access_token");
              if (v == null) {
                saved = saved != null ? saved : "json: cannot unmarshal " + GoJsonTypes.of(f.getValue())
                    + " into Go struct field claimSource._claim_sources.access_token of type string";
              } else {
                accessToken = v;
              }
            }
          }
          claimSources.put(source.getKey(), new ClaimSource(endpoint, accessToken));
        }
      }
    }
    if (saved != null) {
      throw new GoError(saved);
    }
    return new IdToken(issuer, subject, audience, expiry, issuedAt, notBefore, claimNames, claimSources);
  }

  /** A string field's value, "" for null, or null when the JSON value is not a string. */
  private static String stringField(JsonNode value, String name) {
    if (value.isNull()) {
      return "";
    }
    return value.isString() ? value.stringValue() : null;
  }

  private static String typeError(JsonNode value, String field, String type) {
    return "json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go struct field idToken." + field + " of type " + type;
  }

  /** go-oidc's audience: a string or a list of strings. */
  private static List<String> audience(JsonNode value) throws GoError {
    if (value.isNull()) {
      return List.of("");
    }
    if (value.isString()) {
      return List.of(value.stringValue());
    }
    if (!value.isArray()) {
      throw new GoError(typeError(value, "aud", "[]string"));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : value) {
      if (element.isNull()) {
        out.add("");
      } else if (element.isString()) {
        out.add(element.stringValue());
      } else {
        throw new GoError(typeError(element, "aud", "string"));
      }
    }
    return out;
  }

  /** go-oidc's jsonTime: a JSON number (or numeric string) of seconds, fractions truncated. */
  private static Instant jsonTime(JsonNode value, String field) throws GoError {
    String literal;
    if (value.isNull()) {
      throw new GoError("strconv.ParseFloat: parsing \"\": invalid syntax");
    } else if (value.isNumber()) {
      literal = value.asString();
    } else if (value.isString()) {
      literal = value.stringValue();
      if (!literal.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
        throw new GoError("json: invalid number literal, trying to unmarshal " + GoStrings.quote(GoStrings.quote(literal)) + " into Number");
      }
    } else {
      throw new GoError(typeError(value, field, "json.Number"));
    }
    long seconds;
    try {
      seconds = Long.parseLong(literal);
    } catch (NumberFormatException notInt) {
      double d = Double.parseDouble(literal);
      seconds = d >= Long.MAX_VALUE || d <= Long.MIN_VALUE || Double.isNaN(d) ? Long.MIN_VALUE : (long) d;
    }
    long clamped = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
    return Instant.ofEpochSecond(clamped);
  }
}
