package dev.authlab.cluster.kind;

import java.util.Objects;

/**
 * A file to write into the kind node before kube-apiserver is restarted.
 *
 * @param path absolute path inside the node
 * @param content the file's text (PEM, CSV, YAML)
 * @param mode POSIX permission bits, e.g. {@code 0600} for keys and tokens
 */
public record NodeFile(String path, String content, int mode) {

  /** Keys, tokens and kubeconfigs with credentials: readable by root (kube-apiserver) only. */
  public static final int PRIVATE = 0600;

  /** Certificates and public keys. */
  public static final int PUBLIC = 0644;

  public NodeFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(content, "content");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a node path must be absolute: " + path);
    }
  }

  @Override
  public String toString() {
    return "NodeFile[" + path + ", " + content.length() + " chars, mode " + Integer.toOctalString(mode) + "]";
  }
}
