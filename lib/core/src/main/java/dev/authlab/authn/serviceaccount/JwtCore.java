package dev.authlab.authn.serviceaccount;

import dev.authlab.gofmt.GoErrors;
import dev.authlab.gofmt.GoStrings;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps both service-account authenticators share (upstream's jwtTokenAuthenticator): a quick
 * look at the unverified {@code iss} to decide whether the token is theirs at all, parsing, picking
 * keys by {@code kid}, verifying and decoding, checking the issuer again, and intersecting the
 * token's audiences with the requested ones. What is left (times, live objects) is each
 * authenticator's own.
 */
final class JwtCore {

  /** What the shared steps concluded. */
  sealed interface Outcome<P> {
    /** Not a token for these issuers (or not a JWT): other authenticators may try. */
    record NotMine<P>(String why) implements Outcome<P> {}

    /** A token for these issuers that fails; {@code error} is the API server's text. */
    record Rejected<P>(String error, String detail) implements Outcome<P> {}

    /** Signed by one of the keys, for one of the issuers and one of the audiences. */
    record Verified<P>(String keyId, StandardClaims claims, P privateClaims, List<String> audiences, boolean implicitAudience)
        implements Outcome<P> {}
  }

  private record Key(String id, PublicKey key) {}

  private final Set<String> issuers;
  private final List<String> issuerList;
  private final List<Key> keys;
  private final List<String> implicitAudiences;

  JwtCore(List<String> issuers, List<PublicKey> keys, List<String> implicitAudiences) {
    this.issuerList = List.copyOf(issuers);
    this.issuers = Set.copyOf(issuers);
    List<Key> withIds = new ArrayList<>();
    for (PublicKey key : keys) {
      withIds.add(new Key(ServiceAccountKeys.keyId(key), key));
    }
    this.keys = List.copyOf(withIds);
    this.implicitAudiences = List.copyOf(implicitAudiences);
  }

  List<String> issuers() {
    return issuerList;
  }

  List<String> implicitAudiences() {
    return implicitAudiences;
  }

  <P> Outcome<P> check(String token, List<String> requestedAudiences, ClaimsDecoder.PrivateDecoder<P> decoder) {
    Optional<String> notMine = unverifiedIssuerMismatch(token);
    if (notMine.isPresent()) {
      return new Outcome.NotMine<>(notMine.get());
    }
    Optional<Jws.Parsed> parsed = Jws.parse(token);
    if (parsed.isEmpty()) {
      return new Outcome.NotMine<>("its iss is one of " + GoStrings.quoteAll(issuerList) + " but it is not a compact JWS go-jose can parse");
    }
    Jws.Parsed jws = parsed.get();
    List<Key> candidates = jws.keyId().isEmpty() ? keys : keys.stream().filter(k -> k.id().equals(jws.keyId())).toList();
    if (candidates.isEmpty()) {
      return new Outcome.Rejected<>("invalid signature, no keys found",
          jws.keyId().isEmpty() ? "no verification keys are configured" : "no configured key has kid " + GoStrings.quote(jws.keyId()));
    }
    List<String> errors = new ArrayList<>();
    for (Key key : candidates) {
      Optional<String> bad = Jws.verify(jws, key.key());
      if (bad.isPresent()) {
        errors.add(bad.get());
        continue;
      }
      StandardClaims claims;
      P privateClaims;
      try {
        Optional<GoJson.Value> payload = GoJson.parse(jws.payload());
        if (payload.isEmpty()) {
          errors.add("invalid character in the token payload");
          continue;
        }
        claims = ClaimsDecoder.standard(payload.get());
        privateClaims = decoder.decode(payload.get());
      } catch (ClaimsDecoder.DecodeError e) {
        errors.add(e.getMessage());
        continue;
      }
      return afterSignature(key.id(), claims, privateClaims, requestedAudiences);
    }
    return new Outcome.Rejected<>(GoErrors.aggregate(errors), "no configured key (" + candidates.size() + " tried) verified the signature and claims");
  }

  private <P> Outcome<P> afterSignature(String keyId, StandardClaims claims, P privateClaims, List<String> requested) {
    // the issuer was only peeked at before the signature was checked: check it again
    if (!issuers.contains(claims.issuer())) {
      return new Outcome.Rejected<>("token issuer " + GoStrings.quote(claims.issuer()) + " is invalid", "the verified iss is not a configured issuer");
    }
    List<String> tokenAudiences = claims.audience();
    boolean implicit = tokenAudiences.isEmpty();
    if (implicit) {
      // a token without aud (a legacy token) is good for the API server's own audiences only
      tokenAudiences = implicitAudiences;
    }
    List<String> wanted = requested.isEmpty() ? implicitAudiences : requested;
    List<String> shared = new ArrayList<>();
    for (String audience : wanted) {
      if (tokenAudiences.contains(audience)) {
        shared.add(audience);
      }
    }
    if (shared.isEmpty() && !implicitAudiences.isEmpty()) {
      return new Outcome.Rejected<>(
          "token audiences " + GoStrings.quoteAll(tokenAudiences) + " is invalid for the target audiences " + GoStrings.quoteAll(wanted),
          "the token's audiences and the requested ones have nothing in common");
    }
    return new Outcome.Verified<>(keyId, claims, privateClaims, shared, implicit);
  }

  /**
   * Upstream's hasCorrectIssuer: not JSON-serialised, three dot-separated parts, a payload that is
   * unpadded base64url of JSON (read with encoding/json, so {@code "ISS"} counts as {@code "iss"}),
   * and an {@code iss} that is one of the issuers. Empty when the token passes.
   */
  private Optional<String> unverifiedIssuerMismatch(String token) {
    if (GoStrings.trimSpace(token).startsWith("{")) {
      return Optional.of("a JSON-serialised JWS is never a service-account token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.of("not a JWT (" + parts.length + " dot-separated parts, not 3)");
    }
    Optional<byte[]> payload = Jws.decodeRaw(parts[1]);
    if (payload.isEmpty()) {
      return Optional.of("not a JWT (the payload is not unpadded base64url)");
    }
    Optional<GoJson.Value> json = GoJson.parse(payload.get());
    if (json.isEmpty()) {
      return Optional.of("not a JWT (the payload is not JSON)");
    }
    String issuer = "";
    if (json.get() instanceof GoJson.Obj obj) {
      Optional<GoJson.Value> iss = GoJson.lastFolded(obj, "iss");
      if (iss.isPresent() && iss.get() instanceof GoJson.Str s) {
        issuer = s.value();
      } else if (iss.isPresent() && !(iss.get() instanceof GoJson.Null)) {
        return Optional.of("its iss is not a string");
      }
    } else if (!(json.get() instanceof GoJson.Null)) {
      return Optional.of("its payload is not a JSON object");
    }
    if (!issuers.contains(issuer)) {
      return Optional.of("its iss " + GoStrings.quote(issuer) + " is not one of " + GoStrings.quoteAll(issuerList));
    }
    return Optional.empty();
  }
}
