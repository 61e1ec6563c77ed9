package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoStrings;
import java.util.Locale;

/**
 * --authentication-token-webhook-version: the authentication.k8s.io version of the TokenReview the
 * API server sends and expects back. Both carry the same fields. kube-apiserver's flag defaults to
 * v1beta1 for compatibility; the kit defaults to v1 and always writes the flag.
 */
public enum WebhookVersion {
  V1("v1"),
  V1BETA1("v1beta1");

  private final String value;

  WebhookVersion(String value) {
    this.value = value;
  }

  /** The flag value, e.g. "v1". */
  public String value() {
    return value;
  }

  /** The TokenReview apiVersion, e.g. "authentication.k8s.io/v1". */
  public String apiVersion() {
    return "authentication.k8s.io/" + value;
  }

  /** Parses a flag value, failing with kube-apiserver's message. */
  public static WebhookVersion parse(String value) {
    for (WebhookVersion version : values()) {
      if (version.value.equals(value)) {
        return version;
      }
    }
    throw new WebhookConfigException(String.format(Locale.ROOT,
        "unsupported authentication webhook version %s, supported versions are %s, %s",
        GoStrings.quote(value), GoStrings.quote(V1.value), GoStrings.quote(V1BETA1.value)));
  }
}
