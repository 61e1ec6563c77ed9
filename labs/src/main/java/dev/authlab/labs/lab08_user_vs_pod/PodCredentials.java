package dev.authlab.labs.lab08_user_vs_pod;

import java.nio.file.Path;
import java.util.Map;

/**
 * Lab 08, part 1: the credentials of a pod.
 *
 * <p>A person reaches the API server with a kubeconfig: a server URL, the CA that signed the server's
 * certificate, and a credential of their own. A pod has no kubeconfig. Instead the kubelet gives it
 * the same three things in other places:
 *
 * <ul>
 *   <li>the API server's address in the environment variables {@code KUBERNETES_SERVICE_HOST} and
 *       {@code KUBERNETES_SERVICE_PORT} (the {@code kubernetes} Service in the {@code default}
 *       namespace);
 *   <li>a projected service-account volume, normally at {@value #DEFAULT_DIRECTORY}, holding three
 *       files: {@code token} (a bound service-account token, a JWT), {@code ca.crt} (the cluster's
 *       CA, PEM) and {@code namespace} (the pod's namespace, as plain text).
 * </ul>
 *
 * <p>Client libraries call this "in-cluster configuration" (client-go's {@code rest.InClusterConfig}).
 * Here you write it yourself.
 */
public final class PodCredentials {

  /** Where the kubelet mounts the service-account volume in every container. */
  public static final String DEFAULT_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";

  public static final String HOST_VARIABLE = "KUBERNETES_SERVICE_HOST";
  public static final String PORT_VARIABLE = "KUBERNETES_SERVICE_PORT";

  private PodCredentials() {}

  /**
   * The pod's client configuration, from its service-account directory and its environment.
   *
   * <p>Return {@link PodConfig.InCluster} with a fabric8 {@link io.fabric8.kubernetes.client.Config}
   * whose
   *
   * <ul>
   *   <li>master URL is {@code https://HOST:PORT} from the two variables (an IPv6 address such as
   *       {@code fd00:10:96::1} needs brackets in a URL: {@code https://[fd00:10:96::1]:443});
   *   <li>CA is the contents of {@code ca.crt} (as CA data, or the file's path);
   *   <li>OAuth (bearer) token is the contents of {@code token};
   *   <li>namespace is the contents of {@code namespace}.
   * </ul>
   *
   * <p>Return {@link PodConfig.NotInCluster} when either variable is missing or empty (the code does
   * not run in a pod), or when the token file cannot be read (the pod was started with
   * {@code automountServiceAccountToken: false}).
   *
   * <p>Build the configuration from {@code Config.empty()} (for example
   * {@code new ConfigBuilder(Config.empty())}) so that nothing from your own machine (a
   * {@code ~/.kube/config}, system properties) leaks into it.
   *
   * @param serviceAccountDirectory the mounted volume (tests pass a temporary directory)
   * @param environment the container's environment variables (tests pass a map)
   */
  public static PodConfig fromPod(Path serviceAccountDirectory, Map<String, String> environment) {
    // TODO(lab 08): read the two variables and the three files, and build the fabric8 Config
    throw new UnsupportedOperationException("TODO(lab 08): PodCredentials.fromPod is not written yet");
  }
}
