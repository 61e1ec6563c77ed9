package dev.authlab.cluster.local;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.cluster.BackendUnavailableException;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlaneStartException;
import dev.authlab.cluster.Credential;
import dev.authlab.cluster.EnvironmentVariables;
import dev.authlab.kubeconfig.Kubeconfigs;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real control plane as three local processes on 127.0.0.1: etcd, kube-apiserver and
 * kube-controller-manager, from the binaries {@code scripts/build-kube-binaries} builds.
 *
 * <pre>{@code
 * try (LocalControlPlane cp = LocalControlPlane.builder().authn(settings).build().start()) {
 *   cp.whoami(new Credential.Token("31ada4fd-adec-460c-809a-9e56ceb75269"));
 * }
 * }</pre>
 *
 * <p>Everything lives in one temporary directory: its own serving CA and certificate, a client CA
 * (added to the configured {@code --client-ca-file} bundle) with an admin certificate in
 * {@code system:masters}, the files {@link AuthnSettings#writeApiServerConfig} writes, etcd's data
 * and the three logs. {@link #close} stops the processes (SIGTERM, SIGKILL after 5 s) and deletes
 * the directory; a shutdown hook does the same when the JVM exits first, and a watchdog process does
 * it when the JVM is killed outright.
 */
public final class LocalControlPlane implements ControlPlane {

  /** kubeadm's default service network. */
  public static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";

  /** Its first address, the {@code kubernetes} Service's cluster IP, which the serving certificate names. */
  public static final String FIRST_SERVICE_IP = "10.96.0.1";

  /** The issuer used when the settings bring no service-account keys (kubeadm's). */
  public static final String DEFAULT_SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

  /** The admin's user name (client certificate CN; O=system:masters). */
  public static final String ADMIN_USER = LocalPki.ADMIN_USER;

  /** The controllers kube-controller-manager runs: what authentication and RBAC experiments rely on. */
  public static final List<String> CONTROLLERS = List.of(
      "clusterrole-aggregation-controller",
      "serviceaccount-controller",
      "serviceaccount-token-controller",
      "certificatesigningrequest-signing-controller",
      "certificatesigningrequest-approving-controller",
      "certificatesigningrequest-cleaner-controller",
      "root-ca-certificate-publisher-controller",
      "namespace-controller",
      "garbage-collector-controller",
      "legacy-serviceaccount-token-cleaner-controller");

  /** SIGTERM first; SIGKILL when a process has not exited this long after. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(5);

  static final int LOG_TAIL_LINES = 40;

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private static final String READYZ = "/readyz";

  private final ControlPlaneSpec spec;
  private final Path binDir;
  private final Path tempParent;
  private final List<String> extraApiServerFlags;
  private final Consumer<String> progress;

  private final Object lock = new Object();
  private final Object cleanupLock = new Object();
  private boolean cleanedUp;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
  private State state = State.NEW;
  private Path workDir;
  private Watchdog watchdog;
  private volatile Thread shutdownHook;
  private ManagedProcess etcd;
  private ManagedProcess apiServer;
  private ManagedProcess controllerManager;
  private LocalPki pki;
  private AuthnSettings effectiveAuthn;
  private List<String> authnFlags;
  private URI url;
  private Path adminKubeconfig;
  private KubernetesClient admin;
  private String version;
  private StartupTimings timings;

  private enum State {
    NEW,
    STARTING,
    RUNNING,
    CLOSED
  }

  /** How long each phase of {@link #start} took. */
  public record StartupTimings(Duration preparation, Duration apiServerReady, Duration controllersReady) {
    public Duration total() {
      return preparation.plus(apiServerReady).plus(controllersReady);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.1f s (certificates and files %.1f s, etcd + kube-apiserver /readyz %.1f s, controllers %.1f s)",
          seconds(total()), seconds(preparation), seconds(apiServerReady), seconds(controllersReady));
    }

    private static double seconds(Duration d) {
      return d.toMillis() / 1000.0;
    }
  }

  private LocalControlPlane(Builder builder, Path binDir) {
    this.spec = new ControlPlaneSpec(builder.authn, builder.authorizationModes, builder.startTimeout);
    this.binDir = binDir;
    this.tempParent = builder.tempParent;
    this.extraApiServerFlags = List.copyOf(builder.extraApiServerFlags);
    this.progress = builder.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a local control plane; {@link #build} checks the binaries, {@link LocalControlPlane#start} starts it. */
  public static final class Builder {
    private AuthnSettings authn = AuthnSettings.defaults();
    private List<String> authorizationModes = ControlPlaneSpec.DEFAULT_AUTHORIZATION_MODES;
    private Optional<Path> binDir = Optional.empty();
    private Duration startTimeout = ControlPlaneSpec.DEFAULT_START_TIMEOUT;
    private Path tempParent = Path.of(System.getProperty("java.io.tmpdir"));
    private List<String> extraApiServerFlags = List.of();
    private Consumer<String> progress = line -> {};
    private EnvironmentVariables environment = EnvironmentVariables.system();

    private Builder() {}

    /** The authentication flags (default: kube-apiserver's, anonymous only). */
    public Builder authn(AuthnSettings settings) {
      this.authn = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** {@code --authorization-mode} (default: Node, RBAC). */
    public Builder authorizationModes(List<String> modes) {
      this.authorizationModes = List.copyOf(modes);
      return this;
    }

    /** Authentication, authorization modes and start timeout at once. */
    public Builder spec(ControlPlaneSpec spec) {
      return authn(spec.authn()).authorizationModes(spec.authorizationModes()).startTimeout(spec.startTimeout());
    }

    /** Where etcd, kube-apiserver and kube-controller-manager are (default: {@link KubeBinaries#locate}). */
    public Builder binDir(Path dir) {
      this.binDir = Optional.of(dir);
      return this;
    }

    /** How long {@link LocalControlPlane#start} may take in all (default 60 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Where to make the temporary directory (default: {@code java.io.tmpdir}). */
    public Builder tempDirParent(Path dir) {
      this.tempParent = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** More kube-apiserver flags, after all the others (a later flag wins over an earlier one). */
    public Builder extraApiServerFlags(List<String> flags) {
      this.extraApiServerFlags = List.copyOf(flags);
      return this;
    }

    /** Receives one line per start-up phase, e.g. to show progress in a terminal. */
    public Builder progress(Consumer<String> listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Where {@code AUTHLAB_KUBE_BIN} and friends are read when no {@link #binDir} is given. */
    public Builder environment(EnvironmentVariables env) {
      this.environment = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * A control plane ready to {@link LocalControlPlane#start}.
     *
     * @throws BackendUnavailableException when the binaries are missing (one line: where it looked, what to do)
     * @throws IllegalArgumentException when the settings cannot start a kube-apiserver
     */
    public LocalControlPlane build() {
      authn.serviceAccounts().filter(accounts -> accounts.signingKeyPem().isEmpty()).ifPresent(accounts -> {
        throw new IllegalArgumentException("the service-account settings have no signing key: kube-apiserver needs "
            + "--service-account-signing-key-file with --service-account-key-file (or give no service-account settings and one is made)");
      });
      new ControlPlaneSpec(authn, authorizationModes, startTimeout); // checks the modes and the timeout
      KubeBinaries.Location location = binDir.map(KubeBinaries::check).orElseGet(() -> KubeBinaries.locate(environment));
      if (location instanceof KubeBinaries.Location.Missing missing) {
        throw new BackendUnavailableException(missing.reason());
      }
      return new LocalControlPlane(this, ((KubeBinaries.Location.Found) location).dir());
    }
  }

  // ---- start

  /**
   * Starts etcd and kube-apiserver, waits for {@code /readyz}, starts kube-controller-manager and
   * waits until the bootstrap RBAC roles are aggregated and the default ServiceAccount exists.
   *
   * @return this, running
   * @throws ControlPlaneStartException when something does not come up in time or a process exits,
   *     with the API server's log tail; everything started so far is stopped and deleted
   */
  public LocalControlPlane start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("this control plane was already started (it is " + state.name().toLowerCase() + "); build a new one");
      }
      state = State.STARTING;
    }
    long deadline = System.nanoTime() + spec.startTimeout().toNanos();
    try {
      long t0 = System.nanoTime();
      prepare();
      long t1 = System.nanoTime();
      startApiServer(deadline);
      long t2 = System.nanoTime();
      startControllers(deadline);
      long t3 = System.nanoTime();
      timings = new StartupTimings(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
      progress.accept("control plane ready at " + url + " in " + timings);
      synchronized (lock) {
        state = State.RUNNING;
      }
      return this;
    } catch (RuntimeException | Error e) {
      try {
        cleanUpOnce();
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      synchronized (lock) {
        state = State.CLOSED;
      }
      throw e;
    }
  }

  private void prepare() {
    progress.accept("preparing certificates and configuration");
    try {
      Files.createDirectories(tempParent);
      workDir = Files.createTempDirectory(tempParent, "authlab-cp-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory in " + tempParent + ": " + e.getMessage(), e);
    }
    watchdog = Watchdog.start(workDir);
    shutdownHook = new Thread(this::closeFromShutdownHook, "authlab-local-control-plane-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      Files.createDirectories(workDir.resolve("logs"));
      Files.createDirectories(workDir.resolve("etcd"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot populate " + workDir + ": " + e.getMessage(), e);
    }
    version = readVersion();
    pki = LocalPki.create(workDir.resolve("pki"), FIRST_SERVICE_IP);
    effectiveAuthn = effectiveAuthn(spec.authn(), pki.clientCa().certificatePem());
  }

  /**
   * The settings the API server really runs with: the requested ones, with the control plane's client
   * CA added to the client CA bundle, and generated service-account keys when none were given
   * (kube-apiserver refuses to start without them).
   */
  static AuthnSettings effectiveAuthn(AuthnSettings requested, String ownClientCaPem) {
    ClientCaConfig clientCa = requested.clientCa()
        .map(configured -> new ClientCaConfig(withTrailingNewline(configured.caPem()) + ownClientCaPem))
        .orElseGet(() -> new ClientCaConfig(ownClientCaPem));
    ServiceAccountConfig serviceAccounts = requested.serviceAccounts().orElseGet(LocalControlPlane::generatedServiceAccounts);
    return new AuthnSettings(requested.tokenFile(), Optional.of(clientCa), requested.requestHeader(), Optional.of(serviceAccounts),
        requested.jwt(), requested.webhook(), requested.anonymous(), requested.apiAudiences());
  }

  private static ServiceAccountConfig generatedServiceAccounts() {
    KeyPair keys = KeyPairs.generate(KeyAlgorithm.RSA_2048);
    return ServiceAccountConfig.of(DEFAULT_SERVICE_ACCOUNT_ISSUER, Pem.encode(keys.getPublic()), Pem.encode(keys.getPrivate()));
  }

  private static String withTrailingNewline(String pem) {
    return pem.endsWith("\n") ? pem : pem + "\n";
  }

  private String readVersion() {
    Path binary = binDir.resolve(KubeBinaries.KUBE_APISERVER);
    try {
      Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ControlPlaneStartException(binary + " --version did not answer within 10 s");
      }
      String text = new String(output, StandardCharsets.UTF_8).strip();
      // "Kubernetes v1.34.1"
      int v = text.lastIndexOf(" v");
      if (process.exitValue() != 0 || v < 0) {
        throw new ControlPlaneStartException(binary + " --version said \"" + text + "\" (exit code " + process.exitValue() + ")");
      }
      return text.substring(v + 2);
    } catch (IOException e) {
      throw new ControlPlaneStartException("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneStartException("interrupted while running " + binary + " --version", e);
    }
  }

  private void startApiServer(long deadline) {
    int[] ports = freePorts(3);
    int etcdClientPort = ports[0];
    int etcdPeerPort = ports[1];
    int securePort = ports[2];
    url = URI.create("https://127.0.0.1:" + securePort);

    progress.accept("starting etcd and kube-apiserver (" + version + ") on 127.0.0.1:" + securePort);
    String etcdClientUrl = "http://127.0.0.1:" + etcdClientPort;
    String etcdPeerUrl = "http://127.0.0.1:" + etcdPeerPort;
    etcd = startProcess("etcd", List.of(
        binDir.resolve(KubeBinaries.ETCD).toString(),
        "--name=authlab",
        "--data-dir=" + workDir.resolve("etcd"),
        "--listen-client-urls=" + etcdClientUrl,
        "--advertise-client-urls=" + etcdClientUrl,
        "--listen-peer-urls=" + etcdPeerUrl,
        "--initial-advertise-peer-urls=" + etcdPeerUrl,
        "--initial-cluster=authlab=" + etcdPeerUrl,
        // a throwaway cluster: durability buys nothing and fsync costs seconds on a busy disk
        "--unsafe-no-fsync",
        "--log-level=warn"));

    List<String> command = new ArrayList<>();
    command.add(binDir.resolve(KubeBinaries.KUBE_APISERVER).toString());
    authnFlags = effectiveAuthn.writeApiServerConfig(workDir.resolve("authn"));
    command.addAll(authnFlags);
    command.add("--authorization-mode=" + String.join(",", spec.authorizationModes()));
    command.add("--etcd-servers=" + etcdClientUrl);
    command.add("--secure-port=" + securePort);
    command.add("--bind-address=127.0.0.1");
    command.add("--advertise-address=127.0.0.1");
    command.add("--tls-cert-file=" + pki.files().servingCert());
    command.add("--tls-private-key-file=" + pki.files().servingKey());
    command.add("--cert-dir=" + workDir.resolve("apiserver-certs"));
    command.add("--service-cluster-ip-range=" + SERVICE_CLUSTER_IP_RANGE);
    // API priority and fairness costs CPU and matters only under load
    command.add("--enable-priority-and-fairness=false");
    // endpoints may not be loopback addresses, so there is nothing to reconcile for the kubernetes Service
    command.add("--endpoint-reconciler-type=none");
    command.add("--profiling=false");
    command.addAll(extraApiServerFlags);
    apiServer = startProcess("kube-apiserver", command);

    adminKubeconfig = workDir.resolve("admin.kubeconfig");
    Kubeconfigs.write(Kubeconfigs.forClientCertificate("authlab-local", url.toString(), pki.servingCa().certificatePem(),
        ADMIN_USER, pki.admin().certificatePem(), pki.admin().privateKeyPem()), adminKubeconfig);
    awaitReadyz(deadline);
  }

  private void awaitReadyz(long deadline) {
    HttpClient http = HttpClient.newBuilder()
        .sslContext(Tls.context(pki.servingCa().certificate(), pki.admin()))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    String last = "no answer yet";
    while (true) {
      checkAlive();
      try {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(url.resolve(READYZ + "?verbose")).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode() + ": " + failingChecks(response.body());
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ControlPlaneStartException("interrupted while waiting for kube-apiserver");
      }
      if (System.nanoTime() > deadline) {
        throw new ControlPlaneStartException("kube-apiserver was not ready within " + seconds(spec.startTimeout())
            + " (last " + READYZ + ": " + last + ")" + logTails());
      }
      pause();
    }
  }

  /** {@code 60 s}, {@code 0.3 s}. */
  static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** The {@code [-]} lines of a verbose /readyz answer, joined. */
  private static String failingChecks(String body) {
    List<String> failing = body.lines().filter(line -> line.startsWith("[-]")).toList();
    return failing.isEmpty() ? body.strip() : String.join("; ", failing);
  }

  private void startControllers(long deadline) {
    progress.accept("starting kube-controller-manager");
    admin = ControlPlaneClients.clientAs(url, pki.servingCa().certificatePem(),
        new Credential.ClientCertificate(pki.admin().certificatePem(), pki.admin().privateKeyPem()));
    Path kubeconfig = workDir.resolve("controller-manager.kubeconfig");
    IssuedCertificate identity = pki.controllerManager();
    Kubeconfigs.write(Kubeconfigs.forClientCertificate("authlab-local", url.toString(), pki.servingCa().certificatePem(),
        LocalPki.CONTROLLER_MANAGER_USER, identity.certificatePem(), identity.privateKeyPem()), kubeconfig);
    String signingKey = flagValue(authnFlags, "--service-account-signing-key-file")
        .orElseThrow(() -> new IllegalStateException("kube-apiserver was started without --service-account-signing-key-file"));
    controllerManager = startProcess("kube-controller-manager", List.of(
        binDir.resolve(KubeBinaries.KUBE_CONTROLLER_MANAGER).toString(),
        "--kubeconfig=" + kubeconfig,
        "--controllers=" + String.join(",", CONTROLLERS),
        "--use-service-account-credentials=false",
        "--leader-elect=false",
        "--secure-port=0",
        "--service-account-private-key-file=" + signingKey,
        "--root-ca-file=" + pki.files().servingCaCert(),
        "--cluster-signing-cert-file=" + pki.files().clientCaCert(),
        "--cluster-signing-key-file=" + pki.files().clientCaKey(),
        "--profiling=false"));
    awaitBootstrap(deadline);
  }

  /** The aggregated {@code view} ClusterRole and the {@code default} ServiceAccount: the controllers are working. */
  private void awaitBootstrap(long deadline) {
    String missing = "nothing checked yet";
    while (true) {
      checkAlive();
      try {
        ClusterRole view = admin.rbac().clusterRoles().withName("view").get();
        ServiceAccount defaultAccount = admin.serviceAccounts().inNamespace("default").withName("default").get();
        List<String> waiting = new ArrayList<>();
        if (view == null || view.getRules() == null || view.getRules().isEmpty()) {
          waiting.add("ClusterRole view has no aggregated rules yet");
        }
        if (defaultAccount == null) {
          waiting.add("ServiceAccount default/default does not exist yet");
        }
        if (waiting.isEmpty()) {
          return;
        }
        missing = String.join(", ", waiting);
      } catch (KubernetesClientException e) {
        missing = "the admin's request failed: " + e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw new ControlPlaneStartException("the controllers did not finish bootstrapping within " + seconds(spec.startTimeout())
            + " (" + missing + ")" + logTails());
      }
      pause();
    }
  }

  private void checkAlive() {
    for (ManagedProcess process : processes()) {
      if (!process.isAlive()) {
        throw new ControlPlaneStartException(process.name() + " exited with code " + process.exitCode().orElse(-1) + " during start-up"
            + logTails());
      }
    }
  }

  /** The API server's last 40 log lines, and the last lines of any other process that has exited. */
  private String logTails() {
    StringBuilder out = new StringBuilder();
    for (ManagedProcess process : processes()) {
      if (process != apiServer && !process.isAlive()) {
        appendTail(out, process, 20);
      }
    }
    if (apiServer != null) {
      appendTail(out, apiServer, LOG_TAIL_LINES);
    }
    return out.toString();
  }

  private static void appendTail(StringBuilder out, ManagedProcess process, int lines) {
    List<String> tail = process.logTail(lines);
    out.append(System.lineSeparator()).append("Last ").append(tail.size()).append(" lines of the ").append(process.name()).append(" log:");
    for (String line : tail) {
      out.append(System.lineSeparator()).append("  ").append(line);
    }
  }

  private ManagedProcess startProcess(String name, List<String> command) {
    ManagedProcess process = ManagedProcess.start(name, command, workDir.resolve("logs").resolve(name + ".log"), workDir);
    watchdog.watch(process.pid());
    return process;
  }

  private static Optional<String> flagValue(List<String> flags, String name) {
    String prefix = name + "=";
    return flags.stream().filter(flag -> flag.startsWith(prefix)).map(flag -> flag.substring(prefix.length())).reduce((a, b) -> b);
  }

  /** Ports free right now on 127.0.0.1, all different (all sockets are open at once while choosing). */
  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports on 127.0.0.1: " + e.getMessage(), e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing a listening socket that never accepted anything; the port is free either way
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneStartException("interrupted while waiting for the control plane");
    }
  }

  private List<ManagedProcess> processes() {
    return Stream.of(etcd, apiServer, controllerManager).filter(Objects::nonNull).toList();
  }

  // ---- running

  private void requireRunning() {
    synchronized (lock) {
      if (state == State.NEW || state == State.STARTING) {
        throw new IllegalStateException("the control plane is not started yet; call start() first");
      }
      if (state == State.CLOSED) {
        throw new IllegalStateException("the control plane is closed");
      }
    }
  }

  @Override
  public String kubernetesVersion() {
    requireRunning();
    return version;
  }

  @Override
  public URI apiServerUrl() {
    requireRunning();
    return url;
  }

  @Override
  public String servingCaPem() {
    requireRunning();
    return pki.servingCa().certificatePem();
  }

  @Override
  public Path adminKubeconfig() {
    requireRunning();
    return adminKubeconfig;
  }

  /** The admin's client certificate and key (CN=authlab-admin, O=system:masters). */
  public Credential.ClientCertificate adminCredential() {
    requireRunning();
    return new Credential.ClientCertificate(pki.admin().certificatePem(), pki.admin().privateKeyPem());
  }

  /** The client CA, which the API server trusts and kube-controller-manager signs CSRs with. */
  public String clientCaPem() {
    requireRunning();
    return pki.clientCa().certificatePem();
  }

  @Override
  public KubernetesClient adminClient() {
    requireRunning();
    return admin;
  }

  /** A new client for this credential; close it when done (whatever is still open is closed with the control plane). */
  @Override
  public KubernetesClient clientAs(Credential credential) {
    requireRunning();
    KubernetesClient client = ControlPlaneClients.clientAs(url, pki.servingCa().certificatePem(), credential);
    clients.add(client);
    return client;
  }

  /**
   * The settings the API server runs with: those asked for, with the control plane's client CA added
   * to the client CA bundle and, when none were given, the generated service-account keys and issuer.
   * Build the library's chain from these to compare it with this API server.
   */
  @Override
  public AuthnSettings authn() {
    requireRunning();
    return effectiveAuthn;
  }

  /** What the control plane was asked to start with. */
  public ControlPlaneSpec spec() {
    return spec;
  }

  @Override
  public WhoamiResult whoami(Credential credential) {
    requireRunning();
    try (KubernetesClient client = ControlPlaneClients.clientAs(url, pki.servingCa().certificatePem(), credential)) {
      return ControlPlaneClients.whoami(client);
    }
  }

  @Override
  public SubjectAccessReviewStatus review(SubjectAccessReview review) {
    requireRunning();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus();
  }

  /** How long the start took, phase by phase. */
  public StartupTimings startupTimings() {
    requireRunning();
    return timings;
  }

  /** The temporary directory everything lives in; gone after {@link #close}. */
  public Path workDir() {
    requireRunning();
    return workDir;
  }

  /** The process ids, by name: etcd, kube-apiserver, kube-controller-manager, and the clean-up watchdog. */
  public Map<String, Long> processIds() {
    requireRunning();
    Map<String, Long> ids = new LinkedHashMap<>();
    for (ManagedProcess process : processes()) {
      ids.put(process.name(), process.pid());
    }
    ids.put("watchdog", watchdog.pid());
    return ids;
  }

  /** The API server's log (in {@link #workDir}). */
  public Path apiServerLog() {
    requireRunning();
    return apiServer.log();
  }

  // ---- stop

  /**
   * Stops kube-controller-manager, kube-apiserver and etcd, in that order, and deletes the temporary
   * directory. Returns when all that is done, also when another thread (the shutdown hook) is doing it.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (state == State.NEW) {
        state = State.CLOSED;
        return;
      }
      state = State.CLOSED;
    }
    cleanUpOnce();
  }

  private void closeFromShutdownHook() {
    synchronized (lock) {
      if (state == State.NEW) {
        return;
      }
      state = State.CLOSED;
    }
    shutdownHook = null; // removing a hook while hooks run is not allowed
    cleanUpOnce();
  }

  private void cleanUpOnce() {
    synchronized (cleanupLock) {
      if (cleanedUp) {
        return;
      }
      cleanedUp = true;
      cleanUp();
    }
  }

  private void cleanUp() {
    List<RuntimeException> problems = new ArrayList<>();
    for (KubernetesClient client : clients) {
      run(problems, client::close);
    }
    clients.clear();
    if (admin != null) {
      run(problems, admin::close);
    }
    for (ManagedProcess process : Stream.of(controllerManager, apiServer, etcd).filter(Objects::nonNull).toList()) {
      run(problems, () -> process.stop(STOP_GRACE));
    }
    if (workDir != null) {
      run(problems, () -> deleteRecursively(workDir));
    }
    if (watchdog != null) {
      run(problems, watchdog::close);
    }
    Thread hook = shutdownHook;
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook will find the control plane closed
      }
    }
    if (!problems.isEmpty()) {
      IllegalStateException failure = new IllegalStateException("stopping the local control plane: " + problems.get(0).getMessage());
      problems.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private static void run(List<RuntimeException> problems, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      problems.add(e);
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

  @Override
  public String toString() {
    synchronized (lock) {
      return "LocalControlPlane[" + state.name().toLowerCase() + (url == null ? "" : ", " + url) + ", " + spec.authorizationModes() + "]";
    }
  }
}
