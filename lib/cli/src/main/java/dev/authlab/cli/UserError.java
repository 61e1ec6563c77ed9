package dev.authlab.cli;

/** A mistake in what the user asked for: printed as one line, exit code 2, never a stack trace. */
public final class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
