package dev.authlab.labs.lab01_authentication_workflow;

import java.util.Collection;
import java.util.List;

/**
 * Lab 01, part 2: the order in which kube-apiserver consults the authentication methods it was
 * configured with (notebook 01, section 1). The graded checks compare your order with the one the
 * kit's {@code dev.authlab.authn.ApiServerAuthenticator} builds from the same methods (so asking it
 * for its order does not pass them), and then use your order, with your {@link FirstSuccessChain},
 * to predict which user a real API server sees for a request that carries two credentials at once.
 */
public final class ApiServerOrder {

  /**
   * The proxy and certificates are read from the connection and headers; then one union holds every
   * bearer-token method in a fixed order; anonymous is the fallback after all of them.
   */
  private static final List<AuthnMethod> KUBE_APISERVER = List.of(
      AuthnMethod.AUTHENTICATING_PROXY,
      AuthnMethod.CLIENT_CERTIFICATE,
      AuthnMethod.TOKEN_FILE,
      AuthnMethod.SERVICE_ACCOUNT_TOKEN,
      AuthnMethod.OIDC,
      AuthnMethod.WEBHOOK_TOKEN,
      AuthnMethod.ANONYMOUS);

  private ApiServerOrder() {}

  /**
   * The configured methods, in the order kube-apiserver asks them about a request.
   *
   * @param configured the methods the API server was started with, in no particular order
   * @return the same methods, each once, first-asked first
   */
  public static List<AuthnMethod> arrange(Collection<AuthnMethod> configured) {
    return KUBE_APISERVER.stream().filter(configured::contains).toList();
  }
}
