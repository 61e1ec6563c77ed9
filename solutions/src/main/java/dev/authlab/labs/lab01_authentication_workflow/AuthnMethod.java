package dev.authlab.labs.lab01_authentication_workflow;

/**
 * The ways a request can authenticate, listed as the blog post lists them (static token file, client
 * certificate, webhook token, OIDC, HTTP proxy), followed by two the post leaves out. This order is an
 * inventory, not the order the API server tries them in: finding that order is part of lab 01.
 */
public enum AuthnMethod {
  /** --token-auth-file: a bearer token looked up in a CSV file. */
  TOKEN_FILE,
  /** --client-ca-file: a TLS client certificate signed by a trusted CA. */
  CLIENT_CERTIFICATE,
  /** --authentication-token-webhook-config-file: a bearer token sent to a webhook as a TokenReview. */
  WEBHOOK_TOKEN,
  /** --authentication-config (or --oidc-*): a bearer token that is a JWT from an identity provider. */
  OIDC,
  /** --requestheader-*: user and groups in X-Remote-* headers from an authenticating proxy. */
  AUTHENTICATING_PROXY,
  /** --service-account-*: a bearer token that is a service-account JWT. */
  SERVICE_ACCOUNT_TOKEN,
  /** --anonymous-auth: a request nobody recognised becomes system:anonymous. */
  ANONYMOUS
}
