package dev.authlab.authn.x509;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The parts of Go's {@code x509.VerifyOptions} that the API server sets: the trusted roots (the CA
 * bundle) and the acceptable extended key usages. As in Go, an empty {@code keyUsages} means server
 * authentication, and {@link ExtKeyUsage#ANY} accepts every chain. The current time and the
 * intermediates come with each verification (the clock, and the chain the client presented).
 */
public record VerifyOptions(List<X509Certificate> roots, List<ExtKeyUsage> keyUsages) {

  public VerifyOptions {
    roots = List.copyOf(roots);
    keyUsages = List.copyOf(keyUsages);
  }

  /** What kube-apiserver uses for client certificates: these roots, client authentication required. */
  public static VerifyOptions clientAuth(List<X509Certificate> roots) {
    return new VerifyOptions(roots, List.of(ExtKeyUsage.CLIENT_AUTH));
  }
}
