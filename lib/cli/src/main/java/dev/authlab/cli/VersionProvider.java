package dev.authlab.cli;

import dev.authlab.authz.rbac.BootstrapPolicy;
import picocli.CommandLine.IVersionProvider;

/** `authlab --version`: the kit's version and the Kubernetes version it models. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String kit = AuthlabCommand.class.getPackage().getImplementationVersion();
    return new String[] {
      "authlab " + (kit == null ? "development build" : kit), "models Kubernetes " + BootstrapPolicy.kubernetesVersion()
    };
  }
}
