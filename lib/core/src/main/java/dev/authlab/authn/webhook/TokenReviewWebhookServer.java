package dev.authlab.authn.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token authentication webhook on 127.0.0.1 (a free port, HTTPS with a serving certificate for
 * 127.0.0.1 and localhost from its own throwaway CA) around a {@link TokenReviewHandler}: it answers
 * POSTed TokenReviews (authentication.k8s.io/v1 or v1beta1, answered in the same version) with the
 * status filled in. A bad body gets 400 with the reason, another method 405, another path 404, a
 * handler that throws 500. It counts requests, so tests can see the API server's cache at work.
 *
 * <p>{@link #webhookConfig()} points a {@link WebhookConfig} at it, for the library or, written with
 * {@link WebhookConfig#writeApiServerConfig}, for a real kube-apiserver on the same host.
 */
public final class TokenReviewWebhookServer implements AutoCloseable {

  public static final String DEFAULT_PATH = "/tokenreview";
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** A TokenReview as the server received it. The token is never shown by {@link #toString()}. */
  public record ReceivedReview(
      String apiVersion, String token, List<String> audiences, String requestUri, Map<String, List<String>> headers) {
    public ReceivedReview {
      audiences = List.copyOf(audiences);
      Map<String, List<String>> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** A header's first value; names are lower case. */
    public Optional<String> header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String toString() {
      return "ReceivedReview[apiVersion=" + apiVersion + ", token=<redacted>, audiences=" + audiences + ", requestUri=" + requestUri + "]";
    }
  }

  private final TokenReviewHandler handler;
  private final String path;
  private final int maxRequestBytes;
  private final LocalAuthority authority;
  private final HttpsServer server;
  private final ExecutorService executor;
  private final URI url;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger reviews = new AtomicInteger();
  private final AtomicReference<ReceivedReview> last = new AtomicReference<>();

  private TokenReviewWebhookServer(Builder builder) throws IOException {
    this.handler = builder.handler;
    this.path = builder.path;
    this.maxRequestBytes = builder.maxRequestBytes;
    this.authority = LocalAuthority.create("authlab-webhook-ca", builder.clock);
    SSLContext tls = authority.serverContext(authority.issueLocalServer(), builder.clientCas);
    boolean requireClientCertificates = !builder.clientCas.isEmpty();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    this.server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setNeedClientAuth(requireClientCertificates);
        params.setSSLParameters(parameters);
      }
    });
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "authlab-webhook-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.executor = Executors.newFixedThreadPool(8, factory);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Starts a webhook at {@value #DEFAULT_PATH} that does not ask for client certificates. */
  public static TokenReviewWebhookServer start(TokenReviewHandler handler) {
    return builder(handler).start();
  }

  public static Builder builder(TokenReviewHandler handler) {
    return new Builder(handler);
  }

  public static final class Builder {
    private final TokenReviewHandler handler;
    private String path = DEFAULT_PATH;
    private List<X509Certificate> clientCas = List.of();
    private Clock clock = Clock.systemUTC();
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

    private Builder(TokenReviewHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** The path TokenReviews are posted to; others get 404. */
    public Builder path(String value) {
      if (!value.startsWith("/")) {
        throw new IllegalArgumentException("the webhook path must start with /: " + value);
      }
      this.path = value;
      return this;
    }

    /**
     * Requires the caller (the API server) to present a client certificate signed by one of the CAs
     * in this PEM, as a webhook should when it trusts its callers by certificate.
     */
    public Builder requireClientCertificates(String caPem) {
      try {
        this.clientCas = Pems.rootCertificates(caPem);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("client CA: " + e.getMessage());
      }
      return this;
    }

    /** The clock the serving certificate's validity starts from. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder maxRequestBytes(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxRequestBytes must be positive");
      }
      this.maxRequestBytes = value;
      return this;
    }

    public TokenReviewWebhookServer start() {
      try {
        return new TokenReviewWebhookServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the webhook server on 127.0.0.1: " + e.getMessage(), e);
      }
    }
  }

  /** Where to POST TokenReviews, e.g. https://127.0.0.1:43123/tokenreview. */
  public URI url() {
    return url;
  }

  /** The CA certificate (PEM) that signed the serving certificate. */
  public String caPem() {
    return authority.certificatePem();
  }

  /** A configuration pointing at this server (CA included), with the default TTL and version v1. */
  public WebhookConfig webhookConfig() {
    return WebhookConfig.of(url.toString(), caPem());
  }

  /** Every HTTP request received, good or bad. */
  public int requestCount() {
    return requests.get();
  }

  /** TokenReviews handed to the handler. */
  public int reviewCount() {
    return reviews.get();
  }

  /** The last TokenReview handed to the handler. */
  public Optional<ReceivedReview> lastReview() {
    return Optional.ofNullable(last.get());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- HTTP

  private void handle(HttpExchange exchange) {
    requests.incrementAndGet();
    try (exchange) {
      URI requestUri = exchange.getRequestURI();
      if (!requestUri.getPath().equals(path)) {
        send(exchange, 404, "text/plain; charset=utf-8", "unexpected path: " + requestUri.getPath());
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        send(exchange, 405, "text/plain; charset=utf-8", "unexpected method: " + exchange.getRequestMethod());
        return;
      }
      byte[] body = readLimited(exchange.getRequestBody(), maxRequestBytes);
      if (body.length > maxRequestBytes) {
        // read (and drop) a bounded rest first, so the client gets to see the answer instead of a reset
        drain(exchange.getRequestBody(), 64L * 1024 * 1024);
        send(exchange, 413, "text/plain; charset=utf-8", "request body is larger than " + maxRequestBytes + " bytes");
        return;
      }
      TokenReview review;
      try {
        review = JSON.readValue(body, TokenReview.class);
      } catch (JacksonException e) {
        send(exchange, 400, "text/plain; charset=utf-8", "failed to decode body: " + oneLine(e.getOriginalMessage()));
        return;
      }
      if (review == null) {
        send(exchange, 400, "text/plain; charset=utf-8", "failed to decode body: expected a TokenReview object");
        return;
      }
      String apiVersion = review.getApiVersion() == null ? "" : review.getApiVersion();
      if (!apiVersion.equals(WebhookVersion.V1.apiVersion()) && !apiVersion.equals(WebhookVersion.V1BETA1.apiVersion())) {
        send(exchange, 400, "text/plain; charset=utf-8", "wrong api version: " + GoStrings.quote(apiVersion)
            + ", expected authentication.k8s.io/v1 or authentication.k8s.io/v1beta1");
        return;
      }
      if (!"TokenReview".equals(review.getKind())) {
        send(exchange, 400, "text/plain; charset=utf-8", "wrong kind: " + GoStrings.quote(String.valueOf(review.getKind()))
            + ", expected TokenReview");
        return;
      }
      TokenReviewSpec spec = normalise(review.getSpec());
      reviews.incrementAndGet();
      last.set(new ReceivedReview(apiVersion, spec.getToken(), spec.getAudiences(), requestUri.toString(), headers(exchange)));
      TokenReviewDecision decision;
      try {
        decision = Objects.requireNonNull(handler.review(spec), "the handler returned no decision");
      } catch (RuntimeException e) {
        send(exchange, 500, "text/plain; charset=utf-8", "token review handler failed: " + e.getClass().getSimpleName());
        return;
      }
      TokenReview answer = new TokenReview();
      answer.setApiVersion(apiVersion);
      answer.setKind("TokenReview");
      answer.setStatus(status(decision));
      send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    } catch (IOException | RuntimeException e) {
      // the exchange is closed by try-with-resources; the client sees a broken response
    }
  }

  private static TokenReviewSpec normalise(TokenReviewSpec spec) {
    TokenReviewSpec copy = new TokenReviewSpec();
    copy.setToken(spec == null || spec.getToken() == null ? "" : spec.getToken());
    List<String> audiences = new ArrayList<>();
    if (spec != null && spec.getAudiences() != null) {
      spec.getAudiences().forEach(audience -> audiences.add(audience == null ? "" : audience));
    }
    copy.setAudiences(audiences);
    return copy;
  }

  /** The status a decision becomes. */
  static TokenReviewStatus status(TokenReviewDecision decision) {
    TokenReviewStatus status = new TokenReviewStatus();
    if (decision instanceof TokenReviewDecision.Authenticate authenticate) {
      UserInfo user = authenticate.user();
      io.fabric8.kubernetes.api.model.authentication.UserInfo info = new io.fabric8.kubernetes.api.model.authentication.UserInfo();
      info.setUsername(user.name());
      if (!user.uid().isEmpty()) {
        info.setUid(user.uid());
      }
      if (!user.groups().isEmpty()) {
        info.setGroups(new ArrayList<>(user.groups()));
      }
      if (!user.extra().isEmpty()) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        user.extra().forEach((k, v) -> extra.put(k, new ArrayList<>(v)));
        info.setExtra(extra);
      }
      status.setAuthenticated(true);
      status.setUser(info);
      if (!authenticate.audiences().isEmpty()) {
        status.setAudiences(new ArrayList<>(authenticate.audiences()));
      }
    } else if (decision instanceof TokenReviewDecision.Reject reject) {
      status.setAuthenticated(false);
      if (!reject.error().isEmpty()) {
        status.setError(reject.error());
      }
    } else {
      status.setAuthenticated(false);
    }
    return status;
  }

  private static Map<String, List<String>> headers(HttpExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return headers;
  }

  private static byte[] readLimited(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit + 1);
  }

  private static void drain(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int read;
    while (total < limit && (read = in.read(buffer)) >= 0) {
      total += read;
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String oneLine(String message) {
    String first = message == null ? "invalid JSON" : message.lines().findFirst().orElse("invalid JSON");
    return first.length() > 200 ? first.substring(0, 200) + "…" : first;
  }

  @Override
  public String toString() {
    return "TokenReviewWebhookServer[" + url + "]";
  }
}
