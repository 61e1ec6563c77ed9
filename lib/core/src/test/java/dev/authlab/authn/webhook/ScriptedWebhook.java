package dev.authlab.authn.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * An HTTPS server on 127.0.0.1 that answers with whatever the test scripts (status, headers, body,
 * delays, a body that never ends), to play webhooks that misbehave.
 */
final class ScriptedWebhook implements AutoCloseable {

  /** One scripted answer. */
  record Reply(int status, Map<String, String> headers, byte[] body, Duration delayBeforeHeaders, Duration stallAfterHeaders,
      long streamBytes) {

    static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), Duration.ZERO,
          Duration.ZERO, 0);
    }

    static Reply text(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8),
          Duration.ZERO, Duration.ZERO, 0);
    }

    static Reply raw(int status, Map<String, String> headers, byte[] body) {
      return new Reply(status, headers, body, Duration.ZERO, Duration.ZERO, 0);
    }

    Reply withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Reply(status, copy, body, delayBeforeHeaders, stallAfterHeaders, streamBytes);
    }

    Reply delayedBy(Duration delay) {
      return new Reply(status, headers, body, delay, stallAfterHeaders, streamBytes);
    }

    Reply stallingAfterHeaders(Duration stall) {
      return new Reply(status, headers, body, delayBeforeHeaders, stall, streamBytes);
    }

    /** Streams this many filler bytes after the body (chunked), to play a huge response. */
    Reply streaming(long bytes) {
      return new Reply(status, headers, body, delayBeforeHeaders, stallAfterHeaders, bytes);
    }
  }

  /** What the server saw of one request. */
  record Seen(String method, String uri, String body) {}

  private final LocalAuthority authority = LocalAuthority.create("scripted-webhook-ca", Clock.systemUTC());
  private final HttpsServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
    Thread thread = new Thread(runnable, "scripted-webhook");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicReference<Seen> last = new AtomicReference<>();
  private volatile Function<Integer, Reply> script;

  ScriptedWebhook(Function<Integer, Reply> script) throws IOException {
    this.script = script;
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(authority.serverContext(authority.issueLocalServer(), List.of())));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static ScriptedWebhook always(Reply reply) throws IOException {
    return new ScriptedWebhook(call -> reply);
  }

  void script(Function<Integer, Reply> newScript) {
    this.script = newScript;
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/authenticate";
  }

  String caPem() {
    return authority.certificatePem();
  }

  WebhookConfig config() {
    return WebhookConfig.of(url(), caPem());
  }

  int calls() {
    return calls.get();
  }

  void resetCalls() {
    calls.set(0);
  }

  Seen last() {
    return last.get();
  }

  private void handle(HttpExchange exchange) {
    int call = calls.incrementAndGet();
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      last.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body));
      Reply reply = script.apply(call);
      if (!reply.delayBeforeHeaders().isZero()) {
        Thread.sleep(reply.delayBeforeHeaders().toMillis());
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      boolean streaming = reply.streamBytes() > 0 || !reply.stallAfterHeaders().isZero();
      exchange.sendResponseHeaders(reply.status(), streaming ? 0 : (reply.body().length == 0 ? -1 : reply.body().length));
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
        out.flush();
        if (!reply.stallAfterHeaders().isZero()) {
          Thread.sleep(reply.stallAfterHeaders().toMillis());
        }
        byte[] filler = new byte[64 * 1024];
        java.util.Arrays.fill(filler, (byte) ' ');
        for (long sent = 0; sent < reply.streamBytes(); sent += filler.length) {
          out.write(filler);
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away (timeouts, size limits): nothing to answer
    }
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
}
