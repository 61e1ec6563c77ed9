package dev.authlab.labs.lab11_new_joiner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.kubeconfig.Kubeconfigs;
import dev.authlab.labs.support.Calls;
import dev.authlab.labs.support.Waiting;
import dev.authlab.pki.CertificateInfo;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lab 11 on a real control plane: your CSR and CertificateSigningRequest are submitted and approved,
 * kube-controller-manager signs them with the cluster's client CA, your kubeconfig logs in with the
 * result, and your Role is applied and asked about.
 */
@WithControlPlane
class Lab11ClusterTest {

  static final Duration CATCH_UP = Duration.ofSeconds(30);

  static ControlPlane cp;
  static KubernetesClient admin;
  static final List<KubernetesClient> clients = new ArrayList<>();
  static Joined joined;

  /** What the joiner ends up with: the certificate the cluster issued and a client from her kubeconfig. */
  record Joined(X509Certificate certificate, KubernetesClient client) {}

  @BeforeAll
  static void setUp(ControlPlane controlPlane) {
    cp = controlPlane;
    admin = cp.adminClient();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NewJoiner.NAMESPACE).endMetadata().build())
        .createOr(NonDeletingOperation::update);
  }

  @AfterAll
  static void closeClients() {
    clients.forEach(KubernetesClient::close);
  }

  @Test
  @DisplayName("the cluster signs your CertificateSigningRequest and your kubeconfig logs in as the joiner")
  void clusterSignsAndTheKubeconfigLogsIn() {
    Joined joiner = join();
    CertificateInfo info = CertificateInfo.of(joiner.certificate());
    assertThat(info.describe()).as("the certificate the cluster issued").contains("CN=" + NewJoiner.USER);
    ControlPlane.WhoamiResult result = ControlPlaneClients.whoami(joiner.client());
    assertThat(result).as("kubectl auth whoami with your kubeconfig").isInstanceOf(ControlPlane.WhoamiResult.Authenticated.class);
    UserInfo user = ((ControlPlane.WhoamiResult.Authenticated) result).user();
    assertThat(user.name()).as("the user the API server saw").isEqualTo(NewJoiner.USER);
    assertThat(user.groups()).as("the groups the API server saw").isEqualTo(List.of(NewJoiner.TEAM, UserInfo.ALL_AUTHENTICATED));
    assertThat(joiner.client().getNamespace()).as("the namespace your kubeconfig starts in").isEqualTo(NewJoiner.NAMESPACE);
  }

  @Test
  @DisplayName("on the cluster the team's Role allows the team's job and refuses the rest")
  void clusterAgreesWithTheTeamsRole() {
    // your policy first: the API server cannot allow what the YAML does not grant, so fail at once
    boolean grantsListPods = Access.can(RbacPolicy.of(NewJoiner.policy().objects()), Subject.user(NewJoiner.USER).inGroups(NewJoiner.TEAM),
        Request.of("list", "pods").in(NewJoiner.NAMESPACE)).passed();
    assertThat(grantsListPods).withFailMessage("%s does not let the team list pods in %s yet: make roleGrantsTheTeamsJob pass first",
        NewJoiner.POLICY_RESOURCE, NewJoiner.NAMESPACE).isTrue();
    for (HasMetadata object : NewJoiner.policy().objects()) {
      admin.resource(object).createOr(NonDeletingOperation::update);
    }
    UserInfo amara = new UserInfo(NewJoiner.USER, "", List.of(NewJoiner.TEAM, UserInfo.ALL_AUTHENTICATED), Map.of());
    Map<String, Boolean> expected = new LinkedHashMap<>();
    expected.put("list  pods", true);
    expected.put("get  pods log", true);
    expected.put("create apps deployments", true);
    expected.put("patch apps deployments", true);
    expected.put("delete apps deployments", true);
    expected.put("create  pods", false);
    expected.put("create  pods exec", false);
    expected.put("list  secrets", false);
    expected.put("update apps deployments scale", false);
    expected.put("create rbac.authorization.k8s.io rolebindings", false);
    // RBAC's cache catches up with new objects within moments
    await(() -> allowed(amara, "list  pods", NewJoiner.NAMESPACE), "RBAC to allow the team to list pods");
    for (Map.Entry<String, Boolean> ask : expected.entrySet()) {
      assertThat(allowed(amara, ask.getKey(), NewJoiner.NAMESPACE))
          .as("the API server's answer to: may Amara (group %s) %s in %s?", NewJoiner.TEAM, ask.getKey().replaceAll(" +", " "), NewJoiner.NAMESPACE)
          .isEqualTo(ask.getValue());
    }
    for (String elsewhere : List.of("default", "kube-system", "")) {
      String where = elsewhere.isEmpty() ? "across the whole cluster" : "in namespace " + elsewhere;
      for (String ask : List.of("list  pods", "get  secrets", "create  pods exec")) {
        assertThat(allowed(amara, ask, elsewhere)).as("the API server's answer to: may Amara %s %s?", ask.replaceAll(" +", " "), where).isFalse();
      }
    }

    // and for real, with the kubeconfig
    KubernetesClient client = join().client();
    assertThat(client.apps().deployments().list().getItems()).as("the deployments listed with your kubeconfig").isNotNull();
    assertThat(Calls.statusOf(() -> client.secrets().list())).as("the HTTP status when Amara lists Secrets").isEqualTo(403);
  }

  // ---- support

  /** The whole flow, once: key, your CSR, your CertificateSigningRequest, approval, signing, your kubeconfig. */
  static synchronized Joined join() {
    if (joined != null) {
      return joined;
    }
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    String csrPem = JoinerCsr.csrPem(key, NewJoiner.USER, NewJoiner.GROUPS);
    String name = "lab11-amara-" + UUID.randomUUID().toString().substring(0, 8);
    CertificateSigningRequest request = SigningRequests.forApiServerClient(name, csrPem, Duration.ofHours(1));
    var csrs = admin.certificates().v1().certificateSigningRequests();
    csrs.resource(request).create();
    csrs.withName(name).approve();
    String[] certificate = new String[1];
    await(() -> {
      CertificateSigningRequest signed = csrs.withName(name).get();
      if (signed != null && signed.getStatus() != null && signed.getStatus().getCertificate() != null && !signed.getStatus().getCertificate().isEmpty()) {
        certificate[0] = new String(Base64.getDecoder().decode(signed.getStatus().getCertificate()), StandardCharsets.US_ASCII);
        return true;
      }
      return false;
    }, "kube-controller-manager to sign CertificateSigningRequest " + name);
    assertThat(certificate[0]).as("status.certificate of %s after approval", name).isNotNull();
    io.fabric8.kubernetes.api.model.Config kubeconfig = JoinerKubeconfig.build(
        cp.apiServerUrl().toString(), cp.servingCaPem(), NewJoiner.USER, NewJoiner.NAMESPACE, certificate[0], Pem.encode(key.getPrivate()));
    Config config = Config.fromKubeconfig(Kubeconfigs.toYaml(kubeconfig));
    // fabric8 reads PKCS#8 keys as RSA unless told; kubectl needs no such hint
    config.setClientKeyAlgo("EC");
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    joined = new Joined(Pem.parseCertificate(certificate[0]), client);
    return joined;
  }

  /** "VERB GROUP RESOURCE [SUBRESOURCE]" as a SubjectAccessReview, answered by the API server. */
  static boolean allowed(UserInfo user, String ask, String namespace) {
    String[] words = ask.split(" ", -1);
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(user.name()).withGroups(user.groups())
        .withNewResourceAttributes().withNamespace(namespace).withVerb(words[0]).withGroup(words[1]).withResource(words[2])
        .withSubresource(words.length > 3 ? words[3] : null).endResourceAttributes()
        .endSpec().build();
    return Boolean.TRUE.equals(cp.review(review).getAllowed());
  }

  static void await(java.util.function.BooleanSupplier condition, String what) {
    Waiting.until(condition, CATCH_UP, what);
  }
}
