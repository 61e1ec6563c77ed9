package dev.authlab.authn.serviceaccount;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decodes a verified payload into claims the way go-jose's JSON decoder fills Go structs: keys are
 * matched case-sensitively, a later duplicate overwrites an earlier one, {@code null} leaves a field
 * alone, a value of the wrong JSON type is remembered as the first type error while decoding goes
 * on, and an error from a custom decoder (audience, dates) stops decoding at once.
 */
final class ClaimsDecoder {

  static final String AUDIENCE_ERROR = "go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience";
  static final String NUMERIC_DATE_ERROR = "go-jose/go-jose/jwt: expected number value to unmarshal into NumericDate";

  /** Why a payload does not decode; the message is what the API server reports. */
  static final class DecodeError extends Exception {
    DecodeError(String message) {
      super(message, null, false, false);
    }
  }

  /** Decodes the private claims of one token kind. */
  @FunctionalInterface
  interface PrivateDecoder<P> {
    P decode(GoJson.Value payload) throws DecodeError;
  }

  private ClaimsDecoder() {}

  /** One decoding pass: remembers the first type error. */
  private static final class Pass {
    private String firstTypeError;

    void typeError(GoJson.Value got, String goType) {
      if (firstTypeError == null) {
        firstTypeError = "json: cannot unmarshal " + got.kind() + " into Go value of type " + goType;
      }
    }

    void finish() throws DecodeError {
      if (firstTypeError != null) {
        throw new DecodeError(firstTypeError);
      }
    }

    String string(GoJson.Value v, String current) {
      if (v instanceof GoJson.Str s) {
        return s.value();
      }
      if (!(v instanceof GoJson.Null)) {
        typeError(v, "string");
      }
      return current;
    }
  }

  // ---- registered claims

  static StandardClaims standard(GoJson.Value payload) throws DecodeError {
    Pass pass = new Pass();
    String iss = "";
    String sub = "";
    List<String> aud = List.of();
    OptionalLong exp = OptionalLong.empty();
    OptionalLong nbf = OptionalLong.empty();
    OptionalLong iat = OptionalLong.empty();
    String jti = "";
    if (payload instanceof GoJson.Obj obj) {
      for (GoJson.Member m : obj.members()) {
        GoJson.Value v = m.value();
        switch (m.key()) {
          case "iss" -> iss = pass.string(v, iss);
          case "sub" -> sub = pass.string(v, sub);
          case "jti" -> jti = pass.string(v, jti);
          case "aud" -> aud = audience(v);
          case "exp" -> exp = numericDate(v, exp);
          case "nbf" -> nbf = numericDate(v, nbf);
          case "iat" -> iat = numericDate(v, iat);
          default -> {
            // unknown claims are ignored
          }
        }
      }
    } else if (!(payload instanceof GoJson.Null)) {
      pass.typeError(payload, "jwt.Claims");
    }
    pass.finish();
    return new StandardClaims(iss, sub, aud, exp, nbf, iat, jti);
  }

  /** jwt.Audience: a string or an array of strings; anything else, null included, is an error. */
  private static List<String> audience(GoJson.Value v) throws DecodeError {
    if (v instanceof GoJson.Str s) {
      return List.of(s.value());
    }
    if (v instanceof GoJson.Arr arr) {
      List<String> out = new ArrayList<>();
      for (GoJson.Value item : arr.items()) {
        if (!(item instanceof GoJson.Str s)) {
          throw new DecodeError(AUDIENCE_ERROR);
        }
        out.add(s.value());
      }
      return out;
    }
    throw new DecodeError(AUDIENCE_ERROR);
  }

  /** *jwt.NumericDate: null clears it; a number is read as a float and truncated; else an error. */
  private static OptionalLong numericDate(GoJson.Value v, OptionalLong current) throws DecodeError {
    if (v instanceof GoJson.Null) {
      return OptionalLong.empty();
    }
    if (!(v instanceof GoJson.Num n)) {
      throw new DecodeError(NUMERIC_DATE_ERROR);
    }
    double f = Double.parseDouble(n.text());
    if (Double.isInfinite(f)) {
      // strconv.ParseFloat reports a range error for values beyond float64
      throw new DecodeError(NUMERIC_DATE_ERROR);
    }
    return OptionalLong.of(goFloatToInt64(f));
  }

  /** Go's float64-to-int64 conversion on amd64: out-of-range values become the minimum int64. */
  static long goFloatToInt64(double f) {
    if (Double.isNaN(f) || f >= 9.223372036854775807E18 || f < -9.223372036854775808E18) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }

  // ---- bound tokens: the kubernetes.io claim

  static BoundClaims bound(GoJson.Value payload) throws DecodeError {
    Pass pass = new Pass();
    BoundClaims claims = BoundClaims.empty();
    if (payload instanceof GoJson.Obj obj) {
      for (GoJson.Member m : obj.members()) {
        if (m.key().equals("kubernetes.io")) {
          claims = kubernetes(pass, m.value(), claims);
        }
      }
    } else if (!(payload instanceof GoJson.Null)) {
      pass.typeError(payload, "serviceaccount.privateClaims");
    }
    pass.finish();
    return claims;
  }

  private static BoundClaims kubernetes(Pass pass, GoJson.Value v, BoundClaims current) throws DecodeError {
    if (v instanceof GoJson.Null) {
      return current;
    }
    if (!(v instanceof GoJson.Obj obj)) {
      pass.typeError(v, "serviceaccount.kubernetes");
      return current;
    }
    String namespace = current.namespace();
    BoundClaims.Ref sa = current.serviceAccount();
    Optional<BoundClaims.Ref> pod = current.pod();
    Optional<BoundClaims.Ref> secret = current.secret();
    Optional<BoundClaims.Ref> node = current.node();
    OptionalLong warnAfter = current.warnAfter();
    for (GoJson.Member m : obj.members()) {
      GoJson.Value value = m.value();
      switch (m.key()) {
        case "namespace" -> namespace = pass.string(value, namespace);
        case "serviceaccount" -> sa = ref(pass, value, sa);
        case "pod" -> pod = refPointer(pass, value, pod);
        case "secret" -> secret = refPointer(pass, value, secret);
        case "node" -> node = refPointer(pass, value, node);
        case "warnafter" -> warnAfter = numericDate(value, warnAfter);
        default -> {
          // other members are ignored
        }
      }
    }
    return new BoundClaims(namespace, sa, pod, secret, node, warnAfter);
  }

  private static BoundClaims.Ref ref(Pass pass, GoJson.Value v, BoundClaims.Ref current) {
    if (v instanceof GoJson.Null) {
      return current;
    }
    if (!(v instanceof GoJson.Obj obj)) {
      pass.typeError(v, "serviceaccount.ref");
      return current;
    }
    String name = current.name();
    String uid = current.uid();
    for (GoJson.Member m : obj.members()) {
      if (m.key().equals("name")) {
        name = pass.string(m.value(), name);
      } else if (m.key().equals("uid")) {
        uid = pass.string(m.value(), uid);
      }
    }
    return new BoundClaims.Ref(name, uid);
  }

  /** A *ref: null sets it to nil; an object fills the existing ref, or a new one. */
  private static Optional<BoundClaims.Ref> refPointer(Pass pass, GoJson.Value v, Optional<BoundClaims.Ref> current) {
    if (v instanceof GoJson.Null) {
      return Optional.empty();
    }
    if (!(v instanceof GoJson.Obj)) {
      pass.typeError(v, "serviceaccount.ref");
      return current;
    }
    return Optional.of(ref(pass, v, current.orElse(new BoundClaims.Ref("", ""))));
  }

  // ---- legacy tokens

  static LegacyClaims legacy(GoJson.Value payload) throws DecodeError {
    Pass pass = new Pass();
    String namespace = "";
    String saName = "";
    String saUid = "";
    String secretName = "";
    if (payload instanceof GoJson.Obj obj) {
      for (GoJson.Member m : obj.members()) {
        switch (m.key()) {
          case LegacyClaims.NAMESPACE -> namespace = pass.string(m.value(), namespace);
          case LegacyClaims.SERVICE_ACCOUNT_NAME -> saName = pass.string(m.value(), saName);
          case LegacyClaims.SERVICE_ACCOUNT_UID -> saUid = pass.string(m.value(), saUid);
          case LegacyClaims.SECRET_NAME -> secretName = pass.string(m.value(), secretName);
          default -> {
            // other claims are ignored
          }
        }
      }
    } else if (!(payload instanceof GoJson.Null)) {
      pass.typeError(payload, "serviceaccount.legacyPrivateClaims");
    }
    pass.finish();
    return new LegacyClaims(namespace, saName, saUid, secretName);
  }
}
