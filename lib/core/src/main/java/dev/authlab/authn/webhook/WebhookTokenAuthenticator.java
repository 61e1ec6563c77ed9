package dev.authlab.authn.webhook;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoDurations;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook token authenticator (--authentication-token-webhook-config-file): sends each bearer
 * token to a remote service as a TokenReview and believes its answer.
 *
 * <ul>
 *   <li>Transport and HTTP errors are Failed with Go's error text; 429, 5xx (except 503 without
 *       Retry-After) and connection resets are retried with exponential backoff first.
 *   <li>When the request expects audiences they go in spec.audiences. The token is good for the
 *       audiences the webhook lists in status.audiences, or, when it lists none, for the API
 *       server's own (--api-audiences); if none of them was expected: no opinion, even before
 *       looking at status.authenticated.
 *   <li>status.authenticated false: Failed with status.error when the webhook gave one, else no
 *       opinion.
 *   <li>Otherwise the user is status.user, exactly as given (an empty username included).
 * </ul>
 *
 * kube-apiserver wraps it in a token cache; {@link WebhookConfig#authenticator} does too.
 */
public final class WebhookTokenAuthenticator implements TokenAuthenticator {

  public static final String NAME = "webhook";

  /** client-go's REST client follows Retry-After on 429/5xx this many times within one attempt. */
  static final int MAX_RETRY_AFTER_RETRIES = 10;

  /** kube-apiserver reads bodies whole; the kit stops here so a hostile webhook cannot exhaust memory. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final WebhookTransport transport;
  private final WebhookVersion version;
  private final List<String> implicitAudiences;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  private WebhookTokenAuthenticator(Builder builder) {
    this.transport = WebhookTransport.create(builder.config, builder.requestTimeout, builder.clock, builder.maxResponseBytes);
    this.version = builder.config.version();
    this.implicitAudiences = builder.implicitAudiences;
    this.backoff = builder.backoff;
    this.sleeper = builder.sleeper;
    this.jitter = builder.jitter;
  }

  public static Builder builder(WebhookConfig config) {
    return new Builder(config);
  }

  /** Settings kube-apiserver fixes in code rather than flags; tests change them. */
  public static final class Builder {
    private final WebhookConfig config;
    private List<String> implicitAudiences = List.of();
    private Backoff backoff = Backoff.DEFAULT;
    private Sleeper sleeper = Sleeper.system();
    private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
    private Duration requestTimeout = WebhookTransport.DEFAULT_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    private Builder(WebhookConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The API server's --api-audiences: what a token is good for when the webhook names no audiences. */
    public Builder implicitAudiences(List<String> audiences) {
      this.implicitAudiences = List.copyOf(audiences);
      return this;
    }

    public Builder retryBackoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    public Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /** The random numbers (in [0, 1)) behind the backoff jitter. */
    public Builder jitter(DoubleSupplier value) {
      this.jitter = Objects.requireNonNull(value, "jitter");
      return this;
    }

    /** The limit on one whole HTTP exchange (client-go: 30s); zero for none. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = Objects.requireNonNull(value, "requestTimeout");
      return this;
    }

    /** The clock certificate validity is checked against. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder maxResponseBytes(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive");
      }
      this.maxResponseBytes = value;
      return this;
    }

    /** @throws WebhookConfigException when kube-apiserver would refuse the configuration */
    public WebhookTokenAuthenticator build() {
      return new WebhookTokenAuthenticator(this);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public List<String> implicitAudiences() {
    return implicitAudiences;
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    List<String> wanted = List.copyOf(audiences);
    byte[] body = requestBody(token, wanted);
    Trace trace = Trace.of(NAME, Trace.Verdict.NOTE, "POST " + transport.url() + " (TokenReview " + version.apiVersion()
        + (wanted.isEmpty() ? "" : ", spec.audiences " + wanted) + ")");
    List<Duration> waits = backoff.waits(jitter);
    WebhookResponses.CallError last = null;
    WebhookResponses.ReviewStatus status = null;
    for (int attempt = 1; attempt <= backoff.steps(); attempt++) {
      Attempt result = attempt(body);
      trace = trace.then(result.trace());
      if (result.outcome() instanceof WebhookResponses.Reviewed reviewed) {
        status = reviewed.status();
        break;
      }
      last = ((WebhookResponses.Errored) result.outcome()).error();
      if (!WebhookResponses.shouldRetry(last) || attempt == backoff.steps()) {
        break;
      }
      Duration wait = waits.get(attempt - 1);
      trace = trace.then(NAME, Trace.Verdict.NOTE, "attempt " + attempt + " of " + backoff.steps() + " failed (" + last.message()
          + "); retrying in " + GoDurations.format(wait));
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (status == null) {
      String error = Objects.requireNonNull(last, "no attempt was made").message();
      return new AuthnResult.Failed(error, trace.then(NAME, Trace.Verdict.FAILED, error));
    }
    return judge(status, wanted, trace);
  }

  /** The answer, read as upstream reads it: audiences first, then authenticated, then the user. */
  private AuthnResult judge(WebhookResponses.ReviewStatus status, List<String> wanted, Trace trace) {
    List<String> granted = List.of();
    if (!wanted.isEmpty()) {
      boolean fromWebhook = !status.audiences().isEmpty();
      List<String> got = fromWebhook ? status.audiences() : implicitAudiences;
      granted = intersect(wanted, got);
      if (granted.isEmpty()) {
        String why = fromWebhook
            ? "the webhook said the token is for " + status.audiences() + ", none of the expected audiences " + wanted
            : "the webhook named no audiences, so the token is taken to be for the API server's own " + implicitAudiences
                + ", none of the expected audiences " + wanted;
        return new AuthnResult.NoOpinion(why, trace.then(NAME, Trace.Verdict.NO_OPINION, why));
      }
    }
    if (!status.authenticated()) {
      if (!status.error().isEmpty()) {
        return new AuthnResult.Failed(status.error(), trace.then(NAME, Trace.Verdict.FAILED, status.error()));
      }
      String why = "the webhook did not authenticate the token (status.authenticated is false, no status.error)";
      return new AuthnResult.NoOpinion(why, trace.then(NAME, Trace.Verdict.NO_OPINION, why));
    }
    UserInfo user = new UserInfo(status.username(), status.uid(), status.groups(), status.extra());
    String why = "the webhook authenticated the token as " + GoStrings.quote(user.name())
        + (user.groups().isEmpty() ? "" : " in groups " + user.groups())
        + (granted.isEmpty() ? "" : " for audiences " + granted);
    return new AuthnResult.Authenticated(user, granted, trace.then(NAME, Trace.Verdict.AUTHENTICATED, why));
  }

  /** authenticator.Audiences.Intersect: the webhook's audiences, in its order, that were wanted. */
  static List<String> intersect(List<String> wanted, List<String> got) {
    List<String> selected = new ArrayList<>();
    for (String audience : got) {
      if (wanted.contains(audience)) {
        selected.add(audience);
      }
    }
    return List.copyOf(selected);
  }

  private record Attempt(WebhookResponses.Outcome outcome, Trace trace) {}

  /** One attempt: one request, plus client-go's own retries when the webhook sends Retry-After. */
  private Attempt attempt(byte[] body) {
    Trace trace = Trace.empty();
    for (int retry = 0; ; retry++) {
      WebhookTransport.Exchange exchange = transport.post(body);
      if (exchange instanceof WebhookTransport.Failure failure) {
        return new Attempt(new WebhookResponses.Errored(WebhookResponses.CallError.transport(failure)), trace);
      }
      WebhookTransport.Response response = (WebhookTransport.Response) exchange;
      boolean retryable = response.status() == 429 || response.status() >= 500;
      java.util.Optional<Integer> retryAfter = response.retryAfter().flatMap(WebhookResponses::atoi);
      if (retryable && retryAfter.isPresent() && retry < MAX_RETRY_AFTER_RETRIES) {
        Duration wait = Duration.ofSeconds(Math.max(0, retryAfter.get()));
        trace = trace.then(NAME, Trace.Verdict.NOTE, "HTTP " + response.status() + " with Retry-After: " + retryAfter.get()
            + "; the client retries after " + GoDurations.format(wait) + " (" + (retry + 1) + " of " + MAX_RETRY_AFTER_RETRIES + ")");
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Attempt(WebhookResponses.interpret(response, version), trace);
        }
        continue;
      }
      return new Attempt(WebhookResponses.interpret(response, version), trace);
    }
  }

  private byte[] requestBody(String token, List<String> audiences) {
    TokenReviewSpec spec = new TokenReviewSpec();
    spec.setToken(token);
    if (!audiences.isEmpty()) {
      spec.setAudiences(new ArrayList<>(audiences));
    }
    TokenReview review = new TokenReview();
    review.setApiVersion(version.apiVersion());
    review.setKind("TokenReview");
    review.setSpec(spec);
    return JSON.writeValueAsBytes(review);
  }

  @Override
  public String toString() {
    return "WebhookTokenAuthenticator[" + transport.url() + ", " + version.value() + "]";
  }
}
