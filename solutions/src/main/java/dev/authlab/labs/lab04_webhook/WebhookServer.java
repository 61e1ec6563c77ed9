package dev.authlab.labs.lab04_webhook;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.authlab.authn.webhook.WebhookConfig;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Serves an {@link HttpHandler} over HTTPS on 127.0.0.1 at {@value #PATH} (given; nothing to do
 * here). The serving certificate comes from a throwaway CA made on start, so whoever calls the
 * webhook (the library, or kube-apiserver) can verify it: {@link #webhookConfig()} carries the URL
 * and that CA, the two things --authentication-token-webhook-config-file needs.
 */
public final class WebhookServer implements AutoCloseable {

  public static final String PATH = "/tokenreview";

  private final HttpsServer server;
  private final ExecutorService executor;
  private final String caPem;

  private WebhookServer(HttpsServer server, ExecutorService executor, String caPem) {
    this.server = server;
    this.executor = executor;
    this.caPem = caPem;
  }

  /** Starts serving {@code handler} on a free port. */
  public static WebhookServer start(HttpHandler handler) {
    CertificateAuthority ca = CertificateAuthority.selfSigned("lab04-webhook-ca", KeyAlgorithm.ECDSA_P256);
    IssuedCertificate serving = ca.issue(CertificateSpec.servingCertificate("lab04-webhook", "localhost", "127.0.0.1"));
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls(serving)));
      ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "lab04-webhook");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(executor);
      server.createContext(PATH, handler);
      server.start();
      return new WebhookServer(server, executor, ca.certificatePem());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot start the webhook on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /** Where TokenReviews are POSTed, e.g. https://127.0.0.1:40123/tokenreview. */
  public String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** The webhook kubeconfig's contents: this URL and the CA of the serving certificate. */
  public WebhookConfig webhookConfig() {
    return WebhookConfig.of(url(), caPem);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static SSLContext tls(IssuedCertificate serving) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "lab04".toCharArray();
    store.setKeyEntry("serving", serving.privateKey(), password, new Certificate[] {serving.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}
