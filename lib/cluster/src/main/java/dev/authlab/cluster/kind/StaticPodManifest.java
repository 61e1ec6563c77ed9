package dev.authlab.cluster.kind;

import dev.authlab.manifest.ManifestWriter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One kubeadm static pod manifest ({@code /etc/kubernetes/manifests/*.yaml}) being edited: flags of
 * one container set the way kubeadm applies {@code extraArgs} (a flag given here removes every
 * occurrence of the same flag from kubeadm's command, then all given occurrences are appended, so
 * repeatable flags such as {@code --service-account-key-file} are not merged with kubeadm's), a host
 * directory mounted read-only, HTTP probes turned into TCP probes. Pure: text in, text out.
 */
final class StaticPodManifest {

  private final Pod pod;
  private final Container container;

  private StaticPodManifest(Pod pod, Container container) {
    this.pod = pod;
    this.container = container;
  }

  /**
   * Reads a manifest and finds the container to edit.
   *
   * @throws IllegalArgumentException when the text is not a Pod or has no such container
   */
  static StaticPodManifest parse(String yaml, String containerName) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    Pod pod;
    try {
      pod = serialization.unmarshal(yaml, Pod.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a static pod manifest: " + e.getMessage(), e);
    }
    if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      throw new IllegalArgumentException("not a static pod manifest: no spec.containers");
    }
    Container container = pod.getSpec().getContainers().stream()
        .filter(c -> containerName.equals(c.getName()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the static pod manifest has no container named " + containerName));
    if (container.getCommand() == null || container.getCommand().isEmpty()) {
      throw new IllegalArgumentException("container " + containerName + " has no command to add flags to");
    }
    return new StaticPodManifest(pod, container);
  }

  /** The container's command: the binary, then its flags. */
  List<String> command() {
    return List.copyOf(container.getCommand());
  }

  /**
   * Sets flags: removes kubeadm's flags that have the same name as one of {@code flags} or start with
   * one of {@code replacedPrefixes} (e.g. {@code --requestheader-}, so a setting left out here does
   * not survive from kubeadm's), then appends {@code flags} in order.
   */
  StaticPodManifest setFlags(List<String> flags, List<String> replacedPrefixes) {
    List<String> names = flags.stream().map(StaticPodManifest::flagName).toList();
    List<String> command = new ArrayList<>();
    List<String> current = container.getCommand();
    command.add(current.get(0));
    for (String argument : current.subList(1, current.size())) {
      String name = flagName(argument);
      boolean replaced = names.contains(name) || replacedPrefixes.stream().anyMatch(name::startsWith);
      if (!replaced) {
        command.add(argument);
      }
    }
    command.addAll(flags);
    container.setCommand(command);
    return this;
  }

  /** Mounts a host directory read-only at the same path, replacing an earlier volume of that name. */
  StaticPodManifest mountHostDirectory(String volumeName, String path) {
    List<Volume> volumes = new ArrayList<>(Objects.requireNonNullElse(pod.getSpec().getVolumes(), List.of()));
    volumes.removeIf(v -> volumeName.equals(v.getName()));
    volumes.add(new VolumeBuilder().withName(volumeName).withHostPath(new HostPathVolumeSource(path, "DirectoryOrCreate")).build());
    pod.getSpec().setVolumes(volumes);
    List<VolumeMount> mounts = new ArrayList<>(Objects.requireNonNullElse(container.getVolumeMounts(), List.of()));
    mounts.removeIf(m -> volumeName.equals(m.getName()));
    mounts.add(new VolumeMountBuilder().withName(volumeName).withMountPath(path).withReadOnly(true).build());
    container.setVolumeMounts(mounts);
    return this;
  }

  /**
   * Turns the container's HTTP(S) liveness, readiness and startup probes into TCP probes on the same
   * host and port, keeping their timing. kubeadm's probes are unauthenticated GETs of /livez and
   * /readyz, so their outcome depends on the very authentication and authorization settings under
   * test: with anonymous authentication off they get 401 and the kubelet restarts the API server
   * forever.
   */
  StaticPodManifest probesAsTcpSocket() {
    container.setLivenessProbe(tcp(container.getLivenessProbe()));
    container.setReadinessProbe(tcp(container.getReadinessProbe()));
    container.setStartupProbe(tcp(container.getStartupProbe()));
    return this;
  }

  private static Probe tcp(Probe probe) {
    if (probe == null || probe.getHttpGet() == null) {
      return probe;
    }
    TCPSocketAction socket = new TCPSocketAction(probe.getHttpGet().getHost(), probe.getHttpGet().getPort());
    probe.setHttpGet(null);
    probe.setTcpSocket(socket);
    return probe;
  }

  /** kubectl-style YAML (quotes only where needed), so the file reads like kubeadm's in the node. */
  String toYaml() {
    return ManifestWriter.toYaml(pod);
  }

  /** {@code --name=value} and {@code --name} give {@code --name}. */
  static String flagName(String flag) {
    int equals = flag.indexOf('=');
    return equals < 0 ? flag : flag.substring(0, equals);
  }
}
