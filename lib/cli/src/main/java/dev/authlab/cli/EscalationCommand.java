package dev.authlab.cli;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.rbac.EscalationCheck;
import dev.authlab.authz.rbac.EscalationResult;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.Manifests;
import dev.authlab.manifest.Source;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `authlab escalation`: would the API server let a user write these roles and bindings? */
@Command(
    name = "escalation",
    mixinStandardHelpOptions = true,
    description = {
      "Check RBAC's escalation prevention: may USER create the Roles, ClusterRoles and bindings in FILE, given what",
      "the policy grants them? You may only grant what you hold, unless you have the escalate (roles) or bind (bindings)",
      "verb. Prints one line per object; exit 0 when all would be accepted, 1 when any would be forbidden."
    })
public final class EscalationCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "Manifests the user wants to create.")
  Path file;

  @Mixin SubjectOptions subject;

  @Mixin PolicyOptions policyOptions;

  @Override
  public Integer call() {
    Io io = parent.io();
    UserInfo user = subject.user();
    ManifestSet wanted = Manifests.load(file);
    if (wanted.objects().isEmpty()) {
      throw new UserError(file + ": no Role, ClusterRole, RoleBinding or ClusterRoleBinding to check");
    }
    RbacPolicy policy = policyOptions.load(io.err());
    EscalationCheck check = new EscalationCheck(policy);
    boolean allPermitted = true;
    for (HasMetadata object : wanted.objects()) {
      Optional<HasMetadata> existing = existing(policy, object);
      EscalationResult result =
          existing.isPresent() ? check.checkUpdate(user, object, existing.get()) : check.checkCreate(user, object);
      String where = wanted.sourceOf(object).map(Source::toString).orElse(file.toString());
      String what = object.getKind() + " " + qualifiedName(object) + (existing.isPresent() ? " (update)" : " (create)");
      if (result.permitted()) {
        io.out().println("ok         " + what + ": " + result.message());
      } else {
        allPermitted = false;
        io.out().println("forbidden  " + what + " [" + where + "]:");
        for (String line : result.message().split("\n")) {
          io.out().println("    " + line);
        }
      }
    }
    return allPermitted ? ExitCodes.YES : ExitCodes.NO;
  }

  private static Optional<HasMetadata> existing(RbacPolicy policy, HasMetadata object) {
    String name = object.getMetadata().getName();
    String ns = object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
    return switch (object.getKind()) {
      case "ClusterRole" -> policy.clusterRole(name).map(HasMetadata.class::cast);
      case "Role" -> policy.role(ns, name).map(HasMetadata.class::cast);
      case "ClusterRoleBinding" -> policy.clusterRoleBindings().stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst().map(HasMetadata.class::cast);
      case "RoleBinding" -> policy.roleBindings().stream()
          .filter(b -> b.getMetadata().getName().equals(name) && ns.equals(b.getMetadata().getNamespace()))
          .findFirst()
          .map(HasMetadata.class::cast);
      default -> Optional.empty();
    };
  }

  private static String qualifiedName(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return (ns == null || ns.isEmpty() ? "" : ns + "/") + object.getMetadata().getName();
  }
}
