package dev.authlab.labs.lab08_user_vs_pod;

import dev.authlab.authn.UserInfo;

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
    // TODO(lab 08): read the "kubernetes.io" claim and name the user and its groups
    throw new UnsupportedOperationException("TODO(lab 08): PodIdentity.fromToken is not written yet");
  }
}
