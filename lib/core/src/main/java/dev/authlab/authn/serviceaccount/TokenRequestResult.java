package dev.authlab.authn.serviceaccount;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code POST .../serviceaccounts/NAME/token}: the TokenRequest with its status filled
 * in, or the API error the API server would return (HTTP code, reason, message).
 */
public sealed interface TokenRequestResult permits TokenRequestResult.Issued, TokenRequestResult.Rejected {

  /**
   * A minted token. {@code claims} and {@code boundClaims} are what the token carries ({@code exp} may
   * be a year off when the expiry was extended, while {@code status.expirationTimestamp} keeps the
   * requested one). {@code warnings} are the HTTP Warning headers the API server would send.
   */
  record Issued(TokenRequest tokenRequest, StandardClaims claims, BoundClaims boundClaims, List<String> warnings) implements TokenRequestResult {
    public Issued {
      Objects.requireNonNull(tokenRequest, "tokenRequest");
      Objects.requireNonNull(claims, "claims");
      Objects.requireNonNull(boundClaims, "boundClaims");
      warnings = List.copyOf(warnings);
    }

    /** The token (status.token). Keep it out of logs. */
    public String token() {
      return tokenRequest.getStatus().getToken();
    }

    @Override
    public String toString() {
      // never print the token itself
      return "Issued[token=" + Fingerprints.of(token()) + ", expirationTimestamp=" + tokenRequest.getStatus().getExpirationTimestamp()
          + ", claims=" + claims + ", boundClaims=" + boundClaims + ", warnings=" + warnings + "]";
    }
  }

  /** The API server's error response: e.g. 404 NotFound {@code serviceaccounts "x" not found}. */
  record Rejected(int code, String reason, String message) implements TokenRequestResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    static Rejected badRequest(String message) {
      return new Rejected(400, "BadRequest", message);
    }

    static Rejected notFound(String message) {
      return new Rejected(404, "NotFound", message);
    }

    static Rejected conflict(String qualifiedResource, String name, String cause) {
      return new Rejected(409, "Conflict", "Operation cannot be fulfilled on " + qualifiedResource + " \"" + name + "\": " + cause);
    }

    static Rejected invalid(String name, String fieldErrors) {
      return new Rejected(422, "Invalid", "TokenRequest.authentication.k8s.io \"" + name + "\" is invalid: " + fieldErrors);
    }

    static Rejected internal(String message) {
      return new Rejected(500, "InternalError", "Internal error occurred: " + message);
    }
  }
}
