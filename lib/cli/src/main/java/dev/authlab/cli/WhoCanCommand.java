package dev.authlab.cli;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.WhoCan;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `authlab who-can`: every subject that may make a request, and the binding that lets it. */
@Command(
    name = "who-can",
    mixinStandardHelpOptions = true,
    description = {
      "List the users, groups and service accounts that may make a request, with the binding and role that grant it.",
      "system:masters is always listed: the API server allows it everything before RBAC is asked."
    })
public final class WhoCanCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Mixin TargetOptions target;

  @Mixin PolicyOptions policyOptions;

  @Override
  public Integer call() {
    Io io = parent.io();
    TargetArguments.Target request = target.parse(io.err());
    RbacPolicy policy = policyOptions.load(io.err());
    Attributes attributes = request.forUser(UserInfo.of(""));
    WhoCan.Result result = new WhoCan(policy).find(attributes);
    for (String error : new LinkedHashSet<>(result.errors())) {
      io.err().println("warning: " + error);
    }
    TabWriter table = new TabWriter();
    table.row("KIND", "SUBJECT", "GRANTED BY");
    for (WhoCan.Grant grant : result.grants()) {
      table.row(kind(grant.subject()), name(grant.subject()), grant.via());
    }
    table.flush(io.out());
    return 0;
  }

  private static String kind(Subject subject) {
    return subject.getKind() == null ? "" : subject.getKind();
  }

  /** Service accounts as NS/NAME, defaulting the namespace the way the binding does. */
  private static String name(Subject subject) {
    String name = subject.getName() == null ? "" : subject.getName();
    if ("ServiceAccount".equals(subject.getKind()) && subject.getNamespace() != null && !subject.getNamespace().isEmpty()) {
      return subject.getNamespace() + "/" + name;
    }
    return name;
  }
}
