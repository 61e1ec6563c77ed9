package dev.authlab.cli;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.RulesReview;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `authlab can-i`: kubectl auth can-i against manifests instead of a cluster. */
@Command(
    name = "can-i",
    mixinStandardHelpOptions = true,
    description = {
      "Check whether a user may do something, as `kubectl auth can-i --as` would on a cluster holding these manifests.",
      "Prints yes (exit 0) or no (exit 1). TYPE/SUBRESOURCE names a subresource (pods/log); unlike kubectl, where",
      "TYPE/NAME names an object, give the object name as the third argument."
    })
public final class CanICommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Mixin TargetOptions target;

  @Option(names = "--list", description = "List everything the user may do in the namespace, like kubectl auth can-i --list.")
  boolean list;

  @Option(names = "--no-headers", description = "With --list: no header line.")
  boolean noHeaders;

  @Option(names = "--explain", description = "Say why: the binding, role and rule that allow, or the near misses.")
  boolean explain;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing; the exit code is the answer.")
  boolean quiet;

  @Mixin SubjectOptions subject;

  @Mixin PolicyOptions policyOptions;

  @Override
  public Integer call() {
    Io io = parent.io();
    String ns = target.effectiveNamespace();
    UserInfo user = subject.user();
    if (list) {
      if (!target.args.isEmpty()) {
        throw new UserError("--list takes no VERB or TYPE arguments");
      }
      RbacPolicy policy = policyOptions.load(io.err());
      printRules(io, RulesReview.of(policy, user, ns));
      return ExitCodes.YES;
    }
    TargetArguments.Target request = target.parse(io.err());
    RbacPolicy policy = policyOptions.load(io.err());
    Attributes attributes = request.forUser(user);
    Decision decision = AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy)).authorize(attributes);
    if (!quiet) {
      if (decision.isAllowed()) {
        io.out().println("yes");
      } else {
        io.out().println(decision.reason().isEmpty() ? "no" : "no - " + decision.reason());
      }
      if (explain) {
        for (String line : decision.explanation().lines()) {
          io.out().println("  " + line);
        }
      }
    }
    return decision.isAllowed() ? ExitCodes.YES : ExitCodes.NO;
  }

  private void printRules(Io io, RulesReview.Result result) {
    if (!result.errors().isEmpty()) {
      io.err().println("warning: the list may be incomplete: " + String.join(", ", result.errors()));
    }
    TabWriter table = new TabWriter();
    if (!noHeaders) {
      table.row("Resources", "Non-Resource URLs", "Resource Names", "Verbs");
    }
    for (PolicyRule rule : result.rules()) {
      table.row(
          RulesReview.resourcesColumn(rule),
          RulesReview.goList(orEmpty(rule.getNonResourceURLs())),
          RulesReview.goList(orEmpty(rule.getResourceNames())),
          RulesReview.goList(orEmpty(rule.getVerbs())));
    }
    table.flush(io.out());
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
