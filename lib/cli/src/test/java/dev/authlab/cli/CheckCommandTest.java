package dev.authlab.cli;

import static dev.authlab.testkit.AuthlabAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cli.check.Check;
import dev.authlab.cli.check.Expectations;
import dev.authlab.testkit.RbacPolicyExtension;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CheckCommandTest {

  private static final String POLICY = Run.example("policy");
  private static final String PASSING = Run.example("checks/expectations.yaml");
  private static final String FAILING = Run.example("checks/failing.yaml");

  @TempDir Path tmp;

  @Test
  void passingExpectationsExitZeroWithATableOfResults() {
    Run run = Run.of("check", "--policy", POLICY, "--expect", PASSING);
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).matches("SUBJECT +CHECK +RESULT"));
    assertThat(run.out())
        .containsPattern("jane \\[dev\\] +can get pods/log +PASS")
        .containsPattern("jane \\[dev\\] +canOnly -n team-a \\(3 rules\\) +PASS")
        .containsPattern("sa team-a/ci +cannot create deployments -n team-b +PASS")
        .containsPattern("olivia +can bind roles developer +PASS")
        .doesNotContain("FAIL")
        .endsWith("39 checks, 39 passed, 0 failed\n");
  }

  @Test
  void failingExpectationsExitOneAndSayWhyUnderEachFailure() {
    Run run = Run.of("check", "--policy", POLICY, "--expect", FAILING);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("jane \\[dev\\] +can get pods +PASS")
        .containsPattern("jane \\[dev\\] +can delete pods +FAIL")
        // a missing permission: the near misses and what missed
        .contains(
            "FAIL jane [dev]: can delete pods\n"
                + "    expected user \"jane\" (groups [\"dev\" \"system:authenticated\"]) to be allowed to \"delete\" resource \"pods\" in namespace \"team-a\", but it is not\n")
        .contains("      - RoleBinding team-a/developers -> Role team-a/developer, rule 0:")
        .contains("          missed verb: verb \"delete\" not in [\"get\" \"list\" \"watch\"]")
        // a permission too many: the binding and rule that grant it
        .contains(
            "FAIL olivia: cannot bind roles developer -n team-a\n"
                + "    expected user \"olivia\" (groups [\"system:authenticated\"]) not to be allowed to \"bind\" resource \"roles.rbac.authorization.k8s.io\" named \"developer\" in namespace \"team-a\", but it is\n"
                + "      allowed by ClusterRoleBinding oncall-granter (subject User \"olivia\")\n")
        // canOnly: the rule held beyond the allowed set
        .contains("FAIL jane [dev]: canOnly -n team-a (2 rules)")
        .contains("not allowed: {APIGroups:[\"apps\"], Resources:[\"deployments\"], ResourceNames:[\"web\"], Verbs:[\"patch\"]}")
        .contains("FAIL sa team-a/ci: cannotImpersonate")
        .contains("-> ClusterRole edit, rule 1: {APIGroups:[\"\"], Resources:[\"serviceaccounts\"], Verbs:[\"impersonate\"]}")
        .endsWith("5 checks, 1 passed, 4 failed\n");
  }

  @Test
  void aBadLineIsOneErrorLineNamingFileSubjectAndLine() throws IOException {
    Path file = write("bad.yaml", "subjects:\n- user: jane\n  can: [get pods]\n- user: bob\n  groups: [dev]\n  cannot:\n  - get secrets\n  - get pods -x team-a\n");
    Run run = Run.of("check", "--policy", POLICY, "--expect", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("error: " + file + ": subjects[1] (bob [dev]): cannot[1] \"get pods -x team-a\": unknown flag -x (lines take -n NS or -A)\n");
  }

  @Test
  void otherMistakesAreOneLineToo() throws IOException {
    assertThat(errorFor("subjects:\n- user: jane\n  can: [delet pods]\n")).endsWith("subjects[0] (jane): can[0] \"delet pods\": 'delet' is not a known verb\n");
    assertThat(errorFor("subjects:\n- user: jane\n  can: [get]\n")).contains("can[0] \"get\": expected VERB TYPE[/SUBRESOURCE] [NAME] [-n NS | -A] or VERB /URL");
    assertThat(errorFor("subjects:\n- user: jane\n  serviceAccount: a/b\n  can: [get pods]\n")).endsWith("subjects[0]: give exactly one of user:, serviceAccount: or group:\n");
    assertThat(errorFor("subjects:\n- serviceAccount: ci\n  can: [get pods]\n")).contains("serviceAccount: 'ci' is not NAMESPACE/NAME");
    assertThat(errorFor("subjects:\n- user: jane\n  canOnly: {namespace: team-a, rules: [\"get pods,/healthz\"]}\n"))
        .contains("canOnly.rules[0] \"get pods,/healthz\": '/healthz': give URLs and resource types in separate rules");
    assertThat(errorFor("subjects:\n- user: jane\n  cannnot: [get pods]\n")).contains("unknown key 'cannnot'");
    assertThat(errorFor("subjects:\n- user: jane\n")).contains("no checks");
    Run missing = Run.of("check", "--policy", POLICY, "--expect", tmp.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("error: " + tmp.resolve("nope.yaml") + ": no such file\n");
  }

  @Test
  void unknownTypesAreWarnedAboutWithTheirPlaceLikeKubectlWarns() throws IOException {
    Path file = write("crd.yaml", "subjects:\n- user: jane\n  groups: [dev]\n  cannot: [get widgets -n team-a]\n");
    Run run = Run.of("check", "--policy", POLICY, "--expect", file.toString());
    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.err()).startsWith("warning: " + file + ": subjects[0] (jane [dev]): ").contains("widgets");
  }

  @Test
  void junitReportIsWellFormedWithOneTestcasePerCheckAndTheExplanationAsFailure() throws Exception {
    Path report = tmp.resolve("reports/authlab.xml");
    Run run = Run.of("check", "--policy", POLICY, "--expect", FAILING, "--junit", report.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    NodeList suites = xml.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(1);
    Element suite = (Element) suites.item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("authlab check");
    assertThat(suite.getAttribute("tests")).isEqualTo("5");
    assertThat(suite.getAttribute("failures")).isEqualTo("4");
    Map<String, Element> cases = testcases(xml);
    assertThat(cases.keySet())
        .containsExactly(
            "jane [dev]: can get pods",
            "jane [dev]: can delete pods",
            "jane [dev]: canOnly -n team-a (2 rules)",
            "sa team-a/ci: cannotImpersonate",
            "olivia: cannot bind roles developer -n team-a");
    assertThat(cases.get("jane [dev]: can get pods").getElementsByTagName("failure").getLength()).isZero();
    Element failure = (Element) cases.get("jane [dev]: can delete pods").getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .startsWith("expected user \"jane\" (groups [\"dev\" \"system:authenticated\"]) to be allowed to \"delete\" resource \"pods\"")
        .contains("missed verb: verb \"delete\" not in [\"get\" \"list\" \"watch\"]");
    assertThat(failure.getTextContent()).isEqualTo(failure.getAttribute("message"));
  }

  @Test
  void junitReportOfPassingChecksHasNoFailures() throws Exception {
    Path report = tmp.resolve("pass.xml");
    assertThat(Run.of("check", "--policy", POLICY, "--expect", PASSING, "--junit", report.toString()).exitCode()).isEqualTo(0);
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    assertThat(testcases(xml)).hasSize(39);
    assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
  }

  /**
   * The CLI, the AssertJ assertions and `authlab can-i` agree on every check of the example: the CLI's
   * per-check result (from its JUnit report) equals whether the assertion passes, and for can/cannot
   * lines whether can-i says yes.
   */
  @Test
  void everyExampleCheckGetsTheSameAnswerFromTheCliTheAssertionsAndCanI() throws Exception {
    for (String file : List.of(PASSING, FAILING)) {
      Path report = tmp.resolve(Path.of(file).getFileName() + ".xml");
      Run.of("check", "--policy", POLICY, "--expect", file, "--junit", report.toString());
      Map<String, Element> cli = testcases(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()));
      RbacPolicy policy = RbacPolicyExtension.load(List.of(POLICY), true, "default");
      List<Check> checks = Expectations.load(Path.of(file), warning -> {}).checks();
      assertThat(cli).hasSameSizeAs(checks);
      List<String> disagreements = new ArrayList<>();
      for (Check check : checks) {
        String name = check.subject().label() + ": " + check.text();
        boolean cliPassed = cli.get(name).getElementsByTagName("failure").getLength() == 0;
        boolean assertionPassed = catchThrowable(() -> assertWithAssertJ(policy, check)) == null;
        if (cliPassed != assertionPassed) {
          disagreements.add(name + ": cli " + cliPassed + ", assertj " + assertionPassed);
        }
        if (check instanceof Check.Can || check instanceof Check.Cannot) {
          Request request = check instanceof Check.Can can ? can.request() : ((Check.Cannot) check).request();
          boolean allowed = canI(check.subject().subject(), request) == 0;
          if (allowed != (check instanceof Check.Can == cliPassed)) {
            disagreements.add(name + ": cli " + cliPassed + ", can-i allowed " + allowed);
          }
        }
      }
      assertThat(disagreements).as(file).isEmpty();
    }
  }

  private static void assertWithAssertJ(RbacPolicy policy, Check check) {
    Subject subject = check.subject().subject();
    if (check instanceof Check.Can can) {
      assertThat(policy).as(subject).can(can.request());
    } else if (check instanceof Check.Cannot cannot) {
      assertThat(policy).as(subject).cannot(cannot.request());
    } else if (check instanceof Check.CanOnly canOnly) {
      assertThat(policy).as(subject).canOnly(canOnly.lines().toArray(String[]::new)).in(canOnly.namespace());
    } else if (check instanceof Check.CannotEscalate escalate) {
      if (escalate.namespace().isPresent()) {
        assertThat(policy).as(subject).cannotEscalateIn(escalate.namespace().get());
      } else {
        assertThat(policy).as(subject).cannotEscalate();
      }
    } else if (check instanceof Check.CannotImpersonate impersonate) {
      if (impersonate.namespace().isPresent()) {
        assertThat(policy).as(subject).cannotImpersonateIn(impersonate.namespace().get());
      } else {
        assertThat(policy).as(subject).cannotImpersonate();
      }
    } else {
      throw new AssertionError("a check kind this test does not know: " + check.kind());
    }
  }

  /** Asks `authlab can-i` the same question, in kubectl's words. */
  private static int canI(Subject subject, Request request) {
    List<String> args = new ArrayList<>(List.of("can-i", request.verb()));
    if (request.isNonResource()) {
      args.add(request.url());
    } else {
      String type = request.resource() + (request.apiGroup().isEmpty() ? "" : "." + request.apiGroup());
      args.add(request.subresource().isEmpty() ? type : type + "/" + request.subresource());
      if (!request.name().isEmpty()) {
        args.add(request.name());
      }
      if (request.namespace().isEmpty()) {
        args.add("-A");
      } else {
        args.addAll(List.of("-n", request.namespace()));
      }
    }
    args.addAll(List.of("--as", subject.user(), "--policy", POLICY, "-q"));
    for (String group : subject.groups()) {
      args.addAll(List.of("--as-group", group));
    }
    return Run.of(args.toArray(String[]::new)).exitCode();
  }

  private String errorFor(String yaml) throws IOException {
    Path file = write("bad.yaml", yaml);
    Run run = Run.of("check", "--policy", POLICY, "--expect", file.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    return run.err();
  }

  private Path write(String name, String content) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static Map<String, Element> testcases(Document xml) {
    Map<String, Element> cases = new LinkedHashMap<>();
    NodeList nodes = xml.getElementsByTagName("testcase");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element testcase = (Element) nodes.item(i);
      cases.put(testcase.getAttribute("name"), testcase);
    }
    return cases;
  }
}
