package dev.authlab.kubeconfig;

import java.util.Objects;

/**
 * A kubeconfig that cannot be read or used. The message is one line: where (the file, or
 * {@code input}) and what is wrong, e.g.
 * {@code /home/jane/.kube/config: context "dev" names user "jane", which is not in users}.
 *
 * <p>Unchecked for the reason {@code ManifestException} is: it reports the user's input.
 */
public final class KubeconfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String location;
  private final String problem;

  public KubeconfigException(String location, String problem) {
    this(location, problem, null);
  }

  public KubeconfigException(String location, String problem, Throwable cause) {
    super((Objects.requireNonNull(location, "location") + ": " + Objects.requireNonNull(problem, "problem"))
        .strip().replaceAll("\\s+", " "), cause);
    this.location = location;
    this.problem = problem;
  }

  /** The file, or {@code input}. */
  public String location() {
    return location;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
