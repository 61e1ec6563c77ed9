package dev.authlab.labs.lab08_user_vs_pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.labs.support.PolicyFacts;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import dev.authlab.testkit.Subject;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lab 08 · User vs pod authentication: a pod's credentials, its identity and its Role, checked offline. */
@Tag("library")
class Lab08LibraryTest {

  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.lab08-token-as-the-kubelet-writes-it.c2ln";

  @TempDir static Path tmp;

  static CertificateAuthority clusterCa;
  static KeyPair serviceAccountKeys;

  @BeforeAll
  static void keys() {
    clusterCa = CertificateAuthority.selfSigned("lab08-cluster-ca", KeyAlgorithm.ECDSA_P256);
    serviceAccountKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  }

  @Test
  @DisplayName("turns the mounted volume and the service variables into https://HOST:PORT with the CA, token and namespace")
  void buildsTheConfigFromTheMountedVolume() throws IOException {
    Path dir = tmp.resolve("builds");
    Path volume = volume(dir, TOKEN, "lab08-shop");
    Config config = inCluster(PodCredentials.fromPod(volume, service("10.96.0.1", "443")));
    assertThat(stripSlash(config.getMasterUrl())).as("the API server URL").isEqualTo("https://10.96.0.1:443");
    assertThat(config.getOauthToken()).as("the bearer token (the contents of %s)", volume.resolve("token")).isEqualTo(TOKEN);
    assertThat(config.getNamespace()).as("the namespace (the contents of %s)", volume.resolve("namespace")).isEqualTo("lab08-shop");
    assertThat(caPem(config)).as("the CA the client trusts (the contents of %s)", volume.resolve("ca.crt"))
        .isEqualTo(clusterCa.certificatePem().strip());

    Config other = inCluster(PodCredentials.fromPod(volume(dir.resolve("other"), "another-token", "lab08-elsewhere"), service("10.0.0.1", "6443")));
    assertThat(stripSlash(other.getMasterUrl())).as("the API server URL for other variables").isEqualTo("https://10.0.0.1:6443");
    assertThat(other.getOauthToken()).as("the bearer token of another pod").isEqualTo("another-token");
    assertThat(other.getNamespace()).as("the namespace of another pod").isEqualTo("lab08-elsewhere");
  }

  @Test
  @DisplayName("puts an IPv6 service address in brackets")
  void bracketsAnIpv6ServiceAddress() throws IOException {
    Path dir = tmp.resolve("ipv6");
    Config config = inCluster(PodCredentials.fromPod(volume(dir, TOKEN, "lab08-shop"), service("fd00:10:96::1", "443")));
    assertThat(stripSlash(config.getMasterUrl()))
        .as("the URL for KUBERNETES_SERVICE_HOST=fd00:10:96::1 (an IPv6 address needs [brackets] in a URL)")
        .isEqualTo("https://[fd00:10:96::1]:443");
  }

  @Test
  @DisplayName("says 'not in a pod' without the service variables or without a token, and only then")
  void saysWhenNotInAPod() throws IOException {
    Path dir = tmp.resolve("not-in-a-pod");
    Path volume = volume(dir, TOKEN, "lab08-shop");
    inCluster(PodCredentials.fromPod(volume, service("10.96.0.1", "443")));
    assertThat(PodCredentials.fromPod(volume, Map.of(PodCredentials.PORT_VARIABLE, "443")))
        .as("the answer without KUBERNETES_SERVICE_HOST").isInstanceOf(PodConfig.NotInCluster.class);
    assertThat(PodCredentials.fromPod(volume, Map.of(PodCredentials.HOST_VARIABLE, "10.96.0.1", PodCredentials.PORT_VARIABLE, "")))
        .as("the answer with an empty KUBERNETES_SERVICE_PORT").isInstanceOf(PodConfig.NotInCluster.class);
    Files.delete(volume.resolve("token"));
    assertThat(PodCredentials.fromPod(volume, service("10.96.0.1", "443")))
        .as("the answer when no token is mounted (automountServiceAccountToken: false)").isInstanceOf(PodConfig.NotInCluster.class);
  }

  @Test
  @DisplayName("names the pod's user and groups from its token as the API server does")
  void namesThePodLikeTheApiServer() {
    for (String[] account : List.of(new String[] {"lab08-shop", "report-builder"}, new String[] {"lab08-billing", "invoicer"})) {
      String namespace = account[0];
      String name = account[1];
      InMemoryServiceAccountObjects objects = InMemoryServiceAccountObjects.of(
          new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid("uid-" + name).endMetadata().build(),
          new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name + "-7d9c").withUid("pod-uid-" + name).endMetadata()
              .withNewSpec().withServiceAccountName(name).endSpec().build());
      String token = mint(objects, namespace, name, name + "-7d9c", "pod-uid-" + name);
      UserInfo apiServer = libraryUser(objects, token);
      UserInfo yours = PodIdentity.fromToken(token);
      assertThat(yours.name()).as("the user name of service account %s/%s", namespace, name).isEqualTo(apiServer.name());
      assertThat(yours.uid()).as("the uid of service account %s/%s", namespace, name).isEqualTo(apiServer.uid());
      assertThat(yours.groups()).as("the groups of service account %s/%s, in order", namespace, name).isEqualTo(apiServer.groups());
    }
  }

  @Test
  @DisplayName("gives the report-builder service account exactly what the app needs in its namespace")
  void roleGrantsExactlyWhatTheAppNeeds() {
    Verdict verdict = Access.canOnly(policy(), reportBuilder(), ReportBuilder.NAMESPACE,
        RuleSpec.parseAll(List.of("get,list,watch pods", "get secrets " + ReportBuilder.DATABASE_SECRET)));
    assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
    assertThat(PolicyFacts.bindingsToRolesElsewhere(policy()))
        .as("bindings in %s to a role the file does not define (on a cluster that is a built-in role such as cluster-admin, "
            + "which holds far more than the app needs; write the Role yourself)", ReportBuilder.POLICY_RESOURCE)
        .isEmpty();
  }

  @Test
  @DisplayName("gives nothing to other service accounts, other namespaces or the whole cluster")
  void nobodyElseAndNowhereElse() {
    RbacPolicy policy = policy();
    Verdict can = Access.can(policy, reportBuilder(), Request.of("list", "pods").in(ReportBuilder.NAMESPACE));
    assertThat(can.passed()).withFailMessage("first, the app itself must be able to list pods: %s", can.render()).isTrue();
    List<Subject> others = List.of(
        Subject.serviceAccount(ReportBuilder.NAMESPACE, "default"),
        Subject.group("system:serviceaccounts:" + ReportBuilder.NAMESPACE),
        Subject.group("system:serviceaccounts"),
        Subject.group("system:authenticated"),
        Subject.serviceAccount("lab08-other", ReportBuilder.SERVICE_ACCOUNT),
        Subject.user("lab08-someone-else"));
    List<Verdict> verdicts = new ArrayList<>();
    for (String namespace : PolicyFacts.everyNamespace(policy, ReportBuilder.NAMESPACE, "lab08-other")) {
      for (Subject other : others) {
        verdicts.add(Access.canOnly(policy, other, namespace, List.of()));
      }
      if (!namespace.equals(ReportBuilder.NAMESPACE)) {
        verdicts.add(Access.canOnly(policy, reportBuilder(), namespace, List.of()));
      }
    }
    for (Verdict verdict : verdicts) {
      assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
    }
    // a binding to anyone else hands out power this lab never asked for, whatever its role holds
    assertThat(PolicyFacts.bindingSubjects(policy))
        .as("the subjects of every binding in %s (only the service account %s/%s should be there)",
            ReportBuilder.POLICY_RESOURCE, ReportBuilder.NAMESPACE, ReportBuilder.SERVICE_ACCOUNT)
        .containsOnly("ServiceAccount " + ReportBuilder.NAMESPACE + "/" + ReportBuilder.SERVICE_ACCOUNT);
  }

  // ---- support

  static Subject reportBuilder() {
    return Subject.serviceAccount(ReportBuilder.NAMESPACE, ReportBuilder.SERVICE_ACCOUNT);
  }

  static RbacPolicy policy() {
    return RbacPolicy.of(ReportBuilder.policy().objects());
  }

  static Map<String, String> service(String host, String port) {
    return Map.of(PodCredentials.HOST_VARIABLE, host, PodCredentials.PORT_VARIABLE, port, "HOME", "/root");
  }

  /** The projected volume as the kubelet writes it: token (no newline), ca.crt, namespace. */
  static Path volume(Path dir, String token, String namespace) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("token"), token, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("ca.crt"), clusterCa.certificatePem(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("namespace"), namespace, StandardCharsets.UTF_8);
    return dir;
  }

  static Config inCluster(PodConfig result) {
    assertThat(result).as("what fromPod found in a pod with the variables and the volume").isInstanceOf(PodConfig.InCluster.class);
    return ((PodConfig.InCluster) result).config();
  }

  static String stripSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The CA from the config: data or file, either is fine. */
  static String caPem(Config config) throws IOException {
    if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
      return new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8).strip();
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
      return Files.readString(Path.of(config.getCaCertFile()), StandardCharsets.UTF_8).strip();
    }
    return "(no CA: neither caCertData nor caCertFile is set)";
  }

  static String mint(InMemoryServiceAccountObjects objects, String namespace, String name, String pod, String podUid) {
    ServiceAccountTokenIssuer issuer = ServiceAccountTokenIssuer.builder(ISSUER, serviceAccountKeys.getPrivate()).objects(objects).build();
    TokenRequestResult result = issuer.request(namespace, name, new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod).withUid(podUid).endBoundObjectRef().endSpec().build());
    assertThat(result).as("the library's TokenRequest (a bug in the test, not in your code)").isInstanceOf(TokenRequestResult.Issued.class);
    return ((TokenRequestResult.Issued) result).token();
  }

  /** What the library's API-server authenticator makes of the token. */
  static UserInfo libraryUser(InMemoryServiceAccountObjects objects, String token) {
    AuthnSettings settings = AuthnSettings.builder()
        .serviceAccounts(ServiceAccountConfig.of(ISSUER, Pem.encode(serviceAccountKeys.getPublic()), Pem.encode(serviceAccountKeys.getPrivate())))
        .build();
    AuthnResult result = settings.authenticator(AuthnSettings.Environment.defaults().withObjects(objects))
        .authenticate(AuthenticationRequest.withBearerToken(token));
    assertThat(result).as("the library's authentication of the token (a bug in the test, not in your code)").isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user();
  }
}
