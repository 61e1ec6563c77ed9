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

  private ApiServerOrder() {}

  /**
   * The configured methods, in the order kube-apiserver asks them about a request.
   *
   * @param configured the methods the API server was started with, in no particular order
   * @return the same methods, each once, first-asked first
   */
  public static List<AuthnMethod> arrange(Collection<AuthnMethod> configured) {
    // TODO(lab 01): return the configured methods in kube-apiserver's order (not the blog post's:
    //   look at ApiServerAuthenticator.order() in notebook 01). Leave out what is not configured.
    throw new UnsupportedOperationException("TODO(lab 01): put the methods in kube-apiserver's order in ApiServerOrder.arrange");
  }
}
