package dev.authlab.authn;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authentication chain exactly as kube-apiserver assembles it from its flags:
 *
 * <ol>
 *   <li>the authenticating proxy (requestheader), then x509 client certificates, then one bearer
 *       token authenticator whose token union asks, in order: the token file, legacy service-account
 *       tokens, bound service-account tokens, JWT/OIDC authenticators, the webhook;
 *   <li>the token union behind a cache, as upstream's {@code tokencache.New(tokenAuth, true,
 *       TokenSuccessCacheTTL, TokenFailureCacheTTL)}: a token that authenticated is remembered for
 *       10 s by default (so a bound token keeps working for up to 10 s after its pod or service
 *       account is deleted), a rejection is not remembered (failure TTL 0), errors are cached like
 *       any failure; the cache's trace line says hit or miss;
 *   <li>system:authenticated added to whoever authenticated;
 *   <li>anonymous last, only if enabled, and only when the chain before it did not fail: a bad
 *       token is a 401, never anonymous.
 * </ol>
 *
 * Audience-agnostic methods (the token file, the authenticating proxy) are good only for the API
 * audiences. In front of all
 * this, kube-apiserver puts one more bearer-token authenticator for its own loopback token (the
 * credential its in-process clients use); every other token is "invalid bearer token" to it, which
 * is why a rejected token's error always starts with that text.
 */
public final class ApiServerAuthenticator implements Authenticator {

  private final Authenticator chain;
  private final List<String> order;

  private ApiServerAuthenticator(Authenticator chain, List<String> order) {
    this.chain = chain;
    this.order = List.copyOf(order);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The authenticators in the order the API server consults them, for teaching and traces. */
  public List<String> order() {
    return order;
  }

  @Override
  public String name() {
    return "kube-apiserver";
  }

  @Override
  public AuthnResult authenticate(AuthenticationRequest request) {
    return chain.authenticate(request);
  }

  static final String LOOPBACK = "loopback";

  /**
   * kube-apiserver's privileged loopback token: random, generated at start and known only to the
   * server's own clients, so no token a reader sends can be it.
   */
  private static final class LoopbackToken implements TokenAuthenticator {
    @Override
    public String name() {
      return LOOPBACK;
    }

    @Override
    public AuthnResult authenticateToken(String token, List<String> audiences) {
      return AuthnResult.noOpinion(
          LOOPBACK, "not the API server's own loopback token (this step always fails for other tokens; the configured authenticators come next)");
    }
  }

  /** kube-apiserver's TokenSuccessCacheTTL default (pkg/kubeapiserver/options/authentication.go). */
  public static final Duration DEFAULT_TOKEN_SUCCESS_CACHE_TTL = Duration.ofSeconds(10);

  /** kube-apiserver's TokenFailureCacheTTL default: rejections are not cached. */
  public static final Duration DEFAULT_TOKEN_FAILURE_CACHE_TTL = Duration.ZERO;

  /** Fill in the methods that are configured; leave the others out. */
  public static final class Builder {
    private Optional<Authenticator> requestHeader = Optional.empty();
    private Optional<Authenticator> clientCertificates = Optional.empty();
    private Optional<TokenAuthenticator> tokenFile = Optional.empty();
    private Optional<TokenAuthenticator> legacyServiceAccounts = Optional.empty();
    private Optional<TokenAuthenticator> serviceAccounts = Optional.empty();
    private final List<TokenAuthenticator> jwt = new ArrayList<>();
    private Optional<TokenAuthenticator> webhook = Optional.empty();
    private Optional<AnonymousAuthenticator> anonymous = Optional.empty();
    private List<String> apiAudiences = List.of();
    private Duration tokenSuccessCacheTtl = DEFAULT_TOKEN_SUCCESS_CACHE_TTL;
    private Duration tokenFailureCacheTtl = DEFAULT_TOKEN_FAILURE_CACHE_TTL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder requestHeader(Authenticator authenticator) {
      this.requestHeader = Optional.of(authenticator);
      return this;
    }

    public Builder clientCertificates(Authenticator authenticator) {
      this.clientCertificates = Optional.of(authenticator);
      return this;
    }

    public Builder tokenFile(TokenAuthenticator authenticator) {
      this.tokenFile = Optional.of(authenticator);
      return this;
    }

    public Builder legacyServiceAccounts(TokenAuthenticator authenticator) {
      this.legacyServiceAccounts = Optional.of(authenticator);
      return this;
    }

    public Builder serviceAccounts(TokenAuthenticator authenticator) {
      this.serviceAccounts = Optional.of(authenticator);
      return this;
    }

    /** One JWT authenticator per issuer of the AuthenticationConfiguration (or the --oidc-* flags), in order. */
    public Builder jwt(TokenAuthenticator authenticator) {
      this.jwt.add(authenticator);
      return this;
    }

    public Builder webhook(TokenAuthenticator authenticator) {
      this.webhook = Optional.of(authenticator);
      return this;
    }

    public Builder anonymous(AnonymousAuthenticator authenticator) {
      this.anonymous = Optional.of(authenticator);
      return this;
    }

    /** --api-audiences (which default to the service-account issuer). */
    public Builder apiAudiences(List<String> audiences) {
      this.apiAudiences = List.copyOf(audiences);
      return this;
    }

    /**
     * How long the token union's answers are remembered: TokenSuccessCacheTTL and
     * TokenFailureCacheTTL (10 s and 0 unless set). Both zero (or less) means no cache, as upstream.
     */
    public Builder tokenCache(Duration successTtl, Duration failureTtl) {
      this.tokenSuccessCacheTtl = Objects.requireNonNull(successTtl, "successTtl");
      this.tokenFailureCacheTtl = Objects.requireNonNull(failureTtl, "failureTtl");
      return this;
    }

    /** The clock the token cache tells expiry by; the system clock unless set. */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    public ApiServerAuthenticator build() {
      List<String> order = new ArrayList<>();
      List<Authenticator> requestAuthenticators = new ArrayList<>();
      requestHeader.ifPresent(a -> add(requestAuthenticators, order, new AudienceAgnosticAuthenticator(apiAudiences, a)));
      clientCertificates.ifPresent(a -> add(requestAuthenticators, order, a));
      List<TokenAuthenticator> tokens = new ArrayList<>();
      tokenFile.ifPresent(t -> tokens.add(new AudienceAgnosticTokenAuthenticator(apiAudiences, t)));
      legacyServiceAccounts.ifPresent(tokens::add);
      serviceAccounts.ifPresent(tokens::add);
      tokens.addAll(jwt);
      webhook.ifPresent(tokens::add);
      if (!tokens.isEmpty()) {
        tokens.forEach(t -> order.add("bearer token: " + t.name()));
        TokenAuthenticator tokenAuth = TokenAuthenticatorUnion.of(tokens);
        if (isPositive(tokenSuccessCacheTtl) || isPositive(tokenFailureCacheTtl)) {
          tokenAuth = CachedTokenAuthenticator.of(
              tokenAuth, CachedTokenAuthenticator.ErrorCaching.CACHE_ERRORS, tokenSuccessCacheTtl, tokenFailureCacheTtl, clock);
        }
        requestAuthenticators.add(new BearerTokenAuthenticator(tokenAuth));
      }
      List<String> configured = new ArrayList<>(order);
      order.clear();
      order.add("bearer token: " + LOOPBACK);
      order.addAll(configured);
      Authenticator loopback = new BearerTokenAuthenticator(new LoopbackToken(), "loopback-bearer-token");
      if (requestAuthenticators.isEmpty()) {
        if (anonymous.isPresent()) {
          order.add(anonymous.get().name());
          return new ApiServerAuthenticator(AuthenticatorChain.of(loopback, anonymous.get()), order);
        }
        Authenticator nobody = request -> AuthnResult.noOpinion("kube-apiserver", "no authentication method is configured");
        return new ApiServerAuthenticator(AuthenticatorChain.of(loopback, nobody), order);
      }
      Authenticator chain = new AuthenticatedGroupAdder(AuthenticatorChain.of(requestAuthenticators));
      order.add("group adder: system:authenticated");
      if (anonymous.isPresent()) {
        order.add(anonymous.get().name());
        chain = AuthenticatorChain.failOnError(chain, anonymous.get());
      }
      return new ApiServerAuthenticator(AuthenticatorChain.of(loopback, chain), order);
    }

    private static boolean isPositive(Duration ttl) {
      return !ttl.isZero() && !ttl.isNegative();
    }

    private static void add(List<Authenticator> authenticators, List<String> order, Authenticator authenticator) {
      authenticators.add(authenticator);
      order.add(authenticator.name());
    }
  }
}
