package dev.authlab.authn.webhook;

/**
 * A webhook configuration kube-apiserver would refuse to start with: an unreadable or invalid
 * kubeconfig file, bad certificate data, an unsupported version. The message is one line and names
 * the file when there is one; it never contains keys or tokens.
 */
public final class WebhookConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public WebhookConfigException(String message) {
    super(message);
  }
}
