package dev.authlab.authn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.ClaimMappings;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.PrefixedClaimOrExpression;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One settings object, every method at once, in the API server's order. */
class AuthnSettingsTest {

  static final String SA_ISSUER = "https://kubernetes.default.svc";

  static CertificateAuthority clientCa;
  static CertificateAuthority proxyCa;
  static KeyPair serviceAccountKeys;
  static OidcIssuer oidc;
  static AuthnSettings settings;
  static ApiServerAuthenticator chain;
  static InMemoryServiceAccountObjects objects;

  @BeforeAll
  static void setUp() {
    clientCa = CertificateAuthority.selfSigned("client-ca", KeyAlgorithm.ECDSA_P256);
    proxyCa = CertificateAuthority.selfSigned("front-proxy-ca", KeyAlgorithm.ECDSA_P256);
    serviceAccountKeys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
    oidc = OidcIssuer.start();
    objects =
        InMemoryServiceAccountObjects.of(
            new ServiceAccountBuilder().withNewMetadata().withNamespace("team-a").withName("ci").withUid("sa-uid-1").endMetadata().build());
    settings =
        AuthnSettings.builder()
            .tokenFile(TokenFileConfig.of(StaticToken.of("static-token-1", "alice", "admins")))
            .clientCa(ClientCaConfig.of(List.of(clientCa.certificate())))
            .requestHeader(RequestHeaderConfig.kubeadmDefaults(List.of(proxyCa.certificate())))
            .serviceAccounts(ServiceAccountConfig.of(SA_ISSUER, Pem.encode(serviceAccountKeys.getPublic()), Pem.encode(serviceAccountKeys.getPrivate())))
            .authenticationConfiguration(
                AuthenticationConfiguration.of(
                    JwtAuthenticator.of(oidc.issuer("kubernetes"), ClaimMappings.username(PrefixedClaimOrExpression.claim("email", "oidc:")))))
            .build();
    chain = settings.authenticator(AuthnSettings.Environment.defaults().withObjects(objects));
  }

  @AfterAll
  static void tearDown() {
    oidc.close();
  }

  private static UserInfo userOf(AuthenticationRequest request) {
    AuthnResult result = chain.authenticate(request);
    assertThat(result).as("trace: %s", result.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user();
  }

  @Test
  void theChainIsInTheApiServersOrder() {
    assertThat(chain.order())
        .containsExactly(
            "bearer token: loopback",
            "requestheader",
            "x509",
            "bearer token: token-file",
            "bearer token: serviceaccount-legacy",
            "bearer token: serviceaccount",
            "bearer token: jwt",
            "group adder: system:authenticated",
            "anonymous");
  }

  @Test
  void staticTokenAuthenticates() {
    assertThat(userOf(AuthenticationRequest.withBearerToken("static-token-1")).groups()).containsExactly("admins", "system:authenticated");
  }

  @Test
  void clientCertificateAuthenticatesWithCommonNameAndOrganizations() {
    IssuedCertificate jane = clientCa.issue(CertificateSpec.clientCertificate("jane", "dev"));
    UserInfo user = userOf(AuthenticationRequest.get("/").withClientCertificates(List.of(jane.certificate())));
    assertThat(user.name()).isEqualTo("jane");
    assertThat(user.groups()).containsExactly("dev", "system:authenticated");
  }

  @Test
  void proxyHeadersCountOnlyWithTheProxysCertificate() {
    IssuedCertificate proxy = proxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    AuthenticationRequest spoofed = AuthenticationRequest.get("/").withHeader("X-Remote-User", "admin").withHeader("X-Remote-Group", "system:masters");
    assertThat(userOf(spoofed).name()).as("without the proxy certificate the headers are ignored").isEqualTo("system:anonymous");
    UserInfo viaProxy = userOf(spoofed.withClientCertificates(List.of(proxy.certificate())));
    assertThat(viaProxy.name()).isEqualTo("admin");
    assertThat(viaProxy.groups()).containsExactly("system:masters", "system:authenticated");
  }

  @Test
  void theProxysUserIsGoodForTheApiAudiencesOnly() {
    IssuedCertificate proxy = proxyCa.issue(CertificateSpec.clientCertificate("front-proxy-client"));
    AuthenticationRequest viaProxy = AuthenticationRequest.get("/").withHeader("X-Remote-User", "admin")
        .withClientCertificates(List.of(proxy.certificate()));
    AuthnResult result = chain.authenticate(viaProxy.withAudiences(settings.effectiveApiAudiences()));
    assertThat(result).as("trace: %s", result.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    assertThat(((AuthnResult.Authenticated) result).user().name()).isEqualTo("admin");
    assertThat(((AuthnResult.Authenticated) result).audiences()).isEqualTo(settings.effectiveApiAudiences()).containsExactly(SA_ISSUER);
    AuthnResult elsewhere = chain.authenticate(viaProxy.withAudiences(List.of("https://vault.example.com")));
    assertThat(elsewhere.trace().lines()).anySatisfy(line -> assertThat(line).startsWith("requestheader: no opinion"));
  }

  @Test
  void theTokenCacheUsesTheEnvironmentsClock() {
    CachedTokenAuthenticatorTest.StepClock clock = new CachedTokenAuthenticatorTest.StepClock();
    ApiServerAuthenticator cached = settings.authenticator(AuthnSettings.Environment.defaults().withClock(clock).withObjects(objects));
    AuthenticationRequest request = AuthenticationRequest.withBearerToken("static-token-1").withAudiences(settings.effectiveApiAudiences());
    cached.authenticate(request);
    clock.step(Duration.ofSeconds(9));
    assertThat(cached.authenticate(request).trace().lines()).anySatisfy(line -> assertThat(line).startsWith("token-cache: note - cache hit"));
    clock.step(Duration.ofSeconds(1));
    assertThat(cached.authenticate(request).trace().lines()).anySatisfy(line -> assertThat(line).startsWith("token-cache: note - cache miss"));
  }

  @Test
  void boundServiceAccountTokenAuthenticatesAsTheServiceAccount() {
    ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder(SA_ISSUER, serviceAccountKeys.getPrivate()).objects(objects).build();
    TokenRequestResult result = issuer.request("team-a", "ci", new TokenRequestBuilder().withNewSpec().endSpec().build());
    String token = ((TokenRequestResult.Issued) result).token();
    UserInfo user = userOf(AuthenticationRequest.withBearerToken(token).withAudiences(settings.effectiveApiAudiences()));
    assertThat(user.name()).isEqualTo("system:serviceaccount:team-a:ci");
    assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");
  }

  @Test
  void oidcTokenAuthenticatesWithTheMappedUsername() {
    String token = oidc.token().subject("u-1").email("jane@example.com", true).sign();
    assertThat(userOf(AuthenticationRequest.withBearerToken(token)).name()).isEqualTo("oidc:jane@example.com");
  }

  @Test
  void noCredentialsIsAnonymousButABadTokenIsNot() {
    assertThat(userOf(AuthenticationRequest.get("/")).name()).isEqualTo("system:anonymous");
    AuthnResult bad = chain.authenticate(AuthenticationRequest.withBearerToken("not-a-token"));
    assertThat(bad).isInstanceOf(AuthnResult.Failed.class);
    assertThat(bad.trace().lines()).anySatisfy(line -> assertThat(line).startsWith("token-file: no opinion"));
  }

  @Test
  void aRejectedTokenIsFirstAnInvalidBearerTokenToTheLoopbackAuthenticator() {
    ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder(SA_ISSUER, serviceAccountKeys.getPrivate()).objects(objects).build();
    String token = ((TokenRequestResult.Issued) issuer.request("team-a", "ci", new TokenRequestBuilder().withNewSpec().endSpec().build())).token();
    ApiServerAuthenticator withoutTheServiceAccount =
        settings.authenticator(AuthnSettings.Environment.defaults().withObjects(InMemoryServiceAccountObjects.empty()));
    AuthnResult result = withoutTheServiceAccount.authenticate(AuthenticationRequest.withBearerToken(token).withAudiences(settings.effectiveApiAudiences()));
    assertThat(((AuthnResult.Failed) result).reason()).isEqualTo("[invalid bearer token, serviceaccounts \"ci\" not found]");
    AuthnResult unknown = chain.authenticate(AuthenticationRequest.withBearerToken("not-a-token"));
    assertThat(((AuthnResult.Failed) unknown).reason()).isEqualTo("invalid bearer token");
  }

  @Test
  void tokenReviewRunsTheWholeChainWithTheApiAudiences() {
    TokenReviewer reviewer = new TokenReviewer(chain, settings.effectiveApiAudiences());
    TokenReviewer.Outcome outcome = reviewer.review(new TokenReviewBuilder().withNewSpec().withToken("static-token-1").endSpec().build());
    var review = ((TokenReviewer.Outcome.Reviewed) outcome).review();
    assertThat(review.getStatus().getAuthenticated()).isTrue();
    assertThat(review.getStatus().getUser().getUsername()).isEqualTo("alice");
    assertThat(review.getStatus().getAudiences()).containsExactly(SA_ISSUER);
    assertThat(reviewer.review(new TokenReviewBuilder().withNewSpec().endSpec().build()))
        .isEqualTo(new TokenReviewer.Outcome.Rejected(400, "BadRequest", "token is required for TokenReview in authentication"));
  }

  @Test
  void apiAudiencesDefaultToTheServiceAccountIssuers() {
    assertThat(settings.effectiveApiAudiences()).containsExactly(SA_ISSUER);
    assertThat(AuthnSettings.defaults().effectiveApiAudiences()).isEmpty();
  }

  @Test
  void writesTheSameConfigurationAsKubeApiserverFlagsAndFiles(@TempDir Path dir) throws Exception {
    List<String> flags = settings.writeApiServerConfig(dir);
    assertThat(flags)
        .anySatisfy(f -> assertThat(f).startsWith("--token-auth-file=" + dir))
        .anySatisfy(f -> assertThat(f).startsWith("--client-ca-file="))
        .anySatisfy(f -> assertThat(f).startsWith("--requestheader-client-ca-file="))
        .anySatisfy(f -> assertThat(f).startsWith("--service-account-issuer=" + SA_ISSUER))
        .anySatisfy(f -> assertThat(f).startsWith("--authentication-config="))
        .contains("--anonymous-auth=true");
    assertThat(Files.readString(dir.resolve("tokens.csv"))).contains("static-token-1,alice");
  }

  @Test
  void noMethodsAndAnonymousDisabledAuthenticatesNobody() {
    ApiServerAuthenticator none = AuthnSettings.builder().anonymous(AuthnSettings.Anonymous.DISABLED).build().authenticator(AuthnSettings.Environment.defaults());
    assertThat(none.authenticate(AuthenticationRequest.get("/")).isAuthenticated()).isFalse();
    ApiServerAuthenticator onlyAnonymous = AuthnSettings.defaults().authenticator(AuthnSettings.Environment.defaults());
    assertThat(onlyAnonymous.authenticate(AuthenticationRequest.withBearerToken("x")).isAuthenticated())
        .as("with no token authenticators configured, kube-apiserver's chain is anonymous alone")
        .isTrue();
  }
}
