package dev.authlab.pki;

import java.util.Objects;

/**
 * PEM input that cannot be used: no block of the expected type, a broken block, or DER inside that
 * is not what its label says. The message is one line naming the source (a file name, or
 * {@code input}) and what is wrong, e.g. {@code ca.crt: line 4: CERTIFICATE block is not valid base64}.
 *
 * <p>Unchecked because it reports the user's input, which a caller can only show and stop on (as
 * {@code ManifestException} does for manifests).
 */
public final class PemException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  public PemException(String source, String problem) {
    this(source, problem, null);
  }

  public PemException(String source, String problem, Throwable cause) {
    super(oneLine(Objects.requireNonNull(source, "source") + ": " + Objects.requireNonNull(problem, "problem")), cause);
    this.source = source;
    this.problem = problem;
  }

  /** The file name, or {@code input} for text passed in directly. */
  public String source() {
    return source;
  }

  /** What is wrong, without the source. */
  public String problem() {
    return problem;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
