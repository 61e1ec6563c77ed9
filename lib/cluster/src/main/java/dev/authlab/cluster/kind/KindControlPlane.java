package dev.authlab.cluster.kind;

import com.dajudge.kindcontainer.KindContainer;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.cluster.BackendUnavailableException;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlaneStartException;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.EnvironmentVariables;
import dev.authlab.kubeconfig.Kubeconfigs;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;

/**
 * A control plane in one kind node (kindcontainer's {@link KindContainer}, Testcontainers), for
 * readers with Docker. kindcontainer boots the node with its own fixed kubeadm configuration, which
 * has no hook for extra API server flags, so {@link #start} then reconfigures kube-apiserver the way
 * an administrator would: the files of the {@link AuthnSettings} are copied to
 * {@value KindApiServerPatch#NODE_DIR}, kubeadm's static pod manifest gets the flags (and a
 * read-only mount of that directory), and the kubelet restarts the API server, which must then
 * answer /readyz. {@link KindApiServerPatch} computes all of it and is unit-tested; this class only
 * runs it.
 *
 * <pre>{@code
 * if (KindControlPlane.availability() instanceof KindControlPlane.Availability.Available) {
 *   try (KindControlPlane kind = KindControlPlane.start(ControlPlaneSpec.of(settings))) {
 *     kind.whoami(new Credential.Token("static-token-1"));
 *   }
 * }
 * }</pre>
 */
public final class KindControlPlane implements ControlPlane {

  /** Between two looks at the restarting API server. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  static final String DOCKER_SOCKET = "/var/run/docker.sock";

  private final KindContainer<?> node;
  private final KindApiServerPatch patch;
  private final String kubernetesVersion;
  private final URI apiServerUrl;
  private final String servingCaPem;
  private final Credential.ClientCertificate adminCredential;
  private final Path workDir;
  private final Path adminKubeconfig;
  private final KubernetesClient admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KindControlPlane(KindContainer<?> node, KindApiServerPatch patch, String kubernetesVersion, URI apiServerUrl, String servingCaPem,
      Credential.ClientCertificate adminCredential, Path workDir, Path adminKubeconfig, KubernetesClient admin) {
    this.node = node;
    this.patch = patch;
    this.kubernetesVersion = kubernetesVersion;
    this.apiServerUrl = apiServerUrl;
    this.servingCaPem = servingCaPem;
    this.adminCredential = adminCredential;
    this.workDir = workDir;
    this.adminKubeconfig = adminKubeconfig;
    this.admin = admin;
  }

  /** Whether this machine can run kind: a Docker engine Testcontainers can reach. */
  public sealed interface Availability {
    record Available() implements Availability {}

    /** Why not, in one line starting {@code no Docker engine reachable: }. */
    record Unavailable(String reason) implements Availability {}
  }

  /**
   * Asks Testcontainers whether it can reach a Docker engine. Never throws; the reason is one line
   * without a stack trace (Testcontainers itself may log what it tried).
   */
  public static Availability availability() {
    EnvironmentVariables environment = EnvironmentVariables.system();
    boolean socket = Files.exists(Path.of(DOCKER_SOCKET));
    try {
      // client() pings the engine once and caches the outcome (or the failure) for the JVM.
      DockerClientFactory.instance().client();
      return new Availability.Available();
    } catch (RuntimeException | LinkageError e) {
      return new Availability.Unavailable(unavailableReason(e.getMessage(), environment, socket));
    }
  }

  /**
   * {@code no Docker engine reachable: DETAIL (where Docker was looked for)}, one line. Testcontainers'
   * "could not find a valid Docker environment" (first call) and "previous attempts … failed" (later
   * calls) both become the same words.
   */
  static String unavailableReason(String detail, EnvironmentVariables environment, boolean dockerSocketExists) {
    String firstLine = detail == null ? "" : detail.strip().lines().findFirst().orElse("").strip();
    if (firstLine.contains("Docker environment")) {
      firstLine = "Testcontainers found no valid Docker environment";
    } else if (firstLine.endsWith(".")) {
      firstLine = firstLine.substring(0, firstLine.length() - 1);
    }
    String where = environment.get("DOCKER_HOST")
        .map(host -> "DOCKER_HOST=" + host)
        .orElse("DOCKER_HOST is unset and " + DOCKER_SOCKET + (dockerSocketExists ? " does not answer" : " does not exist"));
    return "no Docker engine reachable: " + (firstLine.isEmpty() ? "Testcontainers found none" : firstLine) + " (" + where + ")";
  }

  /** Starts a node of the pinned Kubernetes version; see {@link #start(ControlPlaneSpec, KindNodeImage)}. */
  public static KindControlPlane start(ControlPlaneSpec spec) {
    return start(spec, KindNodeImage.pinned());
  }

  /**
   * Starts a kind node, reconfigures its API server from {@code spec} and waits for /readyz. The
   * node's own boot (image pull, kubeadm init, node Ready) runs under kindcontainer's timeouts; the
   * spec's start timeout bounds the API server's restart with the new flags.
   *
   * @throws IllegalArgumentException when the spec cannot be expressed on kind (before Docker is used)
   * @throws BackendUnavailableException when there is no Docker engine
   * @throws ControlPlaneStartException when the node or the reconfigured API server does not come up,
   *     with the API server's log tail
   */
  public static KindControlPlane start(ControlPlaneSpec spec, KindNodeImage image) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(image, "image");
    KindApiServerPatch patch = KindApiServerPatch.of(spec.authn(), spec.authorizationModes());
    if (availability() instanceof Availability.Unavailable unavailable) {
      throw new BackendUnavailableException(unavailable.reason());
    }
    Path workDir = createWorkDir();
    KindContainer<?> container = new KindContainer<>(image.imageSpec());
    List<Integer> hostPorts = patch.hostPorts();
    if (!hostPorts.isEmpty()) {
      // Before start: the node only gets the host.testcontainers.internal entry if the tunnel exists when it is created.
      Testcontainers.exposeHostPorts(hostPorts.stream().mapToInt(Integer::intValue).toArray());
      container.withAccessToHost(true);
    }
    KindNode node = new KindNode(container);
    try {
      container.start();
      KindNodeConfig config = patch.render(node.read(KindApiServerPatch.CLUSTER_CA), workDir.resolve("apiserver"));
      reconfigure(node, config, spec.startTimeout());

      String kubeconfigPath = node.exists(KindNode.SUPER_ADMIN_KUBECONFIG) ? KindNode.SUPER_ADMIN_KUBECONFIG : KindNode.ADMIN_KUBECONFIG;
      Config nodeKubeconfig = Kubeconfigs.parse(node.read(kubeconfigPath), kubeconfigPath);
      URI url = URI.create("https://" + container.getHost() + ":" + container.getMappedPort(container.getInternalPort()));
      String caPem = decode(nodeKubeconfig.getClusters().get(0).getCluster().getCertificateAuthorityData());
      AuthInfo user = nodeKubeconfig.getUsers().get(0).getUser();
      Credential.ClientCertificate credential = new Credential.ClientCertificate(decode(user.getClientCertificateData()), decode(user.getClientKeyData()));
      Path adminKubeconfig = workDir.resolve("admin.kubeconfig");
      Kubeconfigs.write(Kubeconfigs.forClientCertificate("kind", url.toString(), caPem, "kubernetes-super-admin",
          credential.certificatePem(), credential.privateKeyPem()), adminKubeconfig);
      KubernetesClient admin = ControlPlaneClients.clientAs(url, caPem, credential);
      String version = runningVersion(admin).orElse(image.kubernetesVersion());
      return new KindControlPlane(container, patch, version, url, caPem, credential, workDir, adminKubeconfig, admin);
    } catch (RuntimeException e) {
      String logTail = container.isRunning() ? "\n" + node.apiServerLogTail() : "";
      ControlPlaneStartException failure = e instanceof ControlPlaneStartException started
          ? started
          : new ControlPlaneStartException("the kind control plane (" + image.image() + ") did not start: " + e.getMessage() + logTail, e);
      cleanUp(container, workDir, failure);
      throw failure;
    }
  }

  /** Copies the files in, swaps the manifests, waits for the new API server (and controller manager). */
  private static void reconfigure(KindNode node, KindNodeConfig config, Duration timeout) {
    node.exec("mkdir", "-p", KindApiServerPatch.NODE_DIR);
    config.files().forEach(node::write);
    String apiServerManifest = config.patchApiServerManifest(node.read(KindApiServerPatch.API_SERVER_MANIFEST));
    Optional<String> controllerManagerManifest = config.patchControllerManagerManifest(node.read(KindApiServerPatch.CONTROLLER_MANAGER_MANIFEST));
    String oldApiServer = node.runningContainer("kube-apiserver").orElse("");
    String oldControllerManager = node.runningContainer("kube-controller-manager").orElse("");

    node.replaceManifest(KindApiServerPatch.API_SERVER_MANIFEST, apiServerManifest);
    controllerManagerManifest.ifPresent(m -> node.replaceManifest(KindApiServerPatch.CONTROLLER_MANAGER_MANIFEST, m));

    long deadline = System.nanoTime() + timeout.toNanos();
    String kubeconfig = node.exists(KindNode.SUPER_ADMIN_KUBECONFIG) ? KindNode.SUPER_ADMIN_KUBECONFIG : KindNode.ADMIN_KUBECONFIG;
    while (!restarted(node, "kube-apiserver", oldApiServer) || !node.apiServerReady(kubeconfig)) {
      if (System.nanoTime() > deadline) {
        throw new ControlPlaneStartException("kube-apiserver did not answer /readyz within " + timeout.toSeconds()
            + " s of getting the authlab flags " + config.apiServerFlags() + "\n" + node.apiServerLogTail());
      }
      KindNode.pause(POLL_INTERVAL);
    }
    if (controllerManagerManifest.isPresent()) {
      while (!restarted(node, "kube-controller-manager", oldControllerManager)) {
        if (System.nanoTime() > deadline) {
          throw new ControlPlaneStartException("kube-controller-manager did not restart within " + timeout.toSeconds()
              + " s of getting the flags " + config.controllerManagerFlags());
        }
        KindNode.pause(POLL_INTERVAL);
      }
    }
  }

  private static boolean restarted(KindNode node, String container, String oldId) {
    Optional<String> current = node.runningContainer(container);
    return current.isPresent() && !current.get().equals(oldId);
  }

  private static Optional<String> runningVersion(KubernetesClient admin) {
    VersionInfo info = admin.getKubernetesVersion();
    if (info == null || info.getGitVersion() == null) {
      return Optional.empty();
    }
    String version = info.getGitVersion();
    return Optional.of(version.startsWith("v") ? version.substring(1) : version);
  }

  /** What the settings and modes became on the node: host endpoints, flags rules. */
  public KindApiServerPatch patch() {
    return patch;
  }

  @Override
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  @Override
  public URI apiServerUrl() {
    return apiServerUrl;
  }

  @Override
  public String servingCaPem() {
    return servingCaPem;
  }

  /** kubeadm's super-admin (system:masters), with the server as the host reaches it. */
  @Override
  public Path adminKubeconfig() {
    ensureOpen();
    return adminKubeconfig;
  }

  @Override
  public KubernetesClient adminClient() {
    ensureOpen();
    return admin;
  }

  @Override
  public KubernetesClient clientAs(Credential credential) {
    ensureOpen();
    return ControlPlaneClients.clientAs(apiServerUrl, servingCaPem, credential);
  }

  @Override
  public AuthnSettings authn() {
    return patch.settings();
  }

  @Override
  public WhoamiResult whoami(Credential credential) {
    try (KubernetesClient client = clientAs(credential)) {
      return ControlPlaneClients.whoami(client);
    }
  }

  @Override
  public SubjectAccessReviewStatus review(SubjectAccessReview review) {
    ensureOpen();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus();
  }

  /** The admin's client certificate, for building other clients. */
  public Credential.ClientCertificate adminCredential() {
    return adminCredential;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = new IllegalStateException("cannot stop the kind control plane cleanly");
    try {
      admin.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    cleanUp(node, workDir, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the kind control plane is closed");
    }
  }

  /** Stops the node (kindcontainer removes its volume) and deletes the work directory; failures are added to {@code failure}. */
  private static void cleanUp(KindContainer<?> container, Path workDir, RuntimeException failure) {
    try {
      container.stop();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      deleteRecursively(workDir);
    } catch (UncheckedIOException e) {
      failure.addSuppressed(e);
    }
  }

  private static Path createWorkDir() {
    try {
      return Files.createTempDirectory("authlab-kind-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory for the kind control plane: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String decode(String base64) {
    if (base64 == null) {
      throw new IllegalStateException("the node's kubeconfig has no embedded certificate data");
    }
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
