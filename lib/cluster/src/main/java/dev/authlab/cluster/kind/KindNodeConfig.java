package dev.authlab.cluster.kind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link KindApiServerPatch#render} produces for one node: the files to copy in, the flags
 * kube-apiserver gets (all paths inside the node), and how kubeadm's static pod manifests change.
 *
 * @param files written under {@value KindApiServerPatch#NODE_DIR} before the manifests change
 * @param apiServerFlags set on kube-apiserver, replacing kubeadm's flags of the same name
 * @param replacedFlagPrefixes kubeadm flag families removed outright, so a setting this
 *     configuration leaves out does not survive from kubeadm's (e.g. {@code --requestheader-})
 * @param controllerManagerFlags set on kube-controller-manager (the service-account signing key, so
 *     legacy service-account token Secrets are signed with the settings' key); empty: leave it alone
 */
public record KindNodeConfig(
    List<NodeFile> files, List<String> apiServerFlags, List<String> replacedFlagPrefixes, List<String> controllerManagerFlags) {

  /** The name of the hostPath volume that carries {@value KindApiServerPatch#NODE_DIR} into the pods. */
  public static final String VOLUME_NAME = "authlab";

  public KindNodeConfig {
    files = List.copyOf(files);
    apiServerFlags = List.copyOf(apiServerFlags);
    replacedFlagPrefixes = List.copyOf(replacedFlagPrefixes);
    controllerManagerFlags = List.copyOf(controllerManagerFlags);
  }

  /** The file written at this node path, if any. */
  public Optional<NodeFile> file(String nodePath) {
    Objects.requireNonNull(nodePath, "nodePath");
    return files.stream().filter(f -> f.path().equals(nodePath)).findFirst();
  }

  /** The values of a kube-apiserver flag, in order ({@code --name=value}; a flag may repeat). */
  public List<String> apiServerFlag(String name) {
    String prefix = name + "=";
    return apiServerFlags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).toList();
  }

  /**
   * kubeadm's kube-apiserver manifest with these flags, {@value KindApiServerPatch#NODE_DIR} mounted
   * read-only, and TCP probes. Applying it twice gives the same text.
   *
   * @throws IllegalArgumentException when the text is not a manifest with a kube-apiserver container
   */
  public String patchApiServerManifest(String manifestYaml) {
    return StaticPodManifest.parse(manifestYaml, "kube-apiserver")
        .setFlags(apiServerFlags, replacedFlagPrefixes)
        .mountHostDirectory(VOLUME_NAME, KindApiServerPatch.NODE_DIR)
        .probesAsTcpSocket()
        .toYaml();
  }

  /**
   * kubeadm's kube-controller-manager manifest with {@link #controllerManagerFlags} and
   * {@value KindApiServerPatch#NODE_DIR} mounted, or empty when it needs no change.
   */
  public Optional<String> patchControllerManagerManifest(String manifestYaml) {
    if (controllerManagerFlags.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StaticPodManifest.parse(manifestYaml, "kube-controller-manager")
        .setFlags(controllerManagerFlags, List.of())
        .mountHostDirectory(VOLUME_NAME, KindApiServerPatch.NODE_DIR)
        .toYaml());
  }
}
