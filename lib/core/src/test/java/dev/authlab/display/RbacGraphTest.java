package dev.authlab.display;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.display.RbacGraph.Column;
import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Mark;
import dev.authlab.display.RbacGraph.Node;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RbacGraphTest {

  private static final RbacPolicy EXAMPLES = Policies.examples();
  private static final UserInfo JANE = UserInfo.of("jane", "dev", "system:authenticated");
  private static final Attributes GET_PODS_IN_TEAM_A = Attributes.resource(JANE, "get", "pods").inNamespace("team-a");
  private static final Attributes PATCH_WEB = Attributes.resource(JANE, "patch", "deployments").inGroup("apps").inNamespace("team-a").named("web");

  @Nested
  class TheGrantingPath {

    @Test
    void theGrantingSubjectBindingRoleAndRuleAreHighlightedAndNothingElse() {
      Diagram diagram = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A).diagram();

      assertThat(diagram.granting())
          .extracting(Node::label)
          .containsExactly(
              "Group dev",
              "RoleBinding team-a/developers",
              "Role team-a/developer",
              "rule 0: get, list, watch on pods, pods/log, services, configmaps");
      assertThat(diagram.edges()).filteredOn(Edge::granting).hasSize(3);
      // Jane's other bindings (through system:authenticated) are drawn, but plain.
      assertThat(diagram.column(Column.BINDINGS)).extracting(Node::label).contains("ClusterRoleBinding system:discovery");
    }

    @Test
    void theRuleThatMatchedIsTheOneHighlightedNotItsSiblings() {
      Diagram diagram = RbacGraph.of(EXAMPLES).highlighting(JANE, PATCH_WEB).diagram();

      assertThat(diagram.column(Column.RULES)).filteredOn(Node::granting).extracting(Node::label)
          .containsExactly("rule 2: patch on deployments in apps named web");
      assertThat(diagram.column(Column.RULES)).filteredOn(n -> n.label().startsWith("rule 0: get, list, watch on pods"))
          .extracting(Node::mark).containsExactly(Mark.PLAIN);
    }

    @Test
    void whenTwoBindingsWouldAllowOnlyTheOneRbacReportsIsHighlighted() {
      RbacPolicy policy = Policies.yaml(TWO_BINDINGS);
      UserInfo ann = UserInfo.of("ann", "readers");

      Diagram diagram = RbacGraph.of(policy).highlighting(ann, Attributes.resource(ann, "get", "pods").inNamespace("ns")).diagram();

      assertThat(diagram.column(Column.BINDINGS)).extracting(Node::label, Node::granting)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("ClusterRoleBinding by-user", true), org.assertj.core.groups.Tuple.tuple("RoleBinding ns/by-group", false));
      assertThat(diagram.column(Column.SUBJECTS)).extracting(Node::label, Node::granting)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("User ann", true), org.assertj.core.groups.Tuple.tuple("Group readers", false));
    }

    @Test
    void mermaidMarksTheSameNodesAndEdges() {
      RbacGraph graph = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A);
      Diagram diagram = graph.diagram();
      String mermaid = graph.picture().mermaid();

      Set<String> grantingIds = new LinkedHashSet<>(diagram.granting().stream().map(Node::id).toList());
      assertThat(classMembers(mermaid, "granting")).containsExactlyElementsOf(grantingIds);
      List<Edge> edges = mermaidEdges(mermaid);
      Matcher linkStyle = Pattern.compile("(?m)^  linkStyle ([0-9,]+) stroke:#b45309").matcher(mermaid);
      assertThat(linkStyle.find()).isTrue();
      List<Edge> styled = new ArrayList<>();
      for (String index : linkStyle.group(1).split(",")) {
        styled.add(edges.get(Integer.parseInt(index)));
      }
      assertThat(styled).allSatisfy(e -> assertThat(grantingIds).contains(e.from(), e.to())).hasSize(3);
      assertThat(styled).extracting(Edge::granting).containsOnly(true);
    }

    @Test
    void theSvgDrawsTheSameNodesAndEdgesBold() throws Exception {
      RbacGraph graph = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A);
      Set<String> grantingIds = new LinkedHashSet<>(graph.diagram().granting().stream().map(Node::id).toList());

      Document svg = parseSvg(graph.picture().html());

      List<String> boldGroups = new ArrayList<>();
      NodeList groups = svg.getElementsByTagName("g");
      for (int i = 0; i < groups.getLength(); i++) {
        Element g = (Element) groups.item(i);
        if ("true".equals(g.getAttribute("data-granting"))) {
          boldGroups.add(g.getAttribute("data-id"));
          Element text = (Element) g.getElementsByTagName("text").item(0);
          assertThat(text.getAttribute("font-weight")).isEqualTo("bold");
        }
      }
      assertThat(boldGroups).containsExactlyInAnyOrderElementsOf(grantingIds);
      NodeList paths = svg.getElementsByTagName("path");
      int boldPaths = 0;
      for (int i = 0; i < paths.getLength(); i++) {
        Element path = (Element) paths.item(i);
        if ("true".equals(path.getAttribute("data-granting"))) {
          boldPaths++;
          assertThat(grantingIds).contains(path.getAttribute("data-from"), path.getAttribute("data-to"));
        }
      }
      assertThat(boldPaths).isEqualTo(3);
    }

    @Test
    void theTextTreeMarksThePathWithArrows() {
      String text = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A).picture().text();

      assertThat(text.lines().filter(l -> l.strip().startsWith("▶"))).containsExactly(
          "▶ Group dev",
          "    ▶ RoleBinding team-a/developers",
          "        ▶ Role team-a/developer",
          "            ▶ rule 0: get, list, watch on pods, pods/log, services, configmaps");
      assertThat(text.lines().findFirst()).hasValue(
          "RBAC for jane (groups: dev, system:authenticated): get pods in team-a → allowed by RoleBinding team-a/developers");
    }

    @Test
    void aGrantingRuleBeyondTheRuleLimitIsStillDrawn() {
      UserInfo bob = UserInfo.of("bob");
      Diagram diagram = RbacGraph.of(Policies.yaml(MANY_RULES)).highlighting(bob, Attributes.resource(bob, "get", "r9")).diagram();

      assertThat(diagram.column(Column.RULES)).extracting(Node::label)
          .containsExactly("rule 0: get on r0", "rule 1: get on r1", "rule 2: get on r2", "rule 3: get on r3", "rule 4: get on r4",
              "rule 5: get on r5", "rule 9: get on r9", "… 3 more rules");
      assertThat(diagram.column(Column.RULES)).filteredOn(Node::granting).extracting(Node::label).containsExactly("rule 9: get on r9");
    }
  }

  @Nested
  class DeniedRequests {

    @Test
    void nothingIsHighlightedAndTheNoteNamesTheNearestMisses() {
      RbacGraph graph = RbacGraph.of(EXAMPLES).highlighting(JANE, Attributes.resource(JANE, "delete", "pods").inNamespace("team-a"));
      Picture picture = graph.picture();

      assertThat(graph.diagram().granting()).isEmpty();
      assertThat(graph.diagram().edges()).noneMatch(Edge::granting);
      assertThat(graph.grantingPath()).isEmpty();
      assertThat(picture.mermaid()).doesNotContain("linkStyle").doesNotContain(" granting\n").doesNotContain("==>");
      assertThat(picture.text()).doesNotContain("▶")
          .contains("→ not allowed by RBAC")
          .contains("no RBAC rule allows user \"jane\"")
          .contains("near misses (closest first")
          .contains("missed verb: verb \"delete\" not in [\"get\" \"list\" \"watch\"]");
      assertThat(picture.html()).doesNotContain("data-granting").contains("near misses");
    }

    @Test
    void aUserNobodyBindsGetsAnEmptyPictureThatSaysSo() {
      UserInfo nobody = UserInfo.of("nobody");
      Picture picture = RbacGraph.of(EXAMPLES).highlighting(nobody, Attributes.resource(nobody, "get", "pods")).picture();

      assertThat(picture.text()).contains("No binding names nobody").contains("(nothing to draw)");
    }
  }

  @Nested
  class WhatIsDrawn {

    @Test
    void forSubjectDrawsOnlyTheBindingsThatApplyToTheUser() {
      Diagram diagram = RbacGraph.of(EXAMPLES).forSubject(JANE).diagram();

      assertThat(diagram.column(Column.BINDINGS)).extracting(Node::label)
          .contains("RoleBinding team-a/developers", "ClusterRoleBinding system:basic-user")
          .doesNotContain("ClusterRoleBinding sre-view", "RoleBinding team-a/ci-edit", "ClusterRoleBinding cluster-admin");
      assertThat(diagram.column(Column.SUBJECTS)).extracting(Node::label).containsExactlyInAnyOrder("Group dev", "Group system:authenticated");
      assertThat(diagram.granting()).isEmpty();
    }

    @Test
    void serviceAccountsAreFoundThroughTheirUsername() {
      UserInfo ci = UserInfo.of("system:serviceaccount:team-a:ci", "system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");

      Diagram diagram = RbacGraph.of(EXAMPLES).forSubject(ci).withoutBootstrap().diagram();

      assertThat(diagram.column(Column.SUBJECTS)).extracting(Node::label).containsExactly("ServiceAccount team-a/ci");
      assertThat(diagram.column(Column.ROLES)).extracting(Node::label).containsExactly("ClusterRole edit");
      assertThat(diagram.notes()).anyMatch(n -> n.startsWith("Left out: ") && n.contains("bootstrap"));
    }

    @Test
    void theWholePolicyShowsItsOwnBindingsAndCountsTheBootstrapOnes() {
      Diagram diagram = RbacGraph.of(EXAMPLES).diagram();

      assertThat(diagram.column(Column.BINDINGS)).extracting(Node::label).containsExactly(
          "ClusterRoleBinding sre-view", "ClusterRoleBinding oncall-granter", "ClusterRoleBinding legacy-auditors",
          "RoleBinding team-a/developers", "RoleBinding team-a/ci-edit");
      assertThat(diagram.notes()).anyMatch(n -> n.matches("Left out: \\d+ bootstrap bindings .*"));
    }

    @Test
    void aMissingRoleIsDrawnAsMissing() {
      Diagram diagram = RbacGraph.of(EXAMPLES).diagram();

      assertThat(diagram.column(Column.ROLES)).filteredOn(n -> n.mark() == Mark.MISSING).extracting(Node::label)
          .containsExactly("ClusterRole auditor (not found)");
    }

    @Test
    void bigPoliciesAreCutToTheLimitAndSaySo() {
      StringBuilder yaml = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        yaml.append(binding("b" + (100 + i), "User", "u" + i, "ClusterRole", "reader"));
      }
      yaml.append(CLUSTER_ROLE_READER);

      Diagram diagram = RbacGraph.of(Policies.yaml(yaml.toString())).diagram();

      assertThat(diagram.column(Column.BINDINGS)).hasSize(RbacGraph.BINDING_LIMIT);
      assertThat(diagram.column(Column.BINDINGS).get(0).label()).isEqualTo("ClusterRoleBinding b100");
      assertThat(diagram.notes()).contains("Showing 15 of 40 bindings (the first 15, the policy's own before bootstrap ones); 25 left out.");
    }

    @Test
    void theSameGraphDrawsTheSameEveryTime() {
      Picture first = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A).picture();
      Picture second = RbacGraph.of(Policies.examples()).highlighting(JANE, GET_PODS_IN_TEAM_A).picture();

      assertThat(second).isEqualTo(first);
    }
  }

  @Nested
  class WellFormedOutput {

    private final RbacPolicy hostile = Policies.yaml(
        binding("we\"ird <b>&", "User", "<script>alert(\"x\")</script>", "ClusterRole", "end")
            + binding("we-ird <b>&", "Group", "a#b;c", "ClusterRole", "end")
            + """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: "end"}
            rules:
            - apiGroups: [""]
              resources: ["<pods>"]
              verbs: ["get"]
            ---
            """);

    @Test
    void mermaidIsAFlowchartWithSanitisedIdsAndEveryEdgeBetweenDeclaredNodes() {
      String mermaid = RbacGraph.of(hostile).picture().mermaid();

      List<String> lines = mermaid.lines().toList();
      assertThat(lines.get(0)).isEqualTo("flowchart LR");
      Set<String> declared = new LinkedHashSet<>();
      Pattern nodeLine = Pattern.compile("^  ([A-Za-z0-9_]+)(\\(\\[\"|\\[\\[\"|\\[\")([^\"]*)(\"\\]\\)|\"\\]\\]|\"\\])$");
      for (String line : lines) {
        Matcher m = nodeLine.matcher(line);
        if (m.matches()) {
          assertThat(declared.add(m.group(1))).as("unique id %s", m.group(1)).isTrue();
          assertThat(m.group(3)).doesNotContain("<", ">", "\"");
        }
      }
      assertThat(declared).hasSize(RbacGraph.of(hostile).diagram().nodes().size()).allMatch(id -> !id.equals("end"));
      List<Edge> edges = mermaidEdges(mermaid);
      assertThat(edges).hasSize(RbacGraph.of(hostile).diagram().edges().size()).isNotEmpty();
      assertThat(edges).allSatisfy(e -> assertThat(declared).contains(e.from(), e.to()));
      assertThat(mermaid).contains("#lt;script#gt;alert(#quot;x#quot;)#lt;/script#gt;");
    }

    @Test
    void idsThatSanitiseAlikeStayDistinct() {
      List<String> bindings = RbacGraph.of(hostile).diagram().column(Column.BINDINGS).stream().map(Node::id).toList();

      assertThat(bindings).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void theSvgIsWellFormedXmlWithTheNamesEscaped() throws Exception {
      Picture picture = RbacGraph.of(hostile).picture();

      Document svg = parseSvg(picture.html());

      assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(svg.getDocumentElement().getTextContent()).contains("<script>alert(\"x\")</script>");
      assertThat(picture.html()).doesNotContain("<script");
    }

    @Test
    void theHtmlIsSelfContained() {
      String html = RbacGraph.of(EXAMPLES).highlighting(JANE, GET_PODS_IN_TEAM_A).picture().html();

      assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("href=").doesNotContain("<style").doesNotContain("url(");
    }
  }

  // Helpers ----------------------------------------------------------------------------------------

  private static List<String> classMembers(String mermaid, String cls) {
    Matcher m = Pattern.compile("(?m)^  class ([A-Za-z0-9_,]+) " + cls + "$").matcher(mermaid);
    return m.find() ? List.of(m.group(1).split(",")) : List.of();
  }

  private static List<Edge> mermaidEdges(String mermaid) {
    List<Edge> edges = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  ([A-Za-z0-9_]+) (-->|==>) ([A-Za-z0-9_]+)$").matcher(mermaid);
    while (m.find()) {
      edges.add(new Edge(m.group(1), m.group(3), m.group(2).equals("==>")));
    }
    return edges;
  }

  private static Document parseSvg(String html) throws Exception {
    int start = html.indexOf("<svg");
    int end = html.indexOf("</svg>") + "</svg>".length();
    assertThat(start).isNotNegative();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.substring(start, end).getBytes(StandardCharsets.UTF_8)));
  }

  private static String binding(String name, String subjectKind, String subjectName, String roleKind, String roleName) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        subjects: [{kind: %s, name: %s}]
        roleRef: {kind: %s, name: %s, apiGroup: rbac.authorization.k8s.io}
        ---
        """.formatted(json(name), subjectKind, json(subjectName), roleKind, json(roleName));
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static final String CLUSTER_ROLE_READER = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
      """;

  private static final String TWO_BINDINGS = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: reader}
      rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: by-user}
      subjects: [{kind: User, name: ann}]
      roleRef: {kind: ClusterRole, name: reader, apiGroup: rbac.authorization.k8s.io}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: by-group, namespace: ns}
      subjects: [{kind: Group, name: readers}]
      roleRef: {kind: ClusterRole, name: reader, apiGroup: rbac.authorization.k8s.io}
      """;

  private static final String MANY_RULES;

  static {
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      rules.append("- {apiGroups: [\"\"], resources: [r").append(i).append("], verbs: [get]}\n");
    }
    MANY_RULES = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: many}
        rules:
        """ + rules + """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: bob-many}
        subjects: [{kind: User, name: bob}]
        roleRef: {kind: ClusterRole, name: many, apiGroup: rbac.authorization.k8s.io}
        """;
  }
}
