package dev.authlab.cluster.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.tokenfile.StaticToken;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edit of kubeadm's kube-apiserver manifest, on the manifest kubeadm writes in a kind node. */
class StaticPodManifestTest {

  @TempDir Path scratch;

  KindNodeConfig config() {
    AuthnSettings settings = AuthnSettings.builder()
        .tokenFile(TokenFileConfig.of(StaticToken.of("static-token-1", "alice", "admins")))
        .anonymous(AuthnSettings.Anonymous.DISABLED)
        .build();
    return KindApiServerPatch.of(settings, List.of("RBAC")).render("unused: no client CA in these settings", scratch);
  }

  static Container apiServer(String yaml) {
    Pod pod = new KubernetesSerialization().unmarshal(yaml, Pod.class);
    return pod.getSpec().getContainers().get(0);
  }

  @Test
  void ourFlagsReplaceKubeadmsOfTheSameNameAndTheRestStays() {
    String patched = config().patchApiServerManifest(KubeadmManifests.KUBE_APISERVER);
    List<String> command = apiServer(patched).getCommand();
    assertThat(command.get(0)).isEqualTo("kube-apiserver");
    assertThat(command).filteredOn(f -> f.startsWith("--authorization-mode=")).containsExactly("--authorization-mode=RBAC");
    assertThat(command).filteredOn(f -> f.startsWith("--enable-bootstrap-token-auth=")).containsExactly("--enable-bootstrap-token-auth=false");
    assertThat(command).endsWith("--token-auth-file=/etc/kubernetes/authlab/tokens.csv", "--anonymous-auth=false",
        "--authorization-mode=RBAC", "--enable-bootstrap-token-auth=false");
    assertThat(command).contains("--etcd-servers=https://127.0.0.1:2379", "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub", "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--runtime-config=");
    assertThat(command).hasSize(apiServer(KubeadmManifests.KUBE_APISERVER).getCommand().size() + 2);
  }

  @Test
  void theSettingsDirectoryIsMountedReadOnly() {
    Pod pod = new KubernetesSerialization().unmarshal(config().patchApiServerManifest(KubeadmManifests.KUBE_APISERVER), Pod.class);
    assertThat(pod.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("authlab")).singleElement().satisfies(v -> {
      assertThat(v.getHostPath().getPath()).isEqualTo("/etc/kubernetes/authlab");
      assertThat(v.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
    });
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals("authlab")).singleElement()
        .satisfies(m -> {
          assertThat(m.getMountPath()).isEqualTo("/etc/kubernetes/authlab");
          assertThat(m.getReadOnly()).isTrue();
        });
    assertThat(pod.getSpec().getVolumes()).hasSize(6);
    assertThat(pod.getSpec().getHostNetwork()).isTrue();
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("system-node-critical");
  }

  @Test
  void probesBecomeTcpProbesOnTheSameHostAndPortWithTheSameTiming() {
    Container container = apiServer(config().patchApiServerManifest(KubeadmManifests.KUBE_APISERVER));
    for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
      assertThat(probe.getHttpGet()).isNull();
      assertThat(probe.getTcpSocket().getHost()).isEqualTo("172.17.0.2");
      assertThat(probe.getTcpSocket().getPort()).isEqualTo(new IntOrString("probe-port"));
    }
    assertThat(container.getStartupProbe().getFailureThreshold()).isEqualTo(24);
    assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
  }

  @Test
  void patchingTwiceGivesTheSameManifest() {
    KindNodeConfig config = config();
    String once = config.patchApiServerManifest(KubeadmManifests.KUBE_APISERVER);
    assertThat(config.patchApiServerManifest(once)).isEqualTo(once);
  }

  @Test
  void aManifestWithoutTheContainerIsRefused() {
    assertThatThrownBy(() -> config().patchApiServerManifest(KubeadmManifests.KUBE_CONTROLLER_MANAGER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the static pod manifest has no container named kube-apiserver");
    assertThatThrownBy(() -> config().patchApiServerManifest("just: text")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flagNames() {
    assertThat(StaticPodManifest.flagName("--runtime-config=")).isEqualTo("--runtime-config");
    assertThat(StaticPodManifest.flagName("--a=b=c")).isEqualTo("--a");
    assertThat(StaticPodManifest.flagName("--v")).isEqualTo("--v");
  }
}
