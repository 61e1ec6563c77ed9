package dev.authlab.labs.lab08_user_vs_pod;

import com.nimbusds.jwt.JWTParser;
import dev.authlab.authn.UserInfo;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * Lab 08, part 2: who a pod is.
 *
 * <p>A person's name and groups come from their credential (a certificate's CN and O, a line of the
 * token file, an OIDC token's claims). A pod's come from its service-account token. The token is a
 * JWT; its payload names the service account in a private claim, for example
 *
 * <pre>{@code
 * "kubernetes.io": {
 *   "namespace": "lab08-shop",
 *   "serviceaccount": { "name": "report-builder", "uid": "5f1c…" },
 *   "pod": { "name": "report-builder-7d9c", "uid": "a0b1…" }
 * }
 * }</pre>
 *
 * and the API server turns that into a user (after checking the signature, the issuer, the audience,
 * the expiry and that the service account and pod still exist).
 */
public final class PodIdentity {

  private PodIdentity() {}

  /**
   * The user the API server will see for this service-account token, as {@code kubectl auth whoami}
   * prints it: the name {@code system:serviceaccount:NAMESPACE:NAME}, the service account's uid, and
   * the groups {@code system:serviceaccounts}, {@code system:serviceaccounts:NAMESPACE} and
   * {@code system:authenticated}, in that order. Leave {@code extra} empty (the pod's name and uid
   * go there, but this lab does not look at them).
   *
   * <p>Only read the token here; checking its signature is the API server's job (lab 07). Nimbus
   * ({@code com.nimbusds.jwt.JWTParser}) can parse it, or decode the middle part yourself: it is
   * base64url-encoded JSON.
   *
   * @throws IllegalArgumentException if the text is not a service-account token
   */
  public static UserInfo fromToken(String token) {
    Map<String, Object> kubernetes;
    try {
      kubernetes = JWTParser.parse(token.strip()).getJWTClaimsSet().getJSONObjectClaim("kubernetes.io");
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
    }
    if (kubernetes == null || !(kubernetes.get("serviceaccount") instanceof Map<?, ?> account)) {
      throw new IllegalArgumentException("not a bound service-account token: no kubernetes.io.serviceaccount claim");
    }
    String namespace = String.valueOf(kubernetes.get("namespace"));
    String name = String.valueOf(account.get("name"));
    String uid = String.valueOf(account.get("uid"));
    return new UserInfo(
        "system:serviceaccount:" + namespace + ":" + name,
        uid,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"),
        Map.of());
  }
}
