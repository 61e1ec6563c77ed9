package dev.authlab.cluster.kind;

import com.dajudge.kindcontainer.KindContainerVersion;
import com.dajudge.kindcontainer.KubernetesImageSpec;
import com.dajudge.kindcontainer.KubernetesVersionEnum;
import dev.authlab.authz.rbac.BootstrapPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kind node image for the kit's pinned Kubernetes version. kindcontainer ties each image to one of
 * its {@link KindContainerVersion} constants: it writes that constant's version into kubeadm's
 * {@code kubernetesVersion}, so the control plane runs the constant's version whatever image tag is
 * used. The constant is therefore the pinned version itself when kindcontainer has it, else the
 * newest patch release of the pinned minor version (kindcontainer 2.0.0 has 1.34.0 for a pinned
 * 1.34.1); another minor version is refused.
 *
 * @param version kindcontainer's constant
 * @param pinnedVersion the kit's pinned version, e.g. 1.34.1
 */
public record KindNodeImage(KindContainerVersion version, String pinnedVersion) {

  public KindNodeImage {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(pinnedVersion, "pinnedVersion");
  }

  /** The image for the version the build pinned ({@code kubernetes.version} in the parent pom). */
  public static KindNodeImage pinned() {
    return forKubernetesVersion(BootstrapPolicy.kubernetesVersion());
  }

  /**
   * The image for a Kubernetes version (with or without a leading v).
   *
   * @throws IllegalStateException when kindcontainer has no image of that minor version (one line,
   *     naming the versions it has)
   */
  public static KindNodeImage forKubernetesVersion(String kubernetesVersion) {
    int[] wanted = parse(kubernetesVersion)
        .orElseThrow(() -> new IllegalStateException("not a Kubernetes version: \"" + kubernetesVersion + "\""));
    List<KindContainerVersion> descending = KubernetesVersionEnum.descending(KindContainerVersion.class);
    Optional<KindContainerVersion> sameMinor = Optional.empty();
    for (KindContainerVersion candidate : descending) {
      int[] v = parse(candidate.descriptor().getKubernetesVersion()).orElseThrow();
      if (v[0] == wanted[0] && v[1] == wanted[1]) {
        if (v[2] == wanted[2]) {
          return new KindNodeImage(candidate, strip(kubernetesVersion));
        }
        if (sameMinor.isEmpty()) {
          sameMinor = Optional.of(candidate);
        }
      }
    }
    return sameMinor
        .map(v -> new KindNodeImage(v, strip(kubernetesVersion)))
        .orElseThrow(() -> new IllegalStateException("kindcontainer has no kind node image for Kubernetes " + strip(kubernetesVersion) + " (it has "
            + descending.stream().map(v -> strip(v.descriptor().getKubernetesVersion())).toList() + ")"));
  }

  /** The Kubernetes version the node runs, e.g. 1.34.0. */
  public String kubernetesVersion() {
    return strip(version.descriptor().getKubernetesVersion());
  }

  /** Whether the node runs exactly the pinned version (not only the same minor version). */
  public boolean exact() {
    return kubernetesVersion().equals(pinnedVersion);
  }

  /** The image name, e.g. kindest/node:v1.34.0. */
  public String image() {
    return imageSpec().getImage().asCanonicalNameString().replaceFirst("^docker\\.io/(library/)?", "");
  }

  /** What {@code new KindContainer<>(spec)} takes. */
  public KubernetesImageSpec<KindContainerVersion> imageSpec() {
    return version.toImageSpec();
  }

  private static String strip(String version) {
    return version.startsWith("v") ? version.substring(1) : version;
  }

  private static Optional<int[]> parse(String version) {
    String[] parts = strip(version.strip()).split("[.+-]");
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])});
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
