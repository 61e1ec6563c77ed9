package dev.authlab.authn.serviceaccount;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The registered JWT claims of a service-account token ({@code iss}, {@code sub}, {@code aud},
 * {@code exp}, {@code nbf}, {@code iat}, {@code jti}); times are whole seconds since the epoch. Empty
 * strings and absent times are left out of the JSON, as go-jose does.
 */
public record StandardClaims(
    String issuer, String subject, List<String> audience, OptionalLong expiry, OptionalLong notBefore, OptionalLong issuedAt, String id) {

  public StandardClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    audience = List.copyOf(audience);
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(id, "id");
  }

  /** No claims at all. */
  public static StandardClaims empty() {
    return new StandardClaims("", "", List.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), "");
  }

  public StandardClaims withIssuer(String newIssuer) {
    return new StandardClaims(newIssuer, subject, audience, expiry, notBefore, issuedAt, id);
  }

  /** The claims as the JSON members go-jose writes (for merging into the payload). */
  Map<String, Object> toJsonMembers() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!issuer.isEmpty()) {
      out.put("iss", issuer);
    }
    if (!subject.isEmpty()) {
      out.put("sub", subject);
    }
    if (!audience.isEmpty()) {
      // go-jose v2 always writes the audience as an array, even with one member
      out.put("aud", audience);
    }
    expiry.ifPresent(v -> out.put("exp", v));
    notBefore.ifPresent(v -> out.put("nbf", v));
    issuedAt.ifPresent(v -> out.put("iat", v));
    if (!id.isEmpty()) {
      out.put("jti", id);
    }
    return out;
  }

  /** The JSON go-jose writes for these claims alone, keys sorted. */
  public String toJson() {
    return GoJson.write(toJsonMembers());
  }
}
