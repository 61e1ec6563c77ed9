package dev.authlab.labs.support;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What became of a call to the API server, in the words a failure message needs. */
public final class Calls {

  private Calls() {}

  /** The HTTP status of a call: {@code success} when it returns, the API server's code when it is refused. */
  public static int statusOf(Runnable call, int success) {
    try {
      call.run();
      return success;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  /** {@link #statusOf(Runnable, int)} for a read or an update: 200 when it returns. */
  public static int statusOf(Runnable call) {
    return statusOf(call, 200);
  }

  /** The API server's own words for a refusal (the client's when the server sent none). */
  public static String message(KubernetesClientException e) {
    return e.getStatus() == null || e.getStatus().getMessage() == null ? String.valueOf(e.getMessage()) : e.getStatus().getMessage();
  }
}
