package dev.authlab.cluster.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dajudge.kindcontainer.KindContainerVersion;
import dev.authlab.authz.rbac.BootstrapPolicy;
import org.junit.jupiter.api.Test;

class KindNodeImageTest {

  @Test
  void thePinnedVersionGetsKindcontainersImageOfTheSameMinorVersion() {
    KindNodeImage image = KindNodeImage.pinned();
    assertThat(image.pinnedVersion()).isEqualTo(BootstrapPolicy.kubernetesVersion());
    String minor = BootstrapPolicy.kubernetesVersion().replaceFirst("^(\\d+\\.\\d+)\\..*$", "$1");
    assertThat(image.kubernetesVersion()).startsWith(minor + ".");
    assertThat(image.image()).isEqualTo("kindest/node:v" + image.kubernetesVersion());
  }

  @Test
  void kindcontainer200HasOnly1340For134() {
    KindNodeImage image = KindNodeImage.forKubernetesVersion("1.34.1");
    assertThat(image.version()).isEqualTo(KindContainerVersion.VERSION_1_34_0);
    assertThat(image.kubernetesVersion()).isEqualTo("1.34.0");
    assertThat(image.exact()).isFalse();
    assertThat(image.image()).isEqualTo("kindest/node:v1.34.0");
  }

  @Test
  void anExactPatchReleaseWins() {
    assertThat(KindNodeImage.forKubernetesVersion("v1.34.0").exact()).isTrue();
    assertThat(KindNodeImage.forKubernetesVersion("1.24.2").version()).isEqualTo(KindContainerVersion.VERSION_1_24_2);
    assertThat(KindNodeImage.forKubernetesVersion("1.24.9").version()).as("newest of the minor").isEqualTo(KindContainerVersion.VERSION_1_24_3);
  }

  @Test
  void anotherMinorVersionIsRefusedNamingWhatThereIs() {
    assertThatThrownBy(() -> KindNodeImage.forKubernetesVersion("1.35.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("kindcontainer has no kind node image for Kubernetes 1.35.0 (it has [1.34.0, 1.33.4");
    assertThatThrownBy(() -> KindNodeImage.forKubernetesVersion("unknown")).hasMessage("not a Kubernetes version: \"unknown\"");
  }
}
