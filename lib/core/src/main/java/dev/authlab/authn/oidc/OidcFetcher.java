package dev.authlab.authn.oidc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the OIDC authenticator reaches the issuer: HTTP GETs of the discovery document, the JWKS and
 * distributed claims. Pluggable so tests need no network; {@link #https} is the real one, trusting the
 * issuer's certificateAuthority (or the JDK's roots when none is configured) with upstream's 30 second
 * timeout.
 */
@FunctionalInterface
public interface OidcFetcher {

  /** A response: status code and body. */
  record Response(int status, String body) {}

  /**
   * GETs {@code url}. An IOException's message is reported as Go's client error would be, after
   * {@code Get "<url>": }.
   */
  Response get(String url, Map<String, String> headers) throws IOException;

  Duration TIMEOUT = Duration.ofSeconds(30);

  /** Real HTTPS, trusting {@code caPem} when it is not empty, the JDK's default roots otherwise. */
  static OidcFetcher https(String caPem) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
    if (!caPem.isEmpty()) {
      builder.sslContext(sslContextTrusting(caPem));
    }
    HttpClient client = builder.build();
    return (url, headers) -> {
      HttpRequest.Builder request;
      try {
        request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
      } catch (IllegalArgumentException e) {
        throw new IOException("unsupported URL: " + e.getMessage(), e);
      }
      headers.forEach(request::header);
      try {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("context canceled", e);
      } catch (IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new IOException(message, e);
      }
    };
  }

  /** An SSLContext whose only trust anchors are the certificates in {@code caPem}. */
  static SSLContext sslContextTrusting(String caPem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IllegalArgumentException("Failed to read the CA contents: data does not contain any valid RSA or ECDSA certificates");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("Failed to read the CA contents: " + e.getMessage(), e);
    }
  }
}
