package dev.authlab.cluster;

/**
 * A control plane did not come up. The message says what failed first (which process exited, with
 * what code, or what did not become ready in time) and ends with the tail of the API server's log.
 */
public final class ControlPlaneStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ControlPlaneStartException(String message) {
    super(message);
  }

  public ControlPlaneStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
