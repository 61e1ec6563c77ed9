package dev.authlab.labs.lab12_attacks_and_defences;

import static dev.authlab.labs.lab12_attacks_and_defences.EscalationPath.BIND;
import static dev.authlab.labs.lab12_attacks_and_defences.EscalationPath.ESCALATE;
import static dev.authlab.labs.lab12_attacks_and_defences.EscalationPath.IMPERSONATE;
import static dev.authlab.labs.lab12_attacks_and_defences.EscalationPath.POD_AS_POWERFUL_SERVICE_ACCOUNT;
import static dev.authlab.labs.lab12_attacks_and_defences.EscalationPath.READ_SECRETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.labs.support.PolicyFacts;
import dev.authlab.manifest.Manifests;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import dev.authlab.testkit.Subject;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Lab 12 · Attacks and defences: the audit against planted paths, the fixed policy against the library's checks. */
@Tag("library")
class Lab12LibraryTest {

  static final SubjectRef DEVS = SubjectRef.group("lab12-shop-devs");
  static final SubjectRef RELEASE_BOT = SubjectRef.serviceAccount("lab12-shop", "release-bot");
  static final SubjectRef HELPDESK = SubjectRef.user("sam.helpdesk");
  static final SubjectRef LEAD = SubjectRef.user("kim.lead");
  static final SubjectRef ONCALL = SubjectRef.group("lab12-platform-oncall");
  static final SubjectRef WEB = SubjectRef.serviceAccount("lab12-shop", "web");
  static final SubjectRef VIEWERS = SubjectRef.group("lab12-shop-viewers");

  /** The paths planted in leaky-policy.yaml. */
  static final Set<Finding> SHOP_FINDINGS = Set.of(
      new Finding(DEVS, ESCALATE), new Finding(DEVS, BIND), new Finding(DEVS, IMPERSONATE), new Finding(DEVS, POD_AS_POWERFUL_SERVICE_ACCOUNT),
      new Finding(RELEASE_BOT, READ_SECRETS),
      new Finding(HELPDESK, IMPERSONATE),
      new Finding(LEAD, ESCALATE), new Finding(LEAD, BIND),
      new Finding(ONCALL, IMPERSONATE), new Finding(ONCALL, ESCALATE), new Finding(ONCALL, BIND), new Finding(ONCALL, READ_SECRETS),
      new Finding(ONCALL, POD_AS_POWERFUL_SERVICE_ACCOUNT));

  static final String OTHER_RESOURCE = "lab12/other-policy.yaml";

  /** The paths in the test's other-policy.yaml. */
  static final Set<Finding> OTHER_FINDINGS = Set.of(
      new Finding(SubjectRef.serviceAccount("lab12-data", "etl"), IMPERSONATE),
      new Finding(SubjectRef.user("ops.ana"), POD_AS_POWERFUL_SERVICE_ACCOUNT),
      new Finding(SubjectRef.group("lab12-auditors"), READ_SECRETS),
      new Finding(SubjectRef.user("rb.maker"), BIND),
      new Finding(SubjectRef.user("esc.lee"), ESCALATE));

  @Test
  @DisplayName("the audit finds every path planted in the shop's policy")
  void auditFindsEveryPlantedPath() {
    Set<Finding> found = EscalationAudit.audit(ShopPolicies.leaky());
    assertThat(sorted(missing(SHOP_FINDINGS, found))).as("paths in %s your audit missed", ShopPolicies.LEAKY_RESOURCE).isEmpty();
  }

  @Test
  @DisplayName("the audit flags nothing that is not a path (the safe subjects, a safe policy)")
  void auditFlagsNothingSafe() {
    Set<Finding> found = EscalationAudit.audit(ShopPolicies.leaky());
    assertThat(found).as("your audit of %s (it must find something there)", ShopPolicies.LEAKY_RESOURCE).isNotEmpty();
    assertThat(sorted(missing(found, SHOP_FINDINGS))).as("findings in %s that are not paths as EscalationPath defines them", ShopPolicies.LEAKY_RESOURCE)
        .isEmpty();
    assertThat(sorted(EscalationAudit.audit(ShopPolicies.load("lab12/safe-policy.yaml"))))
        .as("findings in a policy without escalation paths (namespace Secrets, deployments and role writes are not paths by themselves)")
        .isEmpty();
  }

  @Test
  @DisplayName("the audit finds exactly the paths of another team's policy, whatever its subjects and namespaces are called")
  void auditFindsThePathsOfAnotherPolicy() {
    Set<Finding> found = EscalationAudit.audit(ShopPolicies.load(OTHER_RESOURCE));
    assertThat(sorted(missing(OTHER_FINDINGS, found))).as("paths in other-policy.yaml your audit missed").isEmpty();
    assertThat(sorted(missing(found, OTHER_FINDINGS))).as("findings in other-policy.yaml that are not paths").isEmpty();

    // the same policy under fresh names: the audit must read the policy, not recognise it
    Map<String, String> names = freshNames();
    Set<Finding> expected = new LinkedHashSet<>();
    for (Finding finding : OTHER_FINDINGS) {
      SubjectRef subject = finding.subject();
      expected.add(new Finding(new SubjectRef(subject.kind(), names.getOrDefault(subject.namespace(), subject.namespace()),
          names.getOrDefault(subject.name(), subject.name())), finding.path()));
    }
    Set<Finding> renamed = EscalationAudit.audit(renamed(OTHER_RESOURCE, names));
    assertThat(sorted(missing(expected, renamed))).as("paths your audit missed in other-policy.yaml with its names changed to %s", names).isEmpty();
    assertThat(sorted(missing(renamed, expected))).as("findings in other-policy.yaml with its names changed to %s that are not paths", names).isEmpty();
  }

  @Test
  @DisplayName("the fixed policy keeps exactly each subject's legitimate access, and nothing anywhere else")
  void fixedPolicyKeepsLegitimateAccess() {
    RbacPolicy fixed = ShopPolicies.fixed();
    String ns = ShopPolicies.NAMESPACE;
    List<Verdict> verdicts = new ArrayList<>(List.of(
        Access.canOnly(fixed, subject(DEVS), ns, rules("get,list,watch pods", "get pods/log", "get,list,watch,create,update,patch,delete deployments")),
        Access.canOnly(fixed, subject(RELEASE_BOT), ns, rules("get,list,watch,update,patch deployments")),
        Access.canOnly(fixed, subject(LEAD), ns, rules("get,list,watch,create,update,patch,delete roles,rolebindings")),
        Access.canOnly(fixed, subject(WEB), ns, rules("get,list,watch configmaps")),
        Access.canOnly(fixed, subject(VIEWERS), ns, rules("get,list,watch pods")),
        Access.canOnly(fixed, subject(HELPDESK), "", rules("get,list pods")),
        Access.canOnly(fixed, subject(ONCALL), "", rules("get,list,watch pods,deployments"))));
    // everywhere else: the namespaced subjects hold nothing, the cluster-wide ones exactly their reads, anyone else nothing at all
    Set<SubjectRef> strangers = new LinkedHashSet<>(subjectsOf(fixed));
    strangers.removeAll(List.of(DEVS, RELEASE_BOT, HELPDESK, LEAD, ONCALL, WEB, VIEWERS));
    for (String where : PolicyFacts.everyNamespace(fixed, ShopPolicies.NAMESPACE, "lab12-other")) {
      if (!where.equals(ns)) {
        for (SubjectRef namespaced : List.of(DEVS, RELEASE_BOT, LEAD, WEB, VIEWERS)) {
          verdicts.add(Access.canOnly(fixed, subject(namespaced), where, List.of()));
        }
      }
      verdicts.add(Access.canOnly(fixed, subject(HELPDESK), where, rules("get,list pods")));
      verdicts.add(Access.canOnly(fixed, subject(ONCALL), where, rules("get,list,watch pods,deployments")));
      for (SubjectRef stranger : strangers) {
        verdicts.add(Access.canOnly(fixed, subject(stranger), where, List.of()));
      }
    }
    for (Verdict verdict : verdicts) {
      assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
    }
    assertThat(PolicyFacts.bindingsToRolesElsewhere(fixed))
        .as("bindings in %s to a role the file does not define (on a cluster that is a built-in role such as cluster-admin, "
            + "which holds far more than anyone here needs; write the role yourself)", ShopPolicies.FIXED_RESOURCE)
        .isEmpty();
  }

  @Test
  @DisplayName("the fixed policy leaves nobody a way to impersonate, escalate, bind or read every Secret")
  void fixedPolicyClosesEveryPath() {
    RbacPolicy fixed = ShopPolicies.fixed();
    Verdict devsDeploy = Access.can(fixed, subject(DEVS), Request.of("create", "deployments").in(ShopPolicies.NAMESPACE));
    Verdict leadWritesRoles = Access.can(fixed, subject(LEAD), Request.of("create", "roles").in(ShopPolicies.NAMESPACE));
    assertThat(devsDeploy.passed() && leadWritesRoles.passed())
        .withFailMessage("first, the fixed policy must keep the legitimate access:%n%s%n%s", devsDeploy.render(), leadWritesRoles.render()).isTrue();
    Set<SubjectRef> everyone = new LinkedHashSet<>(List.of(DEVS, RELEASE_BOT, HELPDESK, LEAD, ONCALL, WEB, VIEWERS));
    everyone.addAll(subjectsOf(fixed));
    List<String> problems = new ArrayList<>();
    for (SubjectRef who : everyone) {
      Subject subject = subject(who);
      for (Verdict verdict : List.of(
          Access.cannotEscalate(fixed, subject),
          Access.cannotImpersonate(fixed, subject),
          Access.cannot(fixed, subject, Request.of("get", "secrets")),
          Access.cannot(fixed, subject, Request.of("list", "secrets")))) {
        if (!verdict.passed()) {
          problems.add(verdict.render());
        }
      }
    }
    assertThat(problems).as("ways to more power left in %s", ShopPolicies.FIXED_RESOURCE).isEmpty();
  }

  // ---- support

  /** New, random names for the subjects and namespaces of other-policy.yaml. */
  static Map<String, String> freshNames() {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    Map<String, String> names = new LinkedHashMap<>();
    names.put("lab12-data", "team-" + tag + "-a");
    names.put("lab12-batch", "team-" + tag + "-b");
    names.put("etl", "app-" + tag);
    names.put("runner", "worker-" + tag);
    names.put("ops.ana", "p." + tag + ".one");
    names.put("rb.maker", "p." + tag + ".two");
    names.put("esc.lee", "p." + tag + ".three");
    names.put("safe.sue", "p." + tag + ".four");
    names.put("lab12-auditors", "crew-" + tag + "-x");
    names.put("lab12-job-runners", "crew-" + tag + "-y");
    return names;
  }

  /** The policy of a class-path resource with every {@code name:} and {@code namespace:} value in {@code names} replaced. */
  static RbacPolicy renamed(String resource, Map<String, String> names) {
    String text;
    try (InputStream in = Lab12LibraryTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s (a bug in the test, not in your code)", resource).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher field = Pattern.compile("(?m)^([ \\t]*-?[ \\t]*(?:name|namespace):[ \\t]*)(\\S+)[ \\t]*$").matcher(text);
    StringBuilder out = new StringBuilder();
    while (field.find()) {
      field.appendReplacement(out, Matcher.quoteReplacement(field.group(1) + names.getOrDefault(field.group(2), field.group(2))));
    }
    field.appendTail(out);
    return RbacPolicy.of(Manifests.parse(resource, out.toString(), ShopPolicies.NAMESPACE).objects());
  }

  static List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules(String... specs) {
    return RuleSpec.parseAll(List.of(specs));
  }

  static Subject subject(SubjectRef ref) {
    switch (ref.kind()) {
      case "User":
        return Subject.user(ref.name());
      case "Group":
        return Subject.group(ref.name());
      default:
        return Subject.serviceAccount(ref.namespace(), ref.name());
    }
  }

  static Set<SubjectRef> subjectsOf(RbacPolicy policy) {
    Set<SubjectRef> subjects = new LinkedHashSet<>();
    for (RoleBinding binding : policy.roleBindings()) {
      if (binding.getSubjects() != null) {
        binding.getSubjects().forEach(s -> subjects.add(SubjectRef.of(s)));
      }
    }
    for (ClusterRoleBinding binding : policy.clusterRoleBindings()) {
      if (binding.getSubjects() != null) {
        binding.getSubjects().forEach(s -> subjects.add(SubjectRef.of(s)));
      }
    }
    return subjects;
  }

  static Set<Finding> missing(Set<Finding> expected, Set<Finding> actual) {
    Set<Finding> missing = new LinkedHashSet<>(expected);
    missing.removeAll(actual);
    return missing;
  }

  static Set<String> sorted(Set<Finding> findings) {
    Set<String> lines = new TreeSet<>();
    findings.forEach(f -> lines.add(f.toString()));
    return lines;
  }
}
