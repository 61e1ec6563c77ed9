package dev.authlab.cluster.kind;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * Commands run inside a started kind node: read and write files, swap a static pod manifest, find the
 * running container of a static pod with crictl, ask kube-apiserver for /readyz as the super-admin,
 * and collect the API server's log tail for error messages.
 */
final class KindNode {

  /** kubeadm's system:masters kubeconfig (1.29+); admin.conf is only bound to cluster-admin through RBAC. */
  static final String SUPER_ADMIN_KUBECONFIG = "/etc/kubernetes/super-admin.conf";

  static final String ADMIN_KUBECONFIG = "/etc/kubernetes/admin.conf";

  /** Manifests are written here first, then moved into place in one rename the kubelet cannot see half-done. */
  static final String STAGING_DIR = "/etc/kubernetes/authlab-staging";

  static final int LOG_TAIL_LINES = 40;

  private final GenericContainer<?> container;

  KindNode(GenericContainer<?> container) {
    this.container = container;
  }

  /** Runs a command; its stdout, or an exception with the command, exit code and stderr. */
  String exec(String... command) {
    Container.ExecResult result = run(command);
    if (result.getExitCode() != 0) {
      throw new IllegalStateException("`" + String.join(" ", command) + "` in the kind node exited with " + result.getExitCode() + ": "
          + result.getStderr().strip());
    }
    return result.getStdout();
  }

  boolean exists(String path) {
    return run("test", "-f", path).getExitCode() == 0;
  }

  String read(String path) {
    return container.copyFileFromContainer(path, in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  void write(NodeFile file) {
    container.copyFileToContainer(Transferable.of(file.content().getBytes(StandardCharsets.UTF_8), file.mode()), file.path());
  }

  /** Replaces a static pod manifest atomically: written next to it, then renamed over it. */
  void replaceManifest(String path, String content) {
    String staged = STAGING_DIR + "/" + path.substring(path.lastIndexOf('/') + 1);
    exec("mkdir", "-p", STAGING_DIR);
    write(new NodeFile(staged, content, NodeFile.PRIVATE));
    exec("mv", "-f", staged, path);
  }

  /** The ID of the running container of this static pod container name, newest first. */
  Optional<String> runningContainer(String name) {
    Container.ExecResult result = run("crictl", "ps", "--name", "^" + name + "$", "--state", "Running", "-q");
    if (result.getExitCode() != 0) {
      return Optional.empty();
    }
    return result.getStdout().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  /** Whether kube-apiserver answers /readyz with ok to the super-admin. */
  boolean apiServerReady(String kubeconfig) {
    Container.ExecResult result = run("kubectl", "--kubeconfig=" + kubeconfig, "--request-timeout=5s", "get", "--raw=/readyz");
    return result.getExitCode() == 0 && result.getStdout().strip().equals("ok");
  }

  /** The last lines the newest kube-apiserver container wrote (running or exited), or why there are none. */
  String apiServerLogTail() {
    try {
      Container.ExecResult ids = run("crictl", "ps", "-a", "--name", "^kube-apiserver$", "-q");
      Optional<String> newest = ids.getStdout().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
      if (newest.isEmpty()) {
        Container.ExecResult kubelet = run("journalctl", "-u", "kubelet", "--no-pager", "-n", String.valueOf(LOG_TAIL_LINES));
        return "no kube-apiserver container; kubelet journal:\n" + kubelet.getStdout().strip();
      }
      Container.ExecResult logs = run("crictl", "logs", "--tail", String.valueOf(LOG_TAIL_LINES), newest.get());
      return "kube-apiserver log (container " + newest.get() + "):\n" + (logs.getStdout() + logs.getStderr()).strip();
    } catch (RuntimeException e) {
      return "(cannot read the kube-apiserver log: " + e.getMessage() + ")";
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the kind node", e);
    }
  }

  private Container.ExecResult run(String... command) {
    try {
      return container.execInContainer(command);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run `" + String.join(" ", List.of(command)) + "` in the kind node: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "` in the kind node", e);
    }
  }
}
