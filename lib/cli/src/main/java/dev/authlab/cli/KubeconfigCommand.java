package dev.authlab.cli;

import dev.authlab.kubeconfig.Kubeconfigs;
import io.fabric8.kubernetes.api.model.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `authlab kubeconfig`: a kubeconfig for one user, with a client certificate or a token, data embedded. */
@Command(
    name = "kubeconfig",
    mixinStandardHelpOptions = true,
    description = "Write a kubeconfig for one user (client certificate and key, or a token), with the cluster's CA embedded.")
public final class KubeconfigCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The API server, e.g. https://127.0.0.1:6443.")
  String server;

  @Option(names = "--certificate-authority", required = true, paramLabel = "FILE", description = "CA that signed the API server's serving certificate.")
  Path ca;

  @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name (default: kubernetes).")
  String cluster = "kubernetes";

  @Option(names = "--user", required = true, paramLabel = "NAME")
  String user;

  @Option(names = "--client-certificate", paramLabel = "FILE")
  Path certificate;

  @Option(names = "--client-key", paramLabel = "FILE")
  Path key;

  @Option(names = "--token", paramLabel = "TOKEN")
  String token;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it (mode 0600); - for stdout.")
  String output;

  @Override
  public Integer call() {
    boolean certificatePair = certificate != null || key != null;
    if (certificatePair == (token != null)) {
      throw new UserError("give either --client-certificate and --client-key, or --token");
    }
    if (certificatePair && (certificate == null || key == null)) {
      throw new UserError("--client-certificate and --client-key go together");
    }
    try {
      Config config =
          token != null
              ? Kubeconfigs.forToken(cluster, server, read(ca), user, token)
              : Kubeconfigs.forClientCertificate(cluster, server, read(ca), user, read(certificate), read(key));
      if (output.equals("-")) {
        parent.io().out().print(Kubeconfigs.toYaml(config));
      } else {
        Path file = Path.of(output);
        if (Files.exists(file)) {
          throw new UserError(file + " already exists; remove it first or choose another name");
        }
        Kubeconfigs.write(config, file);
        parent.io().out().println("wrote " + file + " (context " + Kubeconfigs.contextName(user, cluster) + ", mode 0600)");
      }
      return 0;
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UserError(AuthnFlags.oneLine(e.getMessage()));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UserError(file + ": cannot read it: " + e.getMessage());
    }
  }
}
