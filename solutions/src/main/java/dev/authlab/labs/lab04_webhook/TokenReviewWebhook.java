package dev.authlab.labs.lab04_webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lab 04: your own token authentication webhook.
 *
 * <p>With --authentication-token-webhook-config-file, kube-apiserver hands every bearer token it
 * cannot place itself to a web service: it POSTs a TokenReview ({@code spec.token}, maybe
 * {@code spec.audiences}) and reads back the same TokenReview with {@code status} filled in. This
 * class is that service's decision and its HTTP handler; {@link WebhookServer} serves it over HTTPS.
 *
 * <p>Three answers, and the API server treats them differently:
 * <ul>
 *   <li>a token in {@link TokenDirectory#users()}: {@code status.authenticated = true} and
 *       {@code status.user} with the user's username, uid, groups and extra;
 *   <li>a revoked token: {@code status.authenticated = false} and {@code status.error} set to the
 *       reason from {@link TokenDirectory#revocationReason}, so the API server reports why;
 *   <li>any other token: not ours, so {@code status.authenticated = false} and no error, which lets
 *       the API server's other authenticators have a go.
 * </ul>
 * The answer is a TokenReview of the same {@code apiVersion} as the request (v1 or v1beta1) and
 * kind {@code TokenReview}; leave {@code status.audiences} empty (it then means "the audiences the
 * API server asked for").
 */
public final class TokenReviewWebhook implements HttpHandler {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final TokenDirectory directory;

  public TokenReviewWebhook(TokenDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Answers one TokenReview: a new TokenReview with the request's apiVersion, kind "TokenReview" and
   * the status described on the class. The fabric8 model classes are in
   * {@code io.fabric8.kubernetes.api.model.authentication} (TokenReviewStatus, UserInfo).
   */
  public TokenReview review(TokenReview request) {
    String token = request.getSpec() == null || request.getSpec().getToken() == null ? "" : request.getSpec().getToken();
    TokenReviewStatus status = new TokenReviewStatus();
    status.setAuthenticated(false);
    Optional<UserInfo> user = directory.user(token);
    if (user.isPresent()) {
      status.setAuthenticated(true);
      status.setUser(toStatusUser(user.get()));
    } else {
      // revoked: an error, so the API server stops and says why; unknown: no error, so others may try
      directory.revocationReason(token).ifPresent(status::setError);
    }
    TokenReview answer = new TokenReview();
    answer.setApiVersion(request.getApiVersion());
    answer.setKind("TokenReview");
    answer.setStatus(status);
    return answer;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      TokenReview request = JSON.readValue(exchange.getRequestBody().readAllBytes(), TokenReview.class);
      byte[] body = JSON.writeValueAsBytes(review(request));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static io.fabric8.kubernetes.api.model.authentication.UserInfo toStatusUser(UserInfo user) {
    io.fabric8.kubernetes.api.model.authentication.UserInfo info = new io.fabric8.kubernetes.api.model.authentication.UserInfo();
    info.setUsername(user.name());
    info.setUid(user.uid());
    info.setGroups(new ArrayList<>(user.groups()));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    user.extra().forEach((key, values) -> extra.put(key, new ArrayList<>(values)));
    info.setExtra(extra);
    return info;
  }
}
