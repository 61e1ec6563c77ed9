package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.ApiServerAuthenticator;
import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.TokenReviewer;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.ClaimOrExpression;
import dev.authlab.authn.oidc.ExtraMapping;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.webhook.TokenReviewDecision;
import dev.authlab.authn.webhook.TokenReviewWebhookServer;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.cluster.ClientCertificateOffer;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One API server with every authentication method at once (static token file, client CA,
 * requestheader with its own proxy CA, service-account keys, structured AuthenticationConfiguration
 * with an OIDC issuer on this host, a token webhook on this host, anonymous enabled), and the
 * library's chain built from the very same {@link AuthnSettings}. Each test sends a real credential
 * to both, the API server as a SelfSubjectReview ({@code kubectl auth whoami}), and asks for the same
 * user (name, uid, groups, extra) or the same rejection. Anonymous is modelled as the API server
 * answers it: authenticated, then forbidden to create a SelfSubjectReview.
 *
 * <p>Service-account tokens are minted by the cluster (TokenRequest, and a legacy token Secret the
 * token controller fills), and the library judges them with the same public key against the
 * cluster's live objects; one token minted by the library goes the other way.
 */
@Tag("cluster")
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class AuthnDifferentialTest {

  static final String NAMESPACE = "authn-diff";
  static final String SA_ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String STATIC_TOKEN = "static-token-alice-6f1c0a";
  static final String WEBHOOK_TOKEN = "webhook-token-good-93ab";
  static final String WEBHOOK_REJECTED_TOKEN = "webhook-token-revoked-17de";
  static final Duration CLUSTER_CATCH_UP = Duration.ofSeconds(30);

  static CertificateAuthority clientCa;
  static CertificateAuthority otherCa;
  static CertificateAuthority proxyCa;
  static KeyPair serviceAccountKeys;
  static OidcIssuer oidc;
  static TokenReviewWebhookServer webhook;

  static LibraryWhoami library;
  static TokenReviewer tokenReviewer;
  static List<String> apiAudiences = List.of();
  static KubernetesClient admin;
  static int agree;
  static final List<String> disagreements = new ArrayList<>();

  /** The API server's settings; called by the extension before it starts the control plane. */
  static synchronized AuthnSettings authn() {
    clientCa = CertificateAuthority.selfSigned("authlab-diff-client-ca", KeyAlgorithm.ECDSA_P256);
    otherCa = CertificateAuthority.selfSigned("authlab-diff-other-ca", KeyAlgorithm.ECDSA_P256);
    proxyCa = CertificateAuthority.selfSigned("authlab-diff-front-proxy-ca", KeyAlgorithm.ECDSA_P256);
    serviceAccountKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
    oidc = OidcIssuer.start();
    webhook = TokenReviewWebhookServer.start(spec -> {
      if (WEBHOOK_TOKEN.equals(spec.getToken())) {
        return TokenReviewDecision.authenticate(
            new UserInfo("webhook-user", "wh-uid-7", List.of("wh-devs", "wh-ops"), Map.of("example.com/scopes", List.of("read", "write"))));
      }
      if (WEBHOOK_REJECTED_TOKEN.equals(spec.getToken())) {
        return TokenReviewDecision.reject("token revoked");
      }
      return TokenReviewDecision.noOpinion();
    });
    ClaimMappings mappings =
        ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "oidc:"))
            .withGroups(PrefixedClaimOrExpression.claim("groups", "oidc:"))
            .withUid(new ClaimOrExpression("sub", ""))
            .withExtra(List.of(new ExtraMapping("example.com/tenant", "claims.tenant")));
    return AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(new StaticToken(STATIC_TOKEN, "alice", "1001", List.of("devs", "ops"))))
        .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
        .requestHeader(RequestHeaderConfig.kubeadmDefaults(List.of(proxyCa.certificate())).withUidHeaders(List.of("X-Remote-Uid")))
        .serviceAccounts(ServiceAccountConfig.of(SA_ISSUER, Pem.encode(serviceAccountKeys.getPublic()), Pem.encode(serviceAccountKeys.getPrivate())))
        .authenticationConfiguration(AuthenticationConfiguration.of(JwtAuthenticator.of(oidc.issuer("kubernetes"), mappings)))
        .webhook(webhook.webhookConfig())
        .anonymous(AuthnSettings.Anonymous.ENABLED)
        .build();
  }

  @BeforeAll
  static void setUp(ControlPlane cp) {
    admin = cp.adminClient();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    for (String sa : List.of("builder", "doomed", "legacy")) {
      admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata().withName(sa).endMetadata().build()).create();
    }
    // one chain for the whole class, on the system clock, as the API server has one: its token cache
    // (10 s for a success) then remembers across tests and calls what the API server's remembers
    AuthnSettings.Environment environment = AuthnSettings.Environment.defaults()
        .withClock(Clock.systemUTC())
        .withObjects(new ClusterServiceAccountObjects(admin));
    ApiServerAuthenticator chain = cp.authn().authenticator(environment);
    library = new LibraryWhoami(chain);
    // the API server's --api-audiences (by default its service-account issuers), which it puts on every request
    apiAudiences = cp.authn().effectiveApiAudiences();
    tokenReviewer = new TokenReviewer(chain, apiAudiences);
    // the API server fetches the issuer's discovery document and keys in the background after it starts
    String probe = oidcToken().sign();
    awaitCluster(cp, new Credential.Token(probe), r -> r instanceof WhoamiResult.Authenticated);
  }

  @AfterAll
  static void tearDown() {
    System.out.println("authn differential: " + agree + " agree, " + disagreements.size() + " disagree");
    disagreements.forEach(d -> System.out.println("  " + d));
    if (oidc != null) {
      oidc.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  // ---- static token file

  @Test
  void staticToken(ControlPlane cp) {
    UserInfo user = expectAuthenticated(cp, "static token", token(STATIC_TOKEN));
    assertThat(user).isEqualTo(new UserInfo("alice", "1001", List.of("devs", "ops", "system:authenticated"), Map.of()));
  }

  @Test
  void wrongStaticToken(ControlPlane cp) {
    expectUnauthorized(cp, "unknown token", token("static-token-nobody-has"));
  }

  // ---- client certificates

  @Test
  void clientCertificate(ControlPlane cp) {
    IssuedCertificate jane = clientCa.issue(CertificateSpec.clientCertificate("jane", "dev", "qa"));
    UserInfo user = expectAuthenticated(cp, "client certificate", certificate(jane));
    assertThat(user.name()).isEqualTo("jane");
    assertThat(user.groups()).containsExactly("dev", "qa", "system:authenticated");
  }

  @Test
  void certificateFromAnotherCa(ControlPlane cp) {
    IssuedCertificate mallory = otherCa.issue(CertificateSpec.clientCertificate("mallory", "system:masters"));
    // sent the way Go clients (kubectl) send it: whatever CAs the server says it accepts
    expectUnauthorized(cp, "certificate from another CA", new Case(certificate(mallory).credential(), Map.of(), Presentation.ALWAYS));
  }

  /**
   * The JDK's TLS client only offers a certificate whose issuer is among the CAs the server lists in
   * its CertificateRequest, so fabric8 quietly sends none: the API server sees an anonymous request.
   */
  @Test
  void certificateFromAnotherCaThroughTheJdkClientIsNotSentAtAll(ControlPlane cp) {
    IssuedCertificate mallory = otherCa.issue(CertificateSpec.clientCertificate("mallory", "system:masters"));
    WhoamiResult result = expect(cp, "certificate from another CA, withheld by the JDK client",
        new Case(certificate(mallory).credential(), Map.of(), Presentation.ONLY_IF_THE_SERVER_ACCEPTS_ITS_ISSUER));
    assertThat(result).isInstanceOf(WhoamiResult.Forbidden.class);
  }

  @Test
  void expiredCertificate(ControlPlane cp) {
    Instant now = Instant.now();
    IssuedCertificate old = clientCa.issue(CertificateSpec.clientCertificate("jane").validBetween(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
    expectUnauthorized(cp, "expired client certificate", certificate(old));
  }

  // ---- authenticating proxy

  @Test
  void proxyHeadersWithTheProxyCertificate(ControlPlane cp) {
    IssuedCertificate proxy = proxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    UserInfo user = expectAuthenticated(cp, "proxy headers", proxy(proxy, proxyHeaders()));
    assertThat(user).isEqualTo(new UserInfo("proxied-user", "proxied-uid-3", List.of("proxied-group", "other-group", "system:authenticated"),
        Map.of("scopes", List.of("view", "edit"), "example.com/tenant", List.of("acme"))));
  }

  @Test
  void proxyHeadersWithoutACertificateAreIgnored(ControlPlane cp) {
    WhoamiResult result = expect(cp, "proxy headers without the proxy certificate", new Case(new Credential.Anonymous(), proxyHeaders()));
    assertThat(result).isInstanceOf(WhoamiResult.Forbidden.class);
    assertThat(((WhoamiResult.Forbidden) result).message()).contains("User \"system:anonymous\"");
  }

  @Test
  void proxyHeadersWithAClientCertificateAreTheCertificatesUser(ControlPlane cp) {
    IssuedCertificate jane = clientCa.issue(CertificateSpec.clientCertificate("jane", "dev"));
    UserInfo user = expectAuthenticated(cp, "proxy headers with a client (not proxy) certificate", proxy(jane, proxyHeaders()));
    assertThat(user.name()).isEqualTo("jane");
  }

  @Test
  void proxyCertificateWithANameThatIsNotAllowed(ControlPlane cp) {
    IssuedCertificate impostor = proxyCa.issue(CertificateSpec.clientCertificate("not-the-front-proxy"));
    expectUnauthorized(cp, "proxy certificate with a name not in --requestheader-allowed-names", proxy(impostor, proxyHeaders()));
  }

  // ---- service-account tokens

  @Test
  void boundTokenFromTheClusterBoundToAPod(ControlPlane cp) {
    Pod pod = createPod("builder-pod-1", "builder");
    String token = clusterToken("builder", boundTo(pod), List.of());
    UserInfo user = expectAuthenticated(cp, "bound token bound to a pod", token(token));
    assertThat(user.name()).isEqualTo("system:serviceaccount:" + NAMESPACE + ":builder");
    assertThat(user.extra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("builder-pod-1"))
        .containsEntry("authentication.kubernetes.io/pod-uid", List.of(pod.getMetadata().getUid()));
  }

  @Test
  void boundTokenFromTheClusterWithoutABinding(ControlPlane cp) {
    UserInfo user = expectAuthenticated(cp, "bound token, no bound object", token(clusterToken("builder", null, List.of())));
    assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated");
  }

  @Test
  void boundTokenForAnotherAudience(ControlPlane cp) {
    expectUnauthorized(cp, "bound token for another audience", token(clusterToken("builder", null, List.of("https://vault.example.com"))));
  }

  /**
   * Two tokens bound to one pod: the first is used while the pod exists, the second only after it
   * is deleted. Right after the deletion both still accept the first one from their token cache
   * (kube-apiserver keeps successful token authentications for TokenSuccessCacheTTL, 10 s; the
   * library's chain, one instance for the class, does the same); the second one is rejected.
   */
  @Test
  void boundTokenWhosePodWasDeleted(ControlPlane cp) {
    Pod pod = createPod("builder-pod-2", "builder");
    Case used = token(clusterToken("builder", boundTo(pod), List.of()));
    Case unused = token(clusterToken("builder", boundTo(pod), List.of()));
    expectAuthenticated(cp, "bound token before its pod is deleted", used);
    admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    awaitGone(() -> admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get());
    cachedSuccess(cp, "bound token used before its pod was deleted", used);
    awaitCluster(cp, unused.credential(), r -> !(r instanceof WhoamiResult.Authenticated));
    expectUnauthorized(cp, "bound token whose pod was deleted", unused);
  }

  @Test
  void boundTokenWhosePodWasReplaced(ControlPlane cp) {
    Pod pod = createPod("builder-pod-3", "builder");
    Case token = token(clusterToken("builder", boundTo(pod), List.of()));
    admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    awaitGone(() -> admin.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get());
    createPod("builder-pod-3", "builder");
    awaitCluster(cp, token.credential(), r -> !(r instanceof WhoamiResult.Authenticated));
    expectUnauthorized(cp, "bound token whose pod was replaced by one of the same name", token);
  }

  @Test
  void boundTokenWhoseServiceAccountWasDeleted(ControlPlane cp) {
    Case used = token(clusterToken("doomed", null, List.of()));
    Case unused = token(clusterToken("doomed", null, List.of()));
    expectAuthenticated(cp, "bound token before its service account is deleted", used);
    admin.serviceAccounts().inNamespace(NAMESPACE).withName("doomed").delete();
    awaitGone(() -> admin.serviceAccounts().inNamespace(NAMESPACE).withName("doomed").get());
    cachedSuccess(cp, "bound token used before its service account was deleted", used);
    awaitCluster(cp, unused.credential(), r -> !(r instanceof WhoamiResult.Authenticated));
    expectUnauthorized(cp, "bound token whose service account was deleted", unused);
  }

  @Test
  void boundTokenMintedByTheLibraryIsAcceptedByBoth(ControlPlane cp) {
    Pod pod = createPod("builder-pod-4", "builder");
    ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder(SA_ISSUER, serviceAccountKeys.getPrivate())
        .objects(new ClusterServiceAccountObjects(admin))
        .build();
    TokenRequestResult result = issuer.request(NAMESPACE, "builder", tokenRequest(boundTo(pod), List.of()));
    assertThat(result).isInstanceOf(TokenRequestResult.Issued.class);
    UserInfo user = expectAuthenticated(cp, "bound token minted by the library", token(((TokenRequestResult.Issued) result).token()));
    assertThat(user.extra()).containsKey("authentication.kubernetes.io/pod-name");
  }

  @Test
  void legacyTokenFromASecretTheTokenControllerFilled(ControlPlane cp) {
    Case token = token(legacyToken("legacy-token-1"));
    UserInfo user = expectAuthenticated(cp, "legacy secret token", token);
    assertThat(user.name()).isEqualTo("system:serviceaccount:" + NAMESPACE + ":legacy");
  }

  /** A legacy token is the secret's own, so there is no second one: this one is never used before the secret goes. */
  @Test
  void legacyTokenWhoseSecretWasDeleted(ControlPlane cp) {
    Case token = token(legacyToken("legacy-token-2"));
    admin.secrets().inNamespace(NAMESPACE).withName("legacy-token-2").delete();
    awaitGone(() -> admin.secrets().inNamespace(NAMESPACE).withName("legacy-token-2").get());
    awaitCluster(cp, token.credential(), r -> !(r instanceof WhoamiResult.Authenticated));
    expectUnauthorized(cp, "legacy token whose secret was deleted", token);
  }

  // ---- OIDC through the structured AuthenticationConfiguration

  @Test
  void oidcToken(ControlPlane cp) {
    UserInfo user = expectAuthenticated(cp, "OIDC token", token(oidcToken().sign()));
    assertThat(user.name()).isEqualTo("oidc:jane@example.com");
    assertThat(user.uid()).isEqualTo("u-1");
    assertThat(user.groups()).containsExactly("oidc:dev", "oidc:ops", "system:authenticated");
    assertThat(user.extra()).containsEntry("example.com/tenant", List.of("acme"));
  }

  @Test
  void expiredOidcToken(ControlPlane cp) {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    expectUnauthorized(cp, "expired OIDC token", token(oidcToken().issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(10))).sign()));
  }

  @Test
  void oidcTokenForAnotherAudience(ControlPlane cp) {
    expectUnauthorized(cp, "OIDC token for another audience", token(oidcToken().audience("someone-else").sign()));
  }

  @Test
  void oidcTokenWithAnUnverifiedEmail(ControlPlane cp) {
    expectUnauthorized(cp, "OIDC token with email_verified false", token(oidcToken().email("jane@example.com", false).sign()));
  }

  // ---- webhook

  @Test
  void webhookToken(ControlPlane cp) {
    UserInfo user = expectAuthenticated(cp, "webhook token", token(WEBHOOK_TOKEN));
    assertThat(user).isEqualTo(new UserInfo("webhook-user", "wh-uid-7", List.of("wh-devs", "wh-ops", "system:authenticated"),
        Map.of("example.com/scopes", List.of("read", "write"))));
  }

  @Test
  void webhookRejection(ControlPlane cp) {
    expectUnauthorized(cp, "token the webhook rejects", token(WEBHOOK_REJECTED_TOKEN));
  }

  // ---- anonymous

  @Test
  void noCredentialsIsAnonymousWhichMayNotAskWhoItIs(ControlPlane cp) {
    WhoamiResult result = expect(cp, "no credentials", new Case(new Credential.Anonymous(), Map.of()));
    assertThat(result).isInstanceOf(WhoamiResult.Forbidden.class);
    assertThat(((WhoamiResult.Forbidden) result).message()).contains("User \"system:anonymous\"");
  }

  // ---- the comparison

  /** A credential as the client presents it, and headers sent with no certificate at all (a client that is not the proxy). */
  record Case(Credential credential, Map<String, List<String>> bareHeaders, Presentation presentation) {
    Case {
      bareHeaders = Map.copyOf(bareHeaders);
    }

    Case(Credential credential, Map<String, List<String>> bareHeaders) {
      this(credential, bareHeaders, Presentation.AS_FABRIC8_DOES);
    }
  }

  /** How the client certificate reaches the API server. */
  enum Presentation {
    /** fabric8's JDK client, as ControlPlane.whoami uses it (certificates the server would not accept are withheld). */
    AS_FABRIC8_DOES,
    /** Always sent, as a Go client sends it. */
    ALWAYS,
    /** What the JDK client does, made explicit for the library: no certificate when the server does not list its issuer. */
    ONLY_IF_THE_SERVER_ACCEPTS_ITS_ISSUER
  }

  private static UserInfo expectAuthenticated(ControlPlane cp, String what, Case c) {
    WhoamiResult result = expect(cp, what, c);
    assertThat(result).as("%s: %s", what, LibraryWhoami.describe(result)).isInstanceOf(WhoamiResult.Authenticated.class);
    return ((WhoamiResult.Authenticated) result).user();
  }

  private static void expectUnauthorized(ControlPlane cp, String what, Case c) {
    WhoamiResult result = expect(cp, what, c);
    assertThat(result).as("%s: %s", what, LibraryWhoami.describe(result)).isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  /** Asks both; fails unless they agree; returns the (common) answer. */
  private static WhoamiResult expect(ControlPlane cp, String what, Case c) {
    WhoamiResult cluster;
    if (!c.bareHeaders().isEmpty()) {
      cluster = whoamiWithBareHeaders(cp, c.bareHeaders());
    } else if (c.presentation() == Presentation.ALWAYS) {
      cluster = ClientCertificateOffer.of((Credential.ClientCertificate) c.credential()).whoami(cp, new Credential.Anonymous());
    } else {
      cluster = cp.whoami(c.credential());
    }
    AuthenticationRequest request = c.presentation() == Presentation.ONLY_IF_THE_SERVER_ACCEPTS_ITS_ISSUER
        ? request(new Credential.Anonymous())
        : request(c.credential());
    for (Map.Entry<String, List<String>> header : c.bareHeaders().entrySet()) {
      for (String value : header.getValue()) {
        request = request.withHeader(header.getKey(), value);
      }
    }
    LibraryWhoami.Prediction predicted = library.whoami(request);
    Optional<String> why = LibraryWhoami.disagreement(cluster, predicted.result());
    if (why.isEmpty() && c.credential() instanceof Credential.Token t && c.bareHeaders().isEmpty()) {
      why = tokenReviewDisagreement(t.token());
    }
    synchronized (AuthnDifferentialTest.class) {
      if (why.isPresent()) {
        disagreements.add(what + ": " + why.get());
      } else {
        agree++;
      }
    }
    assertThat(why).as("%s: the API server and the library disagree; library trace:%n%s", what, String.join("\n", predicted.authentication().trace().lines()))
        .isEmpty();
    return cluster;
  }

  /**
   * A token that authenticated moments ago, whose object is now gone: both answer from their token
   * cache (10 s), so both still authenticate it, and the library's trace says it was a cache hit.
   */
  private static void cachedSuccess(ControlPlane cp, String what, Case c) {
    WhoamiResult cluster = expect(cp, what + " (from the token cache)", c);
    assertThat(cluster).as("%s: the API server's token cache still holds it", what).isInstanceOf(WhoamiResult.Authenticated.class);
    assertThat(library.whoami(request(c.credential())).authentication().trace().lines())
        .as("%s: the library's token cache holds it too", what)
        .anySatisfy(line -> assertThat(line).startsWith("token-cache: note - cache hit"));
  }

  /**
   * The same token as a TokenReview, which shows what whoami hides: the error text of a rejection,
   * and the audiences of a success. Empty when the cluster and the library fill in the same status.
   */
  private static Optional<String> tokenReviewDisagreement(String token) {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
    String cluster;
    try {
      cluster = statusKey(admin.authentication().v1().tokenReviews().create(review).getStatus());
    } catch (KubernetesClientException e) {
      cluster = "HTTP " + e.getCode() + ": " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
    TokenReviewer.Outcome outcome = tokenReviewer.review(review);
    String mine = outcome instanceof TokenReviewer.Outcome.Reviewed reviewed
        ? statusKey(reviewed.review().getStatus())
        : "HTTP " + ((TokenReviewer.Outcome.Rejected) outcome).code() + ": " + ((TokenReviewer.Outcome.Rejected) outcome).message();
    return cluster.equals(mine) ? Optional.empty() : Optional.of("TokenReview: cluster " + cluster + ", library " + mine);
  }

  private static String statusKey(TokenReviewStatus status) {
    StringBuilder key = new StringBuilder("authenticated=" + Boolean.TRUE.equals(status.getAuthenticated()));
    if (status.getError() != null && !status.getError().isEmpty()) {
      key.append(" error=\"").append(status.getError()).append('"');
    }
    // the API server always serializes status.user (a struct, not a pointer): an empty one means none
    if (status.getUser() != null && status.getUser().getUsername() != null && !status.getUser().getUsername().isEmpty()) {
      io.fabric8.kubernetes.api.model.authentication.UserInfo u = status.getUser();
      Map<String, List<String>> extra = u.getExtra() == null ? Map.of() : new java.util.TreeMap<>(u.getExtra());
      key.append(" user=").append(u.getUsername()).append(" uid=").append(u.getUid() == null ? "" : u.getUid())
          .append(" groups=").append(u.getGroups()).append(" extra=").append(extra);
    }
    if (status.getAudiences() != null && !status.getAudiences().isEmpty()) {
      key.append(" audiences=").append(status.getAudiences());
    }
    return key.toString();
  }

  /** A SelfSubjectReview with these headers and no credential: fabric8's anonymous client plus an interceptor. */
  private static WhoamiResult whoamiWithBareHeaders(ControlPlane cp, Map<String, List<String>> headers) {
    Interceptor interceptor = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
      }
    };
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(ControlPlaneClients.config(cp.apiServerUrl(), cp.servingCaPem(), new Credential.Anonymous()))
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("authlab-bare-headers", interceptor))
        .build()) {
      return ControlPlaneClients.whoami(client);
    }
  }

  /** The library's view of the same request: path, bearer token, client certificate chain, headers, the API audiences. */
  private static AuthenticationRequest request(Credential credential) {
    AuthenticationRequest request = new AuthenticationRequest("POST", LibraryWhoami.PATH, Map.of(), List.of(), apiAudiences);
    if (credential instanceof Credential.Token t) {
      return request.withHeader("Authorization", "Bearer " + t.token());
    }
    if (credential instanceof Credential.ClientCertificate certificate) {
      return request.withClientCertificates(Pem.parseCertificates(certificate.certificatePem()));
    }
    if (credential instanceof Credential.ProxyHeaders proxy) {
      request = request.withClientCertificates(Pem.parseCertificates(proxy.proxyCertificatePem()));
      for (Map.Entry<String, List<String>> header : proxy.headers().entrySet()) {
        for (String value : header.getValue()) {
          request = request.withHeader(header.getKey(), value);
        }
      }
    }
    return request;
  }

  // ---- credentials

  private static Case token(String token) {
    return new Case(new Credential.Token(token), Map.of());
  }

  private static Case certificate(IssuedCertificate certificate) {
    return new Case(new Credential.ClientCertificate(certificate.certificatePem(), certificate.privateKeyPem()), Map.of());
  }

  private static Case proxy(IssuedCertificate proxyCertificate, Map<String, List<String>> headers) {
    return new Case(new Credential.ProxyHeaders(proxyCertificate.certificatePem(), proxyCertificate.privateKeyPem(), headers), Map.of());
  }

  private static Map<String, List<String>> proxyHeaders() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Remote-User", List.of("proxied-user"));
    headers.put("X-Remote-Uid", List.of("proxied-uid-3"));
    headers.put("X-Remote-Group", List.of("proxied-group", "other-group"));
    headers.put("X-Remote-Extra-Scopes", List.of("view", "edit"));
    headers.put("X-Remote-Extra-Example.com%2ftenant", List.of("acme"));
    return headers;
  }

  static OidcIssuer.TokenBuilder oidcToken() {
    return oidc.token().subject("u-1").email("jane@example.com", true).groups("dev", "ops").claim("tenant", "acme");
  }

  // ---- cluster objects and tokens

  private static Pod createPod(String name, String serviceAccount) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount).addNewContainer().withName("c").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
        .build();
    return admin.pods().inNamespace(NAMESPACE).resource(pod).create();
  }

  private static io.fabric8.kubernetes.api.model.authentication.BoundObjectReference boundTo(Pod pod) {
    return new io.fabric8.kubernetes.api.model.authentication.BoundObjectReferenceBuilder()
        .withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
        .build();
  }

  private static TokenRequest tokenRequest(io.fabric8.kubernetes.api.model.authentication.BoundObjectReference bound, List<String> audiences) {
    TokenRequestBuilder request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec();
    if (bound != null) {
      request.editSpec().withBoundObjectRef(bound).endSpec();
    }
    if (!audiences.isEmpty()) {
      request.editSpec().withAudiences(audiences).endSpec();
    }
    return request.build();
  }

  /** POST serviceaccounts/NAME/token on the cluster. */
  private static String clusterToken(String serviceAccount, io.fabric8.kubernetes.api.model.authentication.BoundObjectReference bound, List<String> audiences) {
    TokenRequest response = admin.serviceAccounts().inNamespace(NAMESPACE).withName(serviceAccount).tokenRequest(tokenRequest(bound, audiences));
    return response.getStatus().getToken();
  }

  /** Creates a kubernetes.io/service-account-token Secret for the "legacy" account and waits for the token controller to fill it. */
  private static String legacyToken(String secretName) {
    Secret secret = new SecretBuilder()
        .withNewMetadata().withName(secretName).withNamespace(NAMESPACE).addToAnnotations("kubernetes.io/service-account.name", "legacy").endMetadata()
        .withType("kubernetes.io/service-account-token")
        .build();
    admin.secrets().inNamespace(NAMESPACE).resource(secret).create();
    long deadline = System.nanoTime() + CLUSTER_CATCH_UP.toNanos();
    while (true) {
      Secret filled = admin.secrets().inNamespace(NAMESPACE).withName(secretName).get();
      if (filled != null && filled.getData() != null && filled.getData().get("token") != null) {
        return new String(Base64.getDecoder().decode(filled.getData().get("token")), StandardCharsets.UTF_8);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the token controller did not fill secret " + secretName + " within " + CLUSTER_CATCH_UP.toSeconds() + " s");
      }
      pause();
    }
  }

  /** Waits until the API server's answer for this credential satisfies the condition (its caches catch up), or the deadline passes. */
  private static void awaitCluster(ControlPlane cp, Credential credential, java.util.function.Predicate<WhoamiResult> condition) {
    long deadline = System.nanoTime() + CLUSTER_CATCH_UP.toNanos();
    while (!condition.test(cp.whoami(credential)) && System.nanoTime() < deadline) {
      pause();
    }
  }

  private static void awaitGone(Supplier<Object> lookup) {
    long deadline = System.nanoTime() + CLUSTER_CATCH_UP.toNanos();
    while (lookup.get() != null && System.nanoTime() < deadline) {
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
