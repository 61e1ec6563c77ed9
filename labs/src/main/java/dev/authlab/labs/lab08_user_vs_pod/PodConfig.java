package dev.authlab.labs.lab08_user_vs_pod;

import io.fabric8.kubernetes.client.Config;
import java.util.Objects;

/**
 * What {@link PodCredentials#fromPod} found: a client configuration for the API server (the code runs
 * in a pod), or the reason it does not run in one. Given; nothing to do here.
 */
public sealed interface PodConfig permits PodConfig.InCluster, PodConfig.NotInCluster {

  /** The API server's URL, its CA, the pod's token and namespace, ready for a fabric8 client. */
  record InCluster(Config config) implements PodConfig {
    public InCluster {
      Objects.requireNonNull(config, "config");
    }
  }

  /** Not in a pod (or the pod has no service-account token mounted): why, in plain words. */
  record NotInCluster(String reason) implements PodConfig {
    public NotInCluster {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
