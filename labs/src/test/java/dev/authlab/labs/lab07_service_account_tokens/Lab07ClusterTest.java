package dev.authlab.labs.lab07_service_account_tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.extension.WithControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kit's usual control plane; its service-account issuer and signing key are handed to your code. */
@Tag("cluster")
@WithControlPlane
class Lab07ClusterTest {

  static final String NAMESPACE = "lab07-sa-tokens";
  static final Duration LIFETIME = Duration.ofMinutes(10);
  /** The API server sees a deleted service account after its watch catches up. */
  static final Duration CATCH_UP = Duration.ofSeconds(30);

  static ServiceAccountTokens tokens;
  static String audience;

  @BeforeAll
  static void setUp(ControlPlane cp) {
    ServiceAccountConfig accounts = cp.authn().serviceAccounts().orElseThrow();
    tokens = new ServiceAccountTokens(accounts.issuers().get(0), new KeyPair(accounts.publicKeys().get(0), accounts.signingKey()));
    audience = cp.authn().effectiveApiAudiences().get(0);
    KubernetesClient admin = cp.adminClient();
    if (admin.namespaces().withName(NAMESPACE).get() == null) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    }
  }

  @Test
  @DisplayName("the API server takes your token for a real service account as that service account")
  void apiServerAcceptsYourToken(ControlPlane cp) {
    ServiceAccount builder = create(cp, "builder");
    WhoamiResult result = cp.whoami(new Credential.Token(tokens.mint(builder, audience, Instant.now(), LIFETIME)));
    assertThat(result).as("kubectl auth whoami with your token for %s/builder", NAMESPACE).isInstanceOf(WhoamiResult.Authenticated.class);
    UserInfo user = ((WhoamiResult.Authenticated) result).user();
    assertThat(user.name()).as("user name").isEqualTo("system:serviceaccount:" + NAMESPACE + ":builder");
    assertThat(user.uid()).as("uid (the service account's)").isEqualTo(builder.getMetadata().getUid());
    assertThat(user.groups()).as("groups")
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, UserInfo.ALL_AUTHENTICATED);
  }

  @Test
  @DisplayName("once the service account is deleted, the API server rejects your token for it")
  void apiServerRejectsTheTokenOfADeletedServiceAccount(ControlPlane cp) {
    ServiceAccount doomed = create(cp, "doomed");
    Instant now = Instant.now();
    assertThat(cp.whoami(new Credential.Token(tokens.mint(doomed, audience, now, LIFETIME))))
        .as("kubectl auth whoami with your token while %s/doomed exists", NAMESPACE).isInstanceOf(WhoamiResult.Authenticated.class);
    // a token the API server has not seen yet (its token cache remembers successes for a few seconds)
    Credential unused = new Credential.Token(tokens.mint(doomed, audience, now.minusSeconds(1), LIFETIME));
    cp.adminClient().serviceAccounts().inNamespace(NAMESPACE).withName("doomed").delete();
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    WhoamiResult after = cp.whoami(unused);
    while (!(after instanceof WhoamiResult.Unauthorized) && System.nanoTime() < deadline) {
      pause();
      after = cp.whoami(unused);
    }
    assertThat(after).as("kubectl auth whoami with your token after %s/doomed was deleted", NAMESPACE)
        .isInstanceOf(WhoamiResult.Unauthorized.class);
  }

  private static ServiceAccount create(ControlPlane cp, String name) {
    return cp.adminClient().serviceAccounts().inNamespace(NAMESPACE)
        .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata().build())
        .create();
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
