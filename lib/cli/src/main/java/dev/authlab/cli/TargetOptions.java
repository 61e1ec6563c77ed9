package dev.authlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a request is about, in kubectl's words: VERB TYPE[/SUBRESOURCE] [NAME] and the namespace. */
public final class TargetOptions {

  @Parameters(paramLabel = "ARGS", arity = "0..3", description = "VERB TYPE[/SUBRESOURCE] [NAME], or VERB /NON-RESOURCE-URL")
  List<String> args = new ArrayList<>();

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace of the request (default: default).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "A cluster-wide request: only ClusterRoleBindings count.")
  boolean allNamespaces;

  @Option(names = "--subresource", paramLabel = "SUB", description = "Subresource, e.g. log or status.")
  String subresource;

  /** The namespace asked about: -n, "" for -A, else "default" as kubectl's context would give. */
  String effectiveNamespace() {
    if (allNamespaces && namespace != null) {
      throw new UserError("-A and -n cannot be used together");
    }
    return allNamespaces ? "" : namespace == null ? "default" : namespace;
  }

  TargetArguments.Target parse(PrintWriter err) {
    return TargetArguments.parse(args, subresource, effectiveNamespace(), namespace != null, err);
  }
}
