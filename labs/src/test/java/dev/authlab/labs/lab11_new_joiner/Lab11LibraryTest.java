package dev.authlab.labs.lab11_new_joiner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.kubeconfig.Kubeconfigs;
import dev.authlab.labs.support.PolicyFacts;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.Csr;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import dev.authlab.testkit.Subject;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Lab 11 · A new joiner, end to end: CSR, CertificateSigningRequest, kubeconfig and Role, checked offline. */
@Tag("library")
class Lab11LibraryTest {

  static final List<String> TEAM_RULES = List.of("get,list,watch pods", "get pods/log", "get,list,watch,create,update,patch,delete deployments");
  static final Set<String> CLIENT_SIGNER_USAGES = Set.of("client auth", "digital signature", "key encipherment");
  static final String SERVER = "https://127.0.0.1:6443";

  static KeyPair amaraKey;
  static CertificateAuthority clientCa;
  static CertificateAuthority servingCa;

  @BeforeAll
  static void keys() {
    amaraKey = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    clientCa = CertificateAuthority.selfSigned("lab11-client-ca", KeyAlgorithm.ECDSA_P256);
    servingCa = CertificateAuthority.selfSigned("lab11-serving-ca", KeyAlgorithm.ECDSA_P256);
  }

  @Test
  @DisplayName("makes a CSR for the joiner's key with CN = user and one O per group, signed by her key")
  void csrNamesTheJoinerAndHerTeam() {
    KeyPair other = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    List<Object[]> joiners = List.of(
        new Object[] {amaraKey, NewJoiner.USER, NewJoiner.GROUPS},
        new Object[] {other, "li.wei", List.of("payments-devs", "on-call")});
    for (Object[] joiner : joiners) {
      KeyPair key = (KeyPair) joiner[0];
      String user = (String) joiner[1];
      @SuppressWarnings("unchecked")
      List<String> groups = (List<String>) joiner[2];
      String pem = JoinerCsr.csrPem(key, user, groups);
      assertThat(pem).as("your CSR for %s (PEM)", user).contains("-----BEGIN CERTIFICATE REQUEST-----");
      Csr csr = Csr.fromPem(pem, "your CSR for " + user);
      assertThat(csr.commonName()).as("the CN (the user name) of your CSR for %s", user).isEqualTo(user);
      assertThat(csr.organizations()).as("the O values (the groups, in order) of your CSR for %s", user).isEqualTo(groups);
      assertThat(csr.publicKey().getEncoded()).as("the public key in your CSR for %s (must be the key pair's)", user)
          .isEqualTo(key.getPublic().getEncoded());
      assertThat(csr.isSignatureValid()).as("whether your CSR for %s is signed with the key pair's private key", user).isTrue();
    }
  }

  @Test
  @DisplayName("wraps the CSR in a CertificateSigningRequest for kubernetes.io/kube-apiserver-client with client auth and an expiry")
  void signingRequestAsksTheClientSigner() {
    String pem = Csr.create(amaraKey, NewJoiner.USER, NewJoiner.GROUPS).toPem();
    for (Duration lifetime : List.of(Duration.ofHours(24), Duration.ofMinutes(30))) {
      CertificateSigningRequest object = SigningRequests.forApiServerClient("lab11-amara", pem, lifetime);
      assertThat(object.getApiVersion()).as("apiVersion").isEqualTo("certificates.k8s.io/v1");
      assertThat(object.getKind()).as("kind").isEqualTo("CertificateSigningRequest");
      assertThat(object.getMetadata() == null ? null : object.getMetadata().getName()).as("metadata.name").isEqualTo("lab11-amara");
      CertificateSigningRequestSpec spec = object.getSpec();
      assertThat(spec).as("spec").isNotNull();
      assertThat(spec.getRequest()).as("spec.request").isNotNull();
      String decoded = new String(Base64.getDecoder().decode(spec.getRequest()), StandardCharsets.US_ASCII);
      assertThat(Csr.fromPem(decoded, "spec.request, base64-decoded")).as("the CSR in spec.request (base64 of the PEM)")
          .isEqualTo(Csr.fromPem(pem));
      assertThat(spec.getSignerName()).as("spec.signerName").isEqualTo("kubernetes.io/kube-apiserver-client");
      assertThat(spec.getUsages()).as("spec.usages").contains("client auth");
      assertThat(CLIENT_SIGNER_USAGES).as("the usages this signer allows (yours: %s)", spec.getUsages()).containsAll(spec.getUsages());
      assertThat(spec.getExpirationSeconds()).as("spec.expirationSeconds for a lifetime of %s", lifetime).isEqualTo((int) lifetime.toSeconds());
      assertThat(spec.getUsername()).as("spec.username (the API server fills it in)").isNull();
      assertThat(spec.getGroups()).as("spec.groups (the API server fills it in)").isNullOrEmpty();
    }
  }

  @Test
  @DisplayName("builds a kubeconfig whose current context logs in with the issued certificate, in the team's namespace")
  void kubeconfigLogsInWithTheIssuedCertificate() {
    X509Certificate issued = clientCa.sign(Csr.create(amaraKey, NewJoiner.USER, NewJoiner.GROUPS));
    Config yours = JoinerKubeconfig.build(SERVER, servingCa.certificatePem(), NewJoiner.USER, NewJoiner.NAMESPACE,
        Pem.encode(issued), Pem.encode(amaraKey.getPrivate()));
    // what kubectl would read back: every name resolves, the current context exists
    Config config = Kubeconfigs.parse(Kubeconfigs.toYaml(yours), "your kubeconfig");
    NamedContext current = config.getContexts().stream().filter(c -> c.getName().equals(config.getCurrentContext())).findFirst().orElseThrow();
    Context context = current.getContext();
    assertThat(context.getNamespace()).as("the namespace of the current context").isEqualTo(NewJoiner.NAMESPACE);
    NamedCluster cluster = config.getClusters().stream().filter(c -> c.getName().equals(context.getCluster())).findFirst().orElseThrow();
    assertThat(cluster.getCluster().getServer()).as("the server of the current context's cluster").isEqualTo(SERVER);
    assertThat(Boolean.TRUE.equals(cluster.getCluster().getInsecureSkipTlsVerify()))
        .withFailMessage("your kubeconfig sets insecure-skip-tls-verify: true on the cluster; leave it out: the CA data is there so that "
            + "kubectl checks the API server's certificate")
        .isFalse();
    assertThat(decode(cluster.getCluster().getCertificateAuthorityData())).as("certificate-authority-data, decoded")
        .isEqualToIgnoringWhitespace(servingCa.certificatePem());
    NamedAuthInfo named = config.getUsers().stream().filter(u -> u.getName().equals(context.getUser())).findFirst().orElseThrow();
    AuthInfo user = named.getUser();
    assertThat(user.getClientCertificateData()).as("client-certificate-data of the current context's user").isNotNull();
    assertThat(user.getClientKeyData()).as("client-key-data of the current context's user").isNotNull();
    List<X509Certificate> chain = Pem.parseCertificates(decode(user.getClientCertificateData()), "client-certificate-data");
    assertThat(chain.get(0)).as("the client certificate in the kubeconfig").isEqualTo(issued);
    PrivateKey key = Pem.parsePrivateKey(decode(user.getClientKeyData()), "client-key-data");
    assertThat(KeyPairs.matches(chain.get(0).getPublicKey(), key)).as("whether client-key-data is the certificate's private key").isTrue();

    AuthnResult result = AuthnSettings.builder().clientCa(ClientCaConfig.of(List.of(clientCa.certificate()))).build()
        .authenticator(AuthnSettings.Environment.defaults())
        .authenticate(AuthenticationRequest.get("/api").withClientCertificates(chain));
    assertThat(result).as("the API server's authentication of the kubeconfig's certificate").isInstanceOf(AuthnResult.Authenticated.class);
    UserInfo seen = ((AuthnResult.Authenticated) result).user();
    assertThat(seen.name()).as("the user the API server sees in the kubeconfig's certificate").isEqualTo(NewJoiner.USER);
    assertThat(seen.groups()).as("the groups the API server sees in the kubeconfig's certificate")
        .isEqualTo(List.of(NewJoiner.TEAM, UserInfo.ALL_AUTHENTICATED));
  }

  @Test
  @DisplayName("gives the team's group exactly the team's job in its namespace")
  void roleGrantsTheTeamsJob() {
    RbacPolicy policy = policy();
    for (Subject subject : List.of(amara(), Subject.group(NewJoiner.TEAM))) {
      Verdict verdict = Access.canOnly(policy, subject, NewJoiner.NAMESPACE, RuleSpec.parseAll(TEAM_RULES));
      assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
    }
    assertThat(PolicyFacts.bindingsToRolesElsewhere(policy))
        .as("bindings in %s to a role the file does not define (on a cluster that is a built-in role such as cluster-admin, "
            + "which holds far more than the team's job; write the Role yourself)", NewJoiner.POLICY_RESOURCE)
        .isEmpty();
  }

  @Test
  @DisplayName("gives the joiner nothing elsewhere, no way to escalate, nothing by her name alone, and nobody else anything")
  void joinerGetsNothingMore() {
    RbacPolicy policy = policy();
    Verdict can = Access.can(policy, amara(), Request.of("list", "pods").in(NewJoiner.NAMESPACE));
    assertThat(can.passed()).withFailMessage("first, Amara (in group %s) must be able to list pods: %s", NewJoiner.TEAM, can.render()).isTrue();
    List<Verdict> verdicts = new ArrayList<>(List.of(Access.cannotEscalate(policy, amara()), Access.cannotImpersonate(policy, amara())));
    for (String namespace : PolicyFacts.everyNamespace(policy, NewJoiner.NAMESPACE, "lab11-other")) {
      verdicts.add(Access.canOnly(policy, Subject.user(NewJoiner.USER), namespace, List.of()));
      verdicts.add(Access.canOnly(policy, Subject.user("lab11-someone-else").inGroups(UserInfo.ALL_AUTHENTICATED), namespace, List.of()));
      if (!namespace.equals(NewJoiner.NAMESPACE)) {
        verdicts.add(Access.canOnly(policy, amara(), namespace, List.of()));
      }
    }
    for (Verdict verdict : verdicts) {
      assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
    }
    // a binding to anyone else hands out power this lab never asked for, whatever its role holds
    assertThat(PolicyFacts.bindingSubjects(policy))
        .as("the subjects of every binding in %s (only the group %s should be there)", NewJoiner.POLICY_RESOURCE, NewJoiner.TEAM)
        .containsOnly("Group " + NewJoiner.TEAM);
  }

  // ---- support

  static Subject amara() {
    return Subject.user(NewJoiner.USER).inGroups(NewJoiner.TEAM);
  }

  static RbacPolicy policy() {
    return RbacPolicy.of(NewJoiner.policy().objects());
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
