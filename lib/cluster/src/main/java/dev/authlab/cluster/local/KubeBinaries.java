package dev.authlab.cluster.local;

import dev.authlab.cluster.EnvironmentVariables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Where the local control plane's programs are: {@code AUTHLAB_KUBE_BIN}, else the cache that
 * {@code scripts/build-kube-binaries} fills ({@code ${AUTHLAB_KUBE_CACHE:-~/.cache/authlab/kube}/<version>/bin}),
 * with the version pinned in the parent pom ({@code AUTHLAB_KUBE_VERSION} overrides it, as it does for
 * the script).
 */
public final class KubeBinaries {

  public static final String BIN_VARIABLE = "AUTHLAB_KUBE_BIN";
  public static final String CACHE_VARIABLE = "AUTHLAB_KUBE_CACHE";
  public static final String VERSION_VARIABLE = "AUTHLAB_KUBE_VERSION";

  public static final String ETCD = "etcd";
  public static final String KUBE_APISERVER = "kube-apiserver";
  public static final String KUBE_CONTROLLER_MANAGER = "kube-controller-manager";

  /** The three servers a local control plane runs; kubectl is a convenience and not required. */
  public static final List<String> SERVERS = List.of(ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER);

  /** What to do when they are missing, appended to every "not found" message. */
  public static final String HOW_TO_GET_THEM =
      "build them with scripts/build-kube-binaries (needs Go), point AUTHLAB_KUBE_BIN at a directory that has them, or use Docker with AUTHLAB_BACKEND=kind";

  private KubeBinaries() {}

  /** The outcome of looking for the binaries. */
  public sealed interface Location {
    /** All three servers, executable, in {@code dir}; {@code source} says how the directory was chosen. */
    record Found(Path dir, String source) implements Location {}

    /** One line: where we looked, what was missing, what to do. */
    record Missing(String reason) implements Location {}
  }

  /** Looks in {@code AUTHLAB_KUBE_BIN} when set, else in the build script's cache. */
  public static Location locate(EnvironmentVariables env) {
    if (env.get(BIN_VARIABLE).isPresent()) {
      Path dir = Path.of(env.get(BIN_VARIABLE).get());
      return check(dir, BIN_VARIABLE + "=" + dir);
    }
    Path dir = defaultBinDir(env);
    return check(dir, "the build cache for Kubernetes " + version(env) + " (" + dir + ")");
  }

  /** Checks a directory given directly, such as the builder's {@code binDir}. */
  public static Location check(Path dir) {
    return check(dir, dir.toString());
  }

  private static Location check(Path dir, String source) {
    if (!Files.isDirectory(dir)) {
      return new Location.Missing("no Kubernetes binaries: " + source + " is not a directory; " + HOW_TO_GET_THEM);
    }
    List<String> missing = SERVERS.stream().filter(name -> !Files.isExecutable(dir.resolve(name))).toList();
    if (!missing.isEmpty()) {
      return new Location.Missing("no " + String.join(", ", missing) + " in " + source + "; " + HOW_TO_GET_THEM);
    }
    return new Location.Found(dir, source);
  }

  /** {@code ${AUTHLAB_KUBE_CACHE:-$HOME/.cache/authlab/kube}/<version>/bin}. */
  public static Path defaultBinDir(EnvironmentVariables env) {
    Path cache = env.get(CACHE_VARIABLE)
        .map(Path::of)
        .orElseGet(() -> home(env).resolve(".cache").resolve("authlab").resolve("kube"));
    return cache.resolve(version(env)).resolve("bin");
  }

  /** {@code AUTHLAB_KUBE_VERSION} without a leading v, else the pinned version. */
  public static String version(EnvironmentVariables env) {
    return env.get(VERSION_VARIABLE).map(v -> v.startsWith("v") ? v.substring(1) : v).orElseGet(KubeBinaries::pinnedVersion);
  }

  /** The Kubernetes version pinned in the parent pom ({@code <kubernetes.version>}), e.g. 1.34.1. */
  public static String pinnedVersion() {
    try (InputStream in = KubeBinaries.class.getResourceAsStream("/dev/authlab/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/authlab/version.properties is missing from authlab-core; the build is broken");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("kubernetes.version", "");
      if (version.isBlank() || version.contains("${")) {
        throw new IllegalStateException("dev/authlab/version.properties names no Kubernetes version; the build is broken");
      }
      return version.strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/authlab/version.properties", e);
    }
  }

  private static Path home(EnvironmentVariables env) {
    return env.get("HOME").map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
  }
}
