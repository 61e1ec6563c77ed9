package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoDurations;
import dev.authlab.gofmt.GoStrings;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * One HTTP exchange with the webhook, the way client-go's REST client makes it for kube-apiserver:
 * a POST to the configured URL's path (cleaned, with {@code ?timeout=30s}), TLS from the kubeconfig,
 * a 30-second limit on the whole exchange, and transport errors worded as Go words them
 * ({@code Post "https://…": dial tcp …: connect: connection refused}).
 */
final class WebhookTransport {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final String USER_AGENT = "kube-apiserver (authlab)";

  /** What one exchange gave: a response (any status), or a transport failure in Go's words. */
  sealed interface Exchange permits Response, Failure {}

  record Response(int status, Optional<String> contentType, Optional<String> retryAfter, byte[] body) implements Exchange {}

  /** {@code connectionReset}: the one transport error apimachinery's DefaultShouldRetry retries. */
  record Failure(String error, boolean connectionReset) implements Exchange {}

  private final URI endpoint;
  private final String shownUrl;
  private final Optional<HttpClient> client;
  private final Optional<String> bearerToken;
  private final Duration timeout;
  private final int maxResponseBytes;

  private WebhookTransport(
      URI endpoint, Optional<HttpClient> client, Optional<String> bearerToken, Duration timeout, int maxResponseBytes) {
    this.endpoint = endpoint;
    this.shownUrl = endpoint.toASCIIString();
    this.client = client;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** Checks everything kube-apiserver checks when it builds the client, with client-go's messages. */
  static void checkConfig(WebhookConfig config) {
    endpoint(config, DEFAULT_TIMEOUT);
    if (config.tlsVerification() == WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY && config.certificateAuthorityPem().isPresent()) {
      throw new WebhookConfigException("specifying a root certificates file with the insecure flag is not allowed");
    }
    roots(config);
    keyManagers(config);
  }

  static WebhookTransport create(WebhookConfig config, Duration timeout, Clock clock, int maxResponseBytes) {
    checkConfig(config);
    URI endpoint = endpoint(config, timeout);
    Optional<HttpClient> client = Optional.empty();
    String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      HttpClient.Builder builder = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER);
      if (!timeout.isZero() && !timeout.isNegative()) {
        builder.connectTimeout(timeout);
      }
      if (scheme.equals("https")) {
        builder.sslContext(sslContext(config, endpoint, clock));
      }
      client = Optional.of(builder.build());
    }
    return new WebhookTransport(endpoint, client, config.bearerToken(), timeout, maxResponseBytes);
  }

  /** The URL requests go to, as it appears in Go's error messages. */
  String url() {
    return shownUrl;
  }

  // ---- configuration

  /**
   * client-go's DefaultServerURL and Request.URL: a bare host:port gets https:// when TLS is
   * configured; the path is path.Join("/", path) (trailing slash dropped); the query is replaced by
   * the client timeout.
   */
  static URI endpoint(WebhookConfig config, Duration timeout) {
    String server = config.server();
    boolean tls = config.certificateAuthorityPem().isPresent() || config.clientCertificate().isPresent()
        || config.tlsVerification() == WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY;
    URI parsed = tryParse(server).filter(u -> u.getScheme() != null && u.getRawAuthority() != null && u.getHost() != null).orElse(null);
    if (parsed == null) {
      parsed = tryParse((tls ? "https://" : "http://") + server)
          .filter(u -> u.getHost() != null)
          .orElseThrow(() -> new WebhookConfigException("parse " + GoStrings.quote(server) + ": invalid URL"));
      String path = parsed.getPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new WebhookConfigException("host must be a URL or a host:port pair: " + GoStrings.quote(server));
      }
    }
    String path = cleanPath("/" + (parsed.getPath() == null ? "" : parsed.getPath()));
    String query = timeout.isZero() || timeout.isNegative() ? null : "timeout=" + GoDurations.format(timeout);
    try {
      return new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), path, query, null);
    } catch (URISyntaxException e) {
      throw new WebhookConfigException("parse " + GoStrings.quote(server) + ": " + e.getReason());
    }
  }

  private static Optional<URI> tryParse(String s) {
    try {
      return Optional.of(new URI(s));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Go's path.Clean for an absolute path. */
  static String cleanPath(String path) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
        continue;
      }
      parts.addLast(part);
    }
    return "/" + String.join("/", parts);
  }

  private static Optional<List<X509Certificate>> roots(WebhookConfig config) {
    if (config.certificateAuthorityPem().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pems.rootCertificates(config.certificateAuthorityPem().get()));
    } catch (IllegalArgumentException e) {
      throw new WebhookConfigException(e.getMessage());
    }
  }

  private static KeyManager[] keyManagers(WebhookConfig config) {
    if (config.clientCertificate().isEmpty()) {
      return null;
    }
    try {
      WebhookConfig.ClientCertificate client = config.clientCertificate().get();
      return Pems.keyManagers(client.certificatePem(), client.privateKeyPem());
    } catch (IllegalArgumentException e) {
      throw new WebhookConfigException(e.getMessage());
    }
  }

  private static SSLContext sslContext(WebhookConfig config, URI endpoint, Clock clock) {
    GoTrustManager trust = config.tlsVerification() == WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY
        ? GoTrustManager.insecure()
        : GoTrustManager.verifying(roots(config), config.tlsServerName().orElse(unbracket(endpoint.getHost())), clock);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(config), new TrustManager[] {trust}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new WebhookConfigException("cannot set up TLS: " + e.getClass().getSimpleName());
    }
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  // ---- one exchange

  Exchange post(byte[] body) {
    String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (client.isEmpty()) {
      return failure("unsupported protocol scheme " + GoStrings.quote(scheme), false);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, */*")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    boolean limited = !timeout.isZero() && !timeout.isNegative();
    if (limited) {
      request.timeout(timeout);
    }
    long deadline = System.nanoTime() + (limited ? timeout.toNanos() : Long.MAX_VALUE / 2);
    LimitedBody handler = new LimitedBody(maxResponseBytes);
    CompletableFuture<HttpResponse<byte[]>> future;
    try {
      future = client.get().sendAsync(request.build(), handler);
    } catch (IllegalArgumentException e) {
      return failure(String.valueOf(e.getMessage()), false);
    }
    future.whenComplete((response, error) -> {
      if (error != null) {
        handler.headers.completeExceptionally(error);
      }
    });
    HttpResponse.ResponseInfo info;
    try {
      info = handler.headers.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return failure("context deadline exceeded (Client.Timeout exceeded while awaiting headers)", false);
    } catch (ExecutionException e) {
      return describe(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return failure("context canceled", false);
    }
    byte[] bytes;
    try {
      bytes = future.get(remaining(deadline), TimeUnit.NANOSECONDS).body();
    } catch (TimeoutException e) {
      handler.cancel();
      future.cancel(true);
      return bodyFailure("context deadline exceeded (Client.Timeout or context cancellation while reading body)");
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e.getCause());
      if (cause instanceof TooLarge) {
        return bodyFailure("response body is larger than " + maxResponseBytes + " bytes (authlab's limit)");
      }
      return bodyFailure(describeCause(cause).error());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handler.cancel();
      return bodyFailure("context canceled");
    } catch (CancellationException e) {
      return bodyFailure("context canceled");
    }
    return new Response(info.statusCode(), info.headers().firstValue("Content-Type"), info.headers().firstValue("Retry-After"), bytes);
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private Failure failure(String error, boolean reset) {
    // url.Error: Op is the method with Go's capitalisation, URL quoted
    return new Failure("Post " + GoStrings.quote(shownUrl) + ": " + error, reset);
  }

  private static Failure bodyFailure(String error) {
    return new Failure("unexpected error when reading response body. Please retry. Original error: " + error, false);
  }

  private Failure describe(Throwable error) {
    Failure bare = describeCause(unwrap(error));
    return failure(bare.error(), bare.connectionReset());
  }

  /** Go's words for a Java transport error, without the "Post URL:" prefix. */
  private Failure describeCause(Throwable error) {
    String hostPort = endpoint.getHost() + ":" + port();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof GoTrustManager.GoCertificateException go) {
        return new Failure(go.getMessage(), false);
      }
    }
    if (error instanceof HttpConnectTimeoutException) {
      return new Failure("dial tcp " + hostPort + ": i/o timeout", false);
    }
    if (error instanceof HttpTimeoutException) {
      return new Failure("context deadline exceeded (Client.Timeout exceeded while awaiting headers)", false);
    }
    if (error instanceof ConnectException && !(error.getCause() instanceof UnresolvedAddressException)) {
      return new Failure("dial tcp " + hostPort + ": connect: connection refused", false);
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new Failure("dial tcp: lookup " + unbracket(endpoint.getHost()) + ": no such host", false);
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof SSLException && message.startsWith("Received fatal alert: ")) {
        return new Failure("remote error: tls: " + alert(message.substring("Received fatal alert: ".length())), false);
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("connection reset")) {
        return new Failure("read tcp " + hostPort + ": read: connection reset by peer", true);
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof EOFException || message.contains("received no bytes") || message.contains("closed")) {
        return new Failure("EOF", false);
      }
    }
    if (error instanceof SSLException) {
      return new Failure("tls: handshake failure", false);
    }
    String message = error.getMessage() == null ? "" : ": " + error.getMessage().lines().findFirst().orElse("");
    return new Failure(error.getClass().getSimpleName() + message, false);
  }

  private int port() {
    if (endpoint.getPort() >= 0) {
      return endpoint.getPort();
    }
    return endpoint.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** Go's names for TLS alerts. */
  private static String alert(String javaName) {
    return switch (javaName) {
      case "bad_certificate" -> "bad certificate";
      case "unknown_ca" -> "unknown certificate authority";
      case "certificate_required" -> "certificate required";
      case "handshake_failure" -> "handshake failure";
      case "certificate_unknown" -> "unknown certificate";
      case "certificate_expired" -> "expired certificate";
      case "protocol_version" -> "protocol version not supported";
      case "internal_error" -> "internal error";
      default -> javaName.replace('_', ' ');
    };
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** The body is over the limit; reading stopped. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Hands over the status and headers as soon as they arrive (so the time limit can tell "awaiting
   * headers" from "reading body", as Go does) and collects the body up to a limit.
   */
  private static final class LimitedBody implements HttpResponse.BodyHandler<byte[]> {
    final CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();
    private final int limit;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

    LimitedBody(int limit) {
      this.limit = limit;
    }

    void cancel() {
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      headers.complete(info);
      return new HttpResponse.BodySubscriber<>() {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        @Override
        public CompletionStage<byte[]> getBody() {
          return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription.set(s);
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
          if (result.isDone()) {
            return;
          }
          for (ByteBuffer buffer : buffers) {
            if (out.size() + buffer.remaining() > limit) {
              cancel();
              result.completeExceptionally(new TooLarge());
              return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk, 0, chunk.length);
          }
        }

        @Override
        public void onError(Throwable throwable) {
          result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
          result.complete(out.toByteArray());
        }
      };
    }
  }
}
