package dev.authlab.cli;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.cluster.Backend;
import dev.authlab.cluster.BackendUnavailableException;
import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.ControlPlaneStartException;
import dev.authlab.cluster.EnvironmentVariables;
import dev.authlab.cluster.local.KubeBinaries;
import dev.authlab.cluster.local.LocalControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * `authlab cluster up|down|env`: a real local control plane (etcd, kube-apiserver,
 * kube-controller-manager on 127.0.0.1) for a reader to try things against. {@code up} runs in the
 * foreground until Ctrl-C or {@code down}; its state (the process id and a copy of the admin
 * kubeconfig) lives in {@code ~/.cache/authlab/cluster/}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Run a real Kubernetes control plane on this machine: etcd, kube-apiserver and kube-controller-manager on 127.0.0.1,",
      "from the binaries scripts/build-kube-binaries builds.",
      "Start it with `up`, point kubectl at it with `env`, stop it with `down`."
    },
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Env.class, ClusterCommand.Backends.class})
public final class ClusterCommand implements Runnable {

  /** Overrides where the running cluster's state is kept (default {@code ~/.cache/authlab/cluster}). */
  static final String STATE_DIR_VARIABLE = "AUTHLAB_CLUSTER_STATE";

  private static final String STATE_FILE = "state.properties";
  private static final String KUBECONFIG_FILE = "admin.kubeconfig";
  private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(30);

  @ParentCommand AuthlabCommand parent;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(parent.io().out());
  }

  Io io() {
    return parent.io();
  }

  static Path stateDir(EnvironmentVariables env) {
    return env.get(STATE_DIR_VARIABLE).map(Path::of).orElseGet(() -> {
      Path home = env.get("HOME").map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
      return home.resolve(".cache").resolve("authlab").resolve("cluster");
    });
  }

  // ---- state of the running `up`

  /** What `up` writes for `down` and `env`: its process (id and start time, so a reused pid is not mistaken for it). */
  record State(long pid, Instant processStart, String url, Path kubeconfig, String version) {

    static Optional<State> read(Path dir) {
      Path file = dir.resolve(STATE_FILE);
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        properties.load(in);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new UserError(file + ": cannot read it: " + e.getMessage());
      }
      try {
        return Optional.of(new State(Long.parseLong(properties.getProperty("pid")), Instant.parse(properties.getProperty("processStart")),
            properties.getProperty("url"), Path.of(properties.getProperty("kubeconfig")), properties.getProperty("version")));
      } catch (RuntimeException e) {
        throw new UserError(file + " is damaged (" + e.getMessage() + "); delete it and start again");
      }
    }

    void write(Path dir) {
      Properties properties = new Properties();
      properties.setProperty("pid", Long.toString(pid));
      properties.setProperty("processStart", processStart.toString());
      properties.setProperty("url", url);
      properties.setProperty("kubeconfig", kubeconfig.toString());
      properties.setProperty("version", version);
      Path file = dir.resolve(STATE_FILE);
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "authlab cluster up: the running local control plane");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    /** The `up` process, if it is still the one that wrote this. */
    Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant().map(start -> start.equals(processStart)).orElse(true));
    }

    static void delete(Path dir) {
      try {
        Files.deleteIfExists(dir.resolve(STATE_FILE));
        Files.deleteIfExists(dir.resolve(KUBECONFIG_FILE));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the cluster state in " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  /** `authlab cluster up`. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start a local control plane and keep it running until Ctrl-C or `authlab cluster down`.",
        "Authentication flags are kube-apiserver's own; the control plane adds its admin (CN=authlab-admin, O=system:masters)",
        "to the client CA bundle and makes service-account keys when none are given."
      })
  public static final class Up implements Callable<Integer> {

    @ParentCommand ClusterCommand cluster;

    @Mixin AuthnFlags authn;

    @Option(names = "--service-account-signing-key-file", paramLabel = "FILE",
        description = "Private key that signs service-account tokens (a real API server needs it with --service-account-key-file).")
    Path serviceAccountSigningKeyFile;

    @Option(names = "--authorization-mode", split = ",", paramLabel = "MODE", description = "Authorizers in order (default: Node,RBAC).")
    List<String> authorizationModes = new ArrayList<>(List.of("Node", "RBAC"));

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long the start may take (default: 60).")
    long timeoutSeconds = 60;

    @Override
    public Integer call() {
      Io io = cluster.io();
      EnvironmentVariables env = EnvironmentVariables.system();
      Path stateDir = stateDir(env);
      Optional<State> existing = State.read(stateDir);
      if (existing.isPresent() && existing.get().process().isPresent()) {
        throw new UserError("a local control plane is already running (pid " + existing.get().pid() + ", " + existing.get().url()
            + "); stop it with `authlab cluster down`");
      }
      existing.ifPresent(stale -> State.delete(stateDir));

      LocalControlPlane controlPlane;
      try {
        controlPlane = LocalControlPlane.builder()
            .authn(settings())
            .authorizationModes(authorizationModes)
            .startTimeout(Duration.ofSeconds(timeoutSeconds))
            .environment(env)
            .progress(progressPrinter(io))
            .build();
      } catch (BackendUnavailableException e) {
        throw new UserError(e.getMessage());
      }
      try {
        controlPlane.start();
      } catch (ControlPlaneStartException e) {
        io.err().println("error: the control plane did not start: " + e.getMessage());
        return ExitCodes.NO;
      }

      CountDownLatch stopped = new CountDownLatch(1);
      Thread stopper = new Thread(() -> {
        io.err().println("stopping the local control plane …");
        try {
          controlPlane.close();
          State.delete(stateDir);
        } finally {
          io.err().println("stopped");
          io.err().flush();
          stopped.countDown();
        }
      }, "authlab-cluster-down");
      Runtime.getRuntime().addShutdownHook(stopper);

      Path kubeconfig = stateDir.resolve(KUBECONFIG_FILE);
      writeState(stateDir, controlPlane, kubeconfig);
      printHowToUse(io, controlPlane, kubeconfig, env);
      try {
        stopped.await(); // until Ctrl-C or `authlab cluster down` (SIGTERM) runs the hook; nothing else ends this command
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }

    private AuthnSettings settings() {
      AuthnSettings settings = authn.settings();
      if (serviceAccountSigningKeyFile == null) {
        settings.serviceAccounts().filter(sa -> sa.signingKeyPem().isEmpty()).ifPresent(sa -> {
          throw new UserError("--service-account-key-file needs --service-account-signing-key-file for a real API server (or leave both out and the control plane makes a key pair)");
        });
        return settings;
      }
      String signingKey;
      try {
        signingKey = Files.readString(serviceAccountSigningKeyFile, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new UserError("--service-account-signing-key-file " + serviceAccountSigningKeyFile + ": no such file");
      } catch (IOException e) {
        throw new UserError("--service-account-signing-key-file " + serviceAccountSigningKeyFile + ": cannot read it: " + e.getMessage());
      }
      ServiceAccountConfig accounts = settings.serviceAccounts().orElseThrow(() ->
          new UserError("--service-account-signing-key-file needs --service-account-issuer and --service-account-key-file"));
      ServiceAccountConfig signed = new ServiceAccountConfig(accounts.issuers(), accounts.publicKeyPems(), Optional.of(signingKey),
          accounts.lookup(), accounts.apiAudiences(), accounts.maxTokenExpiration(), accounts.extendTokenExpiration());
      return new AuthnSettings(settings.tokenFile(), settings.clientCa(), settings.requestHeader(), Optional.of(signed), settings.jwt(),
          settings.webhook(), settings.anonymous(), settings.apiAudiences());
    }

    private static java.util.function.Consumer<String> progressPrinter(Io io) {
      long start = System.nanoTime();
      return line -> {
        io.err().printf(java.util.Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
        io.err().flush();
      };
    }

    private static void writeState(Path stateDir, LocalControlPlane controlPlane, Path kubeconfig) {
      try {
        Files.createDirectories(stateDir);
        Files.copy(controlPlane.adminKubeconfig(), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the admin kubeconfig to " + kubeconfig + ": " + e.getMessage(), e);
      }
      ProcessHandle self = ProcessHandle.current();
      new State(self.pid(), self.info().startInstant().orElse(Instant.EPOCH), controlPlane.apiServerUrl().toString(), kubeconfig,
          controlPlane.kubernetesVersion()).write(stateDir);
    }

    private static void printHowToUse(Io io, LocalControlPlane controlPlane, Path kubeconfig, EnvironmentVariables env) {
      Path kubectl = KubeBinaries.locate(env) instanceof KubeBinaries.Location.Found found ? found.dir().resolve("kubectl") : Path.of("kubectl");
      io.out().println("Kubernetes " + controlPlane.kubernetesVersion() + " is up at " + controlPlane.apiServerUrl() + " (started in "
          + String.format(java.util.Locale.ROOT, "%.1f s", controlPlane.startupTimings().total().toMillis() / 1000.0) + ").");
      io.out().println("Admin kubeconfig (CN=" + LocalControlPlane.ADMIN_USER + ", O=system:masters): " + kubeconfig);
      io.out().println();
      io.out().println("In another terminal:");
      io.out().println("  eval \"$(./authlab cluster env)\"     # export KUBECONFIG=" + kubeconfig);
      io.out().println("  " + kubectl + " get namespaces");
      io.out().println("  " + kubectl + " auth can-i list secrets -n default --as jane");
      io.out().println();
      io.out().println("Stop it with Ctrl-C here, or `./authlab cluster down`.");
      io.out().flush();
    }
  }

  /** `authlab cluster down`. */
  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local control plane `authlab cluster up` started.")
  public static final class Down implements Callable<Integer> {

    @ParentCommand ClusterCommand cluster;

    @Override
    public Integer call() {
      Io io = cluster.io();
      Path stateDir = stateDir(EnvironmentVariables.system());
      Optional<State> state = State.read(stateDir);
      if (state.isEmpty()) {
        io.out().println("no local control plane is running");
        return 0;
      }
      Optional<ProcessHandle> process = state.get().process();
      if (process.isEmpty()) {
        State.delete(stateDir);
        io.out().println("the local control plane's process (pid " + state.get().pid() + ") had already ended; removed its state");
        return 0;
      }
      process.get().destroy(); // SIGTERM: `up` stops its control plane in a shutdown hook
      try {
        process.get().onExit().get(DOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new UserError("`authlab cluster up` (pid " + state.get().pid() + ") did not stop within " + DOWN_TIMEOUT.toSeconds()
            + " s; kill it with `kill " + state.get().pid() + "`");
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for pid " + state.get().pid() + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.NO;
      }
      State.delete(stateDir);
      io.out().println("stopped the local control plane at " + state.get().url() + " (pid " + state.get().pid() + ")");
      return 0;
    }
  }

  /** `authlab cluster env`. */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = {"Print the shell line that points kubectl at the running local control plane:", "  eval \"$(authlab cluster env)\""})
  public static final class Env implements Callable<Integer> {

    @ParentCommand ClusterCommand cluster;

    @Override
    public Integer call() {
      Io io = cluster.io();
      Optional<State> state = State.read(stateDir(EnvironmentVariables.system()));
      if (state.isEmpty() || state.get().process().isEmpty()) {
        io.err().println("error: no local control plane is running; start one with `authlab cluster up`");
        return ExitCodes.NO;
      }
      io.out().println("export KUBECONFIG=" + shellQuote(state.get().kubeconfig().toString()));
      return 0;
    }

    private static String shellQuote(String value) {
      return value.matches("[A-Za-z0-9_./:@%+=,-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
  }

  @Command(name = "backends", mixinStandardHelpOptions = true,
      description = {"Say which control-plane backends this machine has (local binaries, kind with Docker), and which one",
          "AUTHLAB_BACKEND picks for the cluster tier of tests, labs and notebooks. Exit 0 when one is picked, 1 when none."})
  public static final class Backends implements Callable<Integer> {

    @ParentCommand ClusterCommand cluster;

    @Override
    public Integer call() {
      Io io = cluster.io();
      EnvironmentVariables env = EnvironmentVariables.system();
      List<Backend> backends = ControlPlanes.backends(env);
      for (Backend backend : backends) {
        io.out().println(backend.name() + ": " + backend.unavailableReason().map(why -> "unavailable: " + why).orElse("available"));
      }
      // the same two backends, not newly loaded ones
      ControlPlanes.Choice choice = ControlPlanes.choose(env, backends.get(0), backends.get(1));
      if (choice instanceof ControlPlanes.Choice.Chosen chosen) {
        io.out().println("picked: " + chosen.backend().name() + " (" + chosen.why() + ")");
        return 0;
      }
      io.out().println("picked: none (" + ((ControlPlanes.Choice.Unavailable) choice).reason() + ")");
      return ExitCodes.NO;
    }
  }
}
