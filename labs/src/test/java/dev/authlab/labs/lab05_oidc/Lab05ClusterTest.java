package dev.authlab.labs.lab05_oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.oidc.KeySet;
import dev.authlab.authn.oidc.OidcIssuer;
import dev.authlab.authn.oidc.OidcOptions;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A kube-apiserver started with --authentication-config set to your configuration. */
@Tag("cluster")
@WithControlPlane(settings = "authn", sharing = WithControlPlane.Sharing.PER_CLASS)
class Lab05ClusterTest {

  /** The API server fetches the issuer's discovery document and keys in the background after it starts. */
  static final Duration DISCOVERY_WAIT = Duration.ofSeconds(30);

  static OidcIssuer idp;
  static RuntimeException setupFailure;

  static synchronized AuthnSettings authn() {
    idp = OidcIssuer.start();
    try {
      return AuthnSettings.builder().authenticationConfiguration(OidcSetup.configuration(idp.url(), idp.caPem())).build();
    } catch (RuntimeException e) {
      // still start an API server, so the checks can say what went wrong in plain words
      setupFailure = e;
      return AuthnSettings.defaults();
    }
  }

  @AfterAll
  static void stopIssuer() {
    if (idp != null) {
      idp.close();
    }
  }

  @Test
  @DisplayName("the API server started with your configuration accepts Jane's token as oidc:jane@example.com")
  void apiServerAcceptsJanesToken(ControlPlane cp) {
    UserInfo user = awaitJane(cp);
    assertThat(user.name()).as("the user name the API server mapped").isEqualTo("oidc:jane@example.com");
    assertThat(user.groups()).as("the groups the API server mapped (it adds system:authenticated)")
        .containsExactly("oidc:payments-devs", "oidc:oncall", UserInfo.ALL_AUTHENTICATED);
  }

  @Test
  @DisplayName("the API server rejects an otherwise good token from another tenant, or with no tenant")
  void apiServerRejectsAnotherTenant(ControlPlane cp) {
    awaitJane(cp);
    JWTClaimsSet otherTenant = new JWTClaimsSet.Builder(OidcSetup.janesIdToken(idp.url(), Instant.now())).claim("tenant", "globex").build();
    assertThat(cp.whoami(new Credential.Token(idp.mint(otherTenant.toJSONObject()))))
        .as("kubectl auth whoami with Jane's token from tenant globex").isInstanceOf(WhoamiResult.Unauthorized.class);
    JWTClaimsSet noTenant = new JWTClaimsSet.Builder(OidcSetup.janesIdToken(idp.url(), Instant.now())).claim("tenant", null).build();
    assertThat(cp.whoami(new Credential.Token(idp.mint(noTenant.toJSONObject()))))
        .as("kubectl auth whoami with Jane's token without a tenant claim").isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  /** Jane's token, until the API server has the issuer's keys and accepts it (or the wait is over). */
  private static UserInfo awaitJane(ControlPlane cp) {
    assertThat(setupFailure).as("building your configuration for the API server failed: %s",
        setupFailure == null ? "" : setupFailure.getMessage()).isNull();
    String token = idp.mint(OidcSetup.janesIdToken(idp.url(), Instant.now()).toJSONObject());
    // the library first, with the issuer's keys handed over: no point waiting for the API server if it says no
    AuthnResult offline = OidcSetup.configuration(idp.url(), idp.caPem())
        .tokenAuthenticator(List.of(), OidcOptions.defaults().withKeySet(KeySet.of(idp.publicKeys())))
        .authenticateToken(token, List.of());
    assertThat(offline).as("before asking the API server: the library's verdict on Jane's token with your configuration: %s",
        offline.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    Credential jane = new Credential.Token(token);
    long deadline = System.nanoTime() + DISCOVERY_WAIT.toNanos();
    WhoamiResult result = cp.whoami(jane);
    while (!(result instanceof WhoamiResult.Authenticated) && System.nanoTime() < deadline) {
      pause();
      result = cp.whoami(jane);
    }
    assertThat(result).as("kubectl auth whoami with Jane's token (after waiting up to %d s for the API server to fetch the issuer's keys)",
        DISCOVERY_WAIT.toSeconds()).isInstanceOf(WhoamiResult.Authenticated.class);
    return ((WhoamiResult.Authenticated) result).user();
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
