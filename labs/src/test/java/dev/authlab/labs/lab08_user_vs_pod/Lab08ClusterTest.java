package dev.authlab.labs.lab08_user_vs_pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.labs.support.Calls;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab 08 on a real API server: a real service account and a token from the TokenRequest API (what the
 * kubelet mounts into a pod), used through your {@link PodCredentials}; your Role applied and asked
 * about with SubjectAccessReviews.
 */
@WithControlPlane
class Lab08ClusterTest {

  static final Duration RBAC_CATCH_UP = Duration.ofSeconds(30);
  static final String OTHER_SECRET = "payment-provider-keys";

  @TempDir static Path tmp;

  static ControlPlane cp;
  static KubernetesClient admin;
  static String token;
  static final List<KubernetesClient> clients = new ArrayList<>();

  @BeforeAll
  static void setUp(ControlPlane controlPlane) {
    cp = controlPlane;
    admin = cp.adminClient();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ReportBuilder.NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);
    admin.serviceAccounts().inNamespace(ReportBuilder.NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(ReportBuilder.SERVICE_ACCOUNT).endMetadata().build()).createOr(NonDeletingOperation::update);
    for (String secret : List.of(ReportBuilder.DATABASE_SECRET, OTHER_SECRET)) {
      admin.secrets().inNamespace(ReportBuilder.NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(secret).endMetadata()
          .addToStringData("password", "lab08-not-a-real-secret").build()).createOr(NonDeletingOperation::update);
    }
    // what the kubelet asks for on the pod's behalf (without a pod, so no pod binding)
    token = admin.serviceAccounts().inNamespace(ReportBuilder.NAMESPACE).withName(ReportBuilder.SERVICE_ACCOUNT)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  @AfterAll
  static void closeClients() {
    clients.forEach(KubernetesClient::close);
  }

  @Test
  @DisplayName("the API server accepts your pod credentials and names the pod as your PodIdentity does")
  void podCredentialsWorkOnTheCluster() throws IOException {
    KubernetesClient pod = podClient();
    ControlPlane.WhoamiResult result = ControlPlaneClients.whoami(pod);
    assertThat(result).as("kubectl auth whoami with your pod credentials").isInstanceOf(ControlPlane.WhoamiResult.Authenticated.class);
    UserInfo seen = ((ControlPlane.WhoamiResult.Authenticated) result).user();
    UserInfo predicted = PodIdentity.fromToken(token);
    assertThat(seen.name()).as("the user the API server saw").isEqualTo("system:serviceaccount:" + ReportBuilder.NAMESPACE + ":" + ReportBuilder.SERVICE_ACCOUNT);
    assertThat(predicted.name()).as("the user your PodIdentity predicted").isEqualTo(seen.name());
    assertThat(predicted.uid()).as("the uid your PodIdentity predicted").isEqualTo(seen.uid());
    assertThat(predicted.groups()).as("the groups your PodIdentity predicted").isEqualTo(seen.groups());
  }

  @Test
  @DisplayName("on the cluster your Role lets the app list pods and read its one Secret, and refuses the rest")
  void clusterAgreesWithYourRole() throws IOException {
    // your policy first: the API server cannot allow what the YAML does not grant, so fail at once
    boolean grantsListPods = Access.can(RbacPolicy.of(ReportBuilder.policy().objects()),
        Subject.serviceAccount(ReportBuilder.NAMESPACE, ReportBuilder.SERVICE_ACCOUNT), Request.of("list", "pods").in(ReportBuilder.NAMESPACE)).passed();
    assertThat(grantsListPods).withFailMessage("%s does not let the app list pods in %s yet: make roleGrantsExactlyWhatTheAppNeeds pass first",
        ReportBuilder.POLICY_RESOURCE, ReportBuilder.NAMESPACE).isTrue();
    for (HasMetadata object : ReportBuilder.policy().objects()) {
      admin.resource(object).createOr(NonDeletingOperation::update);
    }
    UserInfo app = new UserInfo("system:serviceaccount:" + ReportBuilder.NAMESPACE + ":" + ReportBuilder.SERVICE_ACCOUNT, "",
        List.of("system:serviceaccounts", "system:serviceaccounts:" + ReportBuilder.NAMESPACE, "system:authenticated"), Map.of());
    Map<String, Boolean> expected = new LinkedHashMap<>();
    expected.put("list pods", true);
    expected.put("watch pods", true);
    expected.put("get pods", true);
    expected.put("get secrets " + ReportBuilder.DATABASE_SECRET, true);
    expected.put("list secrets", false);
    expected.put("get secrets " + OTHER_SECRET, false);
    expected.put("create pods", false);
    expected.put("delete pods", false);
    expected.put("get configmaps", false);
    // RBAC's cache catches up with new objects within moments
    awaitAllowed(app, "list pods");
    for (Map.Entry<String, Boolean> ask : expected.entrySet()) {
      assertThat(allowed(app, ask.getKey(), ReportBuilder.NAMESPACE)).as("the API server's answer to: can the app %s in %s?", ask.getKey(), ReportBuilder.NAMESPACE)
          .isEqualTo(ask.getValue());
    }
    for (String elsewhere : List.of("default", "kube-system", "")) {
      String where = elsewhere.isEmpty() ? "across the whole cluster" : "in namespace " + elsewhere;
      for (String ask : List.of("list pods", "get secrets", "list secrets")) {
        assertThat(allowed(app, ask, elsewhere)).as("the API server's answer to: can the app %s %s?", ask, where).isFalse();
      }
    }
    assertThat(allowed(new UserInfo("system:serviceaccount:" + ReportBuilder.NAMESPACE + ":default", "",
        List.of("system:serviceaccounts", "system:serviceaccounts:" + ReportBuilder.NAMESPACE, "system:authenticated"), Map.of()), "list pods", ReportBuilder.NAMESPACE))
        .as("the API server's answer to: can the namespace's default service account list pods?").isFalse();

    // and for real, with your pod credentials
    KubernetesClient pod = podClient();
    assertThat(pod.pods().inNamespace(ReportBuilder.NAMESPACE).list().getItems()).as("the pods your pod client listed").isNotNull();
    assertThat(pod.secrets().inNamespace(ReportBuilder.NAMESPACE).withName(ReportBuilder.DATABASE_SECRET).get())
        .as("the Secret %s read with your pod client", ReportBuilder.DATABASE_SECRET).isNotNull();
    int listSecrets = Calls.statusOf(() -> pod.secrets().inNamespace(ReportBuilder.NAMESPACE).list());
    assertThat(listSecrets).as("the HTTP status when your pod client lists every Secret").isEqualTo(403);
  }

  // ---- support

  /** A client from your PodCredentials, in a pod whose volume holds the real token and the cluster's CA. */
  static KubernetesClient podClient() throws IOException {
    Path volume = Files.createDirectories(tmp.resolve("serviceaccount"));
    Files.writeString(volume.resolve("token"), token, StandardCharsets.UTF_8);
    Files.writeString(volume.resolve("ca.crt"), cp.servingCaPem(), StandardCharsets.UTF_8);
    Files.writeString(volume.resolve("namespace"), ReportBuilder.NAMESPACE, StandardCharsets.UTF_8);
    Map<String, String> env = Map.of(
        PodCredentials.HOST_VARIABLE, cp.apiServerUrl().getHost(),
        PodCredentials.PORT_VARIABLE, String.valueOf(cp.apiServerUrl().getPort()));
    PodConfig config = PodCredentials.fromPod(volume, env);
    assertThat(config).as("what your PodCredentials made of the pod").isInstanceOf(PodConfig.InCluster.class);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(((PodConfig.InCluster) config).config()).build();
    clients.add(client);
    return client;
  }

  /** "VERB RESOURCE [NAME]" as a SubjectAccessReview, answered by the API server. */
  static boolean allowed(UserInfo user, String ask, String namespace) {
    String[] words = ask.split(" ");
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(user.name()).withGroups(user.groups())
        .withNewResourceAttributes().withNamespace(namespace).withVerb(words[0]).withGroup("").withResource(words[1])
        .withName(words.length > 2 ? words[2] : null).endResourceAttributes()
        .endSpec().build();
    return Boolean.TRUE.equals(cp.review(review).getAllowed());
  }

  static void awaitAllowed(UserInfo user, String ask) {
    long deadline = System.nanoTime() + RBAC_CATCH_UP.toNanos();
    while (!allowed(user, ask, ReportBuilder.NAMESPACE) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
