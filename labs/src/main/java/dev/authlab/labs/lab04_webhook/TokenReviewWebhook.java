package dev.authlab.labs.lab04_webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import java.io.IOException;
import java.util.Objects;
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
    // TODO(lab 04): look up request.getSpec().getToken() in the directory and build the answer:
    //   known token -> authenticated, with the user; revoked -> not authenticated, with the reason as
    //   status.error; unknown -> not authenticated, no error. Echo the request's apiVersion.
    throw new UnsupportedOperationException("TODO(lab 04): answer the TokenReview in TokenReviewWebhook.review");
  }

  /**
   * The HTTP side: the API server POSTs a TokenReview as JSON; answer 200 with the reviewed
   * TokenReview as JSON ({@code Content-Type: application/json}).
   */
  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // TODO(lab 04): read the request body into a TokenReview with JSON.readValue(bytes, TokenReview.class),
    //   call review(..), and send the answer back: status 200, Content-Type application/json, the
    //   answer written with JSON.writeValueAsBytes(..). Close the exchange when done.
    throw new UnsupportedOperationException("TODO(lab 04): serve TokenReviews in TokenReviewWebhook.handle");
  }
}
