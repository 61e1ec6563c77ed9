package dev.authlab.cluster;

/** No backend can start a control plane here; the message is one line saying why and what to do. */
public final class BackendUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String reason) {
    super(reason);
  }
}
