package dev.authlab.authn.tokenfile;

import java.util.OptionalInt;

/**
 * A token file kube-apiserver would refuse to start with. The message is one line naming the file and
 * the line; {@link #upstreamError()} is the text kube-apiserver itself prints, which for CSV syntax
 * errors does not name the file. No token appears in either.
 */
public final class TokenFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final OptionalInt line;
  private final String upstreamError;

  TokenFileException(String message, String source, OptionalInt line, String upstreamError) {
    super(message);
    this.source = source;
    this.line = line;
    this.upstreamError = upstreamError;
  }

  /** The file (or source name) that was being read. */
  public String source() {
    return source;
  }

  /** The line the bad record starts on, when the problem is a record. */
  public OptionalInt line() {
    return line;
  }

  /** kube-apiserver's own error text for the same file. */
  public String upstreamError() {
    return upstreamError;
  }
}
