package dev.authlab.labs.lab11_new_joiner;

import dev.authlab.kubeconfig.Kubeconfigs;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;

/** Step 3: the joiner's kubeconfig, what {@code kubectl config set-cluster/set-credentials/set-context} writes. */
public final class JoinerKubeconfig {

  /** The cluster's name inside the kubeconfig. */
  public static final String CLUSTER = "authlab";

  private JoinerKubeconfig() {}

  /**
   * A kubeconfig with one cluster ({@value #CLUSTER}: the server URL and the CA that signed the API
   * server's certificate, as {@code certificate-authority-data}), one user (named {@code user}, with
   * the issued certificate and the private key as {@code client-certificate-data} and
   * {@code client-key-data}), and one context joining them, starting in {@code namespace}, which is
   * the current context.
   *
   * <p>The {@code -data} fields hold the PEM text base64-encoded. fabric8's
   * {@code io.fabric8.kubernetes.api.model.ConfigBuilder} builds the model;
   * {@code dev.authlab.kubeconfig.Kubeconfigs.forClientCertificate} builds most of it (it sets no
   * namespace).
   */
  public static Config build(String serverUrl, String servingCaPem, String user, String namespace, String certificatePem, String privateKeyPem) {
    Config config = Kubeconfigs.forClientCertificate(CLUSTER, serverUrl, servingCaPem, user, certificatePem, privateKeyPem);
    // the joiner's work is in the team's namespace, so kubectl should start there
    NamedContext context = config.getContexts().get(0);
    context.getContext().setNamespace(namespace);
    return config;
  }
}
