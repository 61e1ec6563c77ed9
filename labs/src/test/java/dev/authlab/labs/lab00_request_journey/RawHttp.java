package dev.authlab.labs.lab00_request_journey;

import dev.authlab.pki.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Plain HTTPS requests to an API server, to see the status it answers with: no Kubernetes client in
 * between (no retries, no token refresh), only the serving CA trusted and an optional bearer token.
 */
final class RawHttp {

  private final URI server;
  private final HttpClient client;

  RawHttp(URI server, String servingCaPem) {
    this.server = server;
    this.client = HttpClient.newBuilder()
        .sslContext(trusting(Pem.parseCertificates(servingCaPem)))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The status of METHOD PATH with this bearer token (or none); a body-carrying method sends an empty JSON object. */
  int status(String method, String path, Optional<String> bearerToken) {
    HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString("{}");
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .method(method, body);
    if (!method.equals("GET") && !method.equals("DELETE")) {
      request.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
    }
    bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + " was interrupted", e);
    }
  }

  private static SSLContext trusting(List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the API server's serving CA: " + e.getMessage(), e);
    }
  }
}
