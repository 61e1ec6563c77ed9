package dev.authlab.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestsTest {

  static final String ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: pod-reader
        namespace: team-a
      rules:
      - apiGroups: [""]
        resources: [pods]
        verbs: [get, list, watch]
      """;

  static final String CLUSTER_ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: node-reader
      rules:
      - apiGroups: [""]
        resources: [nodes]
        verbs: [get]
      - nonResourceURLs: [/healthz]
        verbs: [get]
      """;

  static final String ROLE_BINDING = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: read-pods
        namespace: team-a
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: Role
        name: pod-reader
      subjects:
      - kind: User
        name: alice
        apiGroup: rbac.authorization.k8s.io
      - kind: ServiceAccount
        name: deployer
      """;

  static final String CLUSTER_ROLE_BINDING = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: read-nodes
      roleRef:
        apiGroup: rbac.authorization.k8s.io
        kind: ClusterRole
        name: node-reader
      subjects:
      - kind: Group
        name: ops
        apiGroup: rbac.authorization.k8s.io
      """;

  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
      """;

  @Nested
  class Reading {

    @Test
    void readsEveryKindFromMultiDocumentYamlAndKeepsWhereEachCameFrom() {
      String text = "---\n" + ROLE + "---\n---\n# only a comment\n---\n" + CLUSTER_ROLE + "---\n" + ROLE_BINDING
          + "---\n" + CLUSTER_ROLE_BINDING + "---\n";

      ManifestSet set = Manifests.parse("team-a.yaml", text);

      assertThat(set.roles()).extracting(Sourced::toString).containsExactly("Role team-a/pod-reader (team-a.yaml#1)");
      assertThat(set.clusterRoles()).extracting(Sourced::toString).containsExactly("ClusterRole node-reader (team-a.yaml#4)");
      assertThat(set.roleBindings()).extracting(Sourced::toString).containsExactly("RoleBinding team-a/read-pods (team-a.yaml#5)");
      assertThat(set.clusterRoleBindings()).extracting(Sourced::toString)
          .containsExactly("ClusterRoleBinding read-nodes (team-a.yaml#6)");
      assertThat(set.notes()).isEmpty();
      assertThat(set.size()).isEqualTo(4);

      var rule = set.roles().get(0).object().getRules().get(0);
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactly("pods");
      assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
      assertThat(set.clusterRoles().get(0).object().getRules().get(1).getNonResourceURLs()).containsExactly("/healthz");
    }

    @Test
    void readsJsonAndStreamsOfJsonObjects() {
      String json = """
          {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
           "metadata": {"name": "a"}, "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}
          {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
           "metadata": {"name": "a"}, "roleRef": {"kind": "ClusterRole", "name": "a"},
           "subjects": [{"kind": "Group", "name": "devs"}]}
          """;

      ManifestSet set = Manifests.parse("policy.json", json);

      assertThat(set.clusterRoles()).extracting(s -> s.source().toString()).containsExactly("policy.json#1");
      assertThat(set.clusterRoleBindings()).extracting(s -> s.source().toString()).containsExactly("policy.json#2");
    }

    @Test
    void flattensListsAndNotesTheItemIndex() {
      String list = """
          apiVersion: v1
          kind: List
          items:
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: view-pods}
            rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
          """;

      ManifestSet set = Manifests.parse("all.yaml", list);

      assertThat(set.clusterRoles()).extracting(s -> s.source().toString()).containsExactly("all.yaml#1 items[1]");
      assertThat(set.notes()).extracting(Note::toString)
          .containsExactly("all.yaml#1 items[0]: skipped apps/v1 Deployment web (not an RBAC object)");
    }

    @Test
    void typedListsFromTheApiMayLeaveOutEachItemsKind() {
      // what GET /apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings returns
      String list = """
          {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBindingList", "metadata": {"resourceVersion": "9"},
           "items": [{"metadata": {"name": "a", "namespace": "team-a"}, "roleRef": {"kind": "ClusterRole", "name": "view"}},
                     {"metadata": {"name": "b", "namespace": "team-a"}, "roleRef": {"kind": "Role", "name": "edit"}}]}
          """;

      ManifestSet set = Manifests.parse("rbs.json", list);

      assertThat(set.roleBindings()).extracting(Sourced::toString)
          .containsExactly("RoleBinding team-a/a (rbs.json#1 items[0])", "RoleBinding team-a/b (rbs.json#1 items[1])");
      assertThat(set.roleBindings().get(0).object().getKind()).isEqualTo("RoleBinding");
    }

    @Test
    void notesSkippedObjects() {
      ManifestSet set = Manifests.parse("deploy.yaml", ROLE + "---\n" + DEPLOYMENT + "---\napiVersion: v1\nkind: Namespace\n");

      assertThat(set.roles()).hasSize(1);
      assertThat(set.notes()).extracting(Note::toString).containsExactly(
          "deploy.yaml#2: skipped apps/v1 Deployment web (not an RBAC object)",
          "deploy.yaml#3: skipped v1 Namespace (not an RBAC object)");
    }

    @Test
    void emptyInputIsAnEmptySet() {
      assertThat(Manifests.parse("empty.yaml", "").isEmpty()).isTrue();
      assertThat(Manifests.parse("comments.yaml", "# nothing yet\n---\n").isEmpty()).isTrue();
    }

    @Test
    void readsAStreamSuchAsStdin() {
      var in = new ByteArrayInputStream(ROLE.getBytes(StandardCharsets.UTF_8));

      ManifestSet set = Manifests.read("STDIN", in);

      assertThat(set.roles()).extracting(Sourced::toString).containsExactly("Role team-a/pod-reader (STDIN#1)");
    }

    @Test
    void findsTheSourceOfACopy() {
      ManifestSet set = Manifests.parse("team-a.yaml", ROLE + "---\n" + ROLE_BINDING);
      HasMetadata copy = new RoleBuilder(set.roles().get(0).object()).build();

      assertThat(set.sourceOf(copy)).hasValueSatisfying(s -> assertThat(s).hasToString("team-a.yaml#1"));
      assertThat(set.sourceOf(new RoleBuilder().withNewMetadata().withName("other").endMetadata().build())).isEmpty();
      assertThat(set.objects()).hasSize(2);
    }

    @Test
    void concatenatesSets() {
      ManifestSet a = Manifests.parse("a.yaml", ROLE);
      ManifestSet b = Manifests.parse("b.yaml", CLUSTER_ROLE + "---\n" + DEPLOYMENT);

      ManifestSet both = a.concat(b);

      assertThat(both.roles()).hasSize(1);
      assertThat(both.clusterRoles()).hasSize(1);
      assertThat(both.notes()).extracting(Note::toString)
          .containsExactly("b.yaml#2: skipped apps/v1 Deployment web (not an RBAC object)");
      assertThat(ManifestSet.empty().concat(a)).isEqualTo(a);
    }
  }

  @Nested
  class Defaults {

    @Test
    void namespacedObjectsWithoutANamespaceGoToDefault() {
      String role = ROLE.replace("  namespace: team-a\n", "");

      ManifestSet set = Manifests.parse("r.yaml", role);

      assertThat(set.roles().get(0).object().getMetadata().getNamespace()).isEqualTo("default");
    }

    @Test
    void theDefaultNamespaceIsAParameter() {
      String role = ROLE.replace("  namespace: team-a\n", "");
      String binding = ROLE_BINDING.replace("  namespace: team-a\n", "");

      ManifestSet set = Manifests.parse("r.yaml", role + "---\n" + binding, "team-b");

      assertThat(set.roles().get(0).object().getMetadata().getNamespace()).isEqualTo("team-b");
      assertThat(set.roleBindings().get(0).object().getMetadata().getNamespace()).isEqualTo("team-b");
      assertThat(Manifests.parse("r.yaml", ROLE, "team-b").roles().get(0).object().getMetadata().getNamespace())
          .isEqualTo("team-a");
      assertThatThrownBy(() -> Manifests.parse("r.yaml", role, "Team B"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindingsGetTheApiServersV1Defaults() {
      String binding = """
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: b}
          roleRef: {kind: ClusterRole, name: view}
          subjects:
          - {kind: User, name: alice}
          - {kind: Group, name: devs}
          - {kind: ServiceAccount, name: ci}
          """;

      RoleBinding loaded = Manifests.parse("b.yaml", binding).roleBindings().get(0).object();

      assertThat(loaded.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
      assertThat(loaded.getSubjects()).extracting(s -> s.getApiGroup())
          .containsExactly("rbac.authorization.k8s.io", "rbac.authorization.k8s.io", null);
      assertThat(loaded.getSubjects().get(2).getNamespace()).as("left for the authorizer to resolve").isNull();
    }

    @Test
    void clusterScopedObjectsLoseTheirNamespaceWithANote() {
      String binding = CLUSTER_ROLE_BINDING.replace("  name: read-nodes\n", "  name: read-nodes\n  namespace: team-a\n");

      ManifestSet set = Manifests.parse("crb.yaml", binding);

      ClusterRoleBinding loaded = set.clusterRoleBindings().get(0).object();
      assertThat(loaded.getMetadata().getNamespace()).isNull();
      assertThat(set.notes()).extracting(Note::toString).containsExactly(
          "crb.yaml#1: ignored metadata.namespace \"team-a\": ClusterRoleBinding is cluster-scoped");
    }
  }

  @Nested
  class FilesAndDirectories {

    @TempDir
    Path dir;

    @Test
    void walksADirectoryRecursivelyInNameOrderLikeKubectl() throws IOException {
      write("b.yaml", role("b"));
      write("a.yaml", role("a-file"));
      write("a/z.yml", role("a-dir-z"));
      write("a/deeper/y.json", roleJson("a-dir-deeper-y"));
      write("c.json", roleJson("c"));
      write("README.md", "# not a manifest: kind: Role");
      write("notes.txt", "ignored");
      write("empty.yaml", "");

      ManifestSet set = Manifests.load(dir);

      // entries are sorted by name in each directory, and "a" < "a.yaml", as filepath.Walk visits them
      assertThat(set.roles()).extracting(r -> r.object().getMetadata().getName())
          .containsExactly("a-dir-deeper-y", "a-dir-z", "a-file", "b", "c");
      assertThat(set.roles()).extracting(r -> r.source().file()).containsExactly(
          dir.resolve("a/deeper/y.json").toString(), dir.resolve("a/z.yml").toString(),
          dir.resolve("a.yaml").toString(), dir.resolve("b.yaml").toString(), dir.resolve("c.json").toString());
    }

    @Test
    void loadsASingleFileWhateverItsName() throws IOException {
      Path file = write("policy.txt", role("x"));

      assertThat(Manifests.load(file).roles()).extracting(r -> r.source().toString()).containsExactly(file + "#1");
    }

    @Test
    void missingPath() {
      Path missing = dir.resolve("nope.yaml");

      assertThatThrownBy(() -> Manifests.load(missing))
          .isInstanceOf(ManifestException.class)
          .hasMessage(missing + ": no such file or directory");
    }

    @Test
    void directoryWithoutManifests() throws IOException {
      write("README.md", "hello");

      assertThatThrownBy(() -> Manifests.load(dir))
          .isInstanceOf(ManifestException.class)
          .hasMessage(dir + ": no .yaml, .yml or .json files in this directory");
    }

    @Test
    void unreadableFile() throws IOException {
      Path file = write("secret.yaml", role("x"));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
      assumeThat(Files.isReadable(file)).as("running as root: permissions are not enforced").isFalse();

      assertThatThrownBy(() -> Manifests.load(file))
          .isInstanceOf(ManifestException.class)
          .hasMessage(file + ": permission denied");
    }

    @Test
    void notUtf8() throws IOException {
      Path file = dir.resolve("latin1.yaml");
      Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

      assertThatThrownBy(() -> Manifests.load(file)).hasMessage(file + ": not UTF-8 text");
    }

    @Test
    void duplicatesAcrossFilesNameBothSources() throws IOException {
      write("a.yaml", role("same"));
      write("b.yaml", role("other") + "---\n" + role("same"));

      assertThatThrownBy(() -> Manifests.load(dir))
          .isInstanceOf(ManifestException.class)
          .hasMessage(dir.resolve("b.yaml") + "#2: Role \"same\" in namespace \"default\" is defined twice; first at "
              + dir.resolve("a.yaml") + "#1");
    }

    private Path write(String name, String content) throws IOException {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    }

    private static String role(String name) {
      return "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: " + name + "}\n"
          + "rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]\n";
    }

    private static String roleJson(String name) {
      return "{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"Role\", \"metadata\": {\"name\": \""
          + name + "\"}}";
    }
  }

  @Nested
  class Errors {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.authlab.manifest.ManifestsTest#invalidManifests")
    void reportsFileDocumentFieldAndProblemOnOneLine(String why, String text, String message) {
      assertThatThrownBy(() -> Manifests.parse("policy/bad.yaml", text))
          .as(why)
          .isInstanceOf(ManifestException.class)
          .hasMessage(message)
          .hasMessageNotContaining("\n");
    }

    @Test
    void exposesTheParts() {
      String text = "---\n" + ROLE + "---\n" + ROLE.replace("verbs: [get, list, watch]", "verbs: get");

      assertThatExceptionOfType(ManifestException.class)
          .isThrownBy(() -> Manifests.parse("policy/bad.yaml", text))
          .satisfies(e -> {
            assertThat(e.getMessage())
                .isEqualTo("policy/bad.yaml#2: rules[0].verbs: expected a list of strings, got a string \"get\"");
            assertThat(e.location()).isEqualTo("policy/bad.yaml#2");
            assertThat(e.field()).hasValue("rules[0].verbs");
            assertThat(e.problem()).isEqualTo("expected a list of strings, got a string \"get\"");
          });
    }

    @Test
    void duplicateInOneFile() {
      assertThatThrownBy(() -> Manifests.parse("rb.yaml", ROLE_BINDING + "---\n" + ROLE_BINDING))
          .hasMessage("rb.yaml#2: RoleBinding \"read-pods\" in namespace \"team-a\" is defined twice; first at rb.yaml#1");
    }

    @Test
    void duplicateOnlyCountsTheSameKindNamespaceAndName() {
      String sameNameOtherNamespace = ROLE.replace("namespace: team-a", "namespace: team-b");
      String sameNameOtherKind = CLUSTER_ROLE.replace("name: node-reader", "name: pod-reader");

      ManifestSet set = Manifests.parse("ok.yaml", ROLE + "---\n" + sameNameOtherNamespace + "---\n" + sameNameOtherKind);

      assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void duplicateAcrossConcat() {
      ManifestSet a = Manifests.parse("a.yaml", CLUSTER_ROLE);
      ManifestSet b = Manifests.parse("b.yaml", CLUSTER_ROLE);

      assertThatThrownBy(() -> a.concat(b))
          .hasMessage("b.yaml#1: ClusterRole \"node-reader\" is defined twice; first at a.yaml#1");
    }
  }

  static Stream<Arguments> invalidManifests() {
    String roleHead = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n";
    String clusterRoleHead = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: cr}\n";
    String bindingHead = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n";
    String clusterBindingHead = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: crb}\n";
    String viewRef = "roleRef: {kind: ClusterRole, name: view}\n";
    String p = "policy/bad.yaml";
    return Stream.of(
        // the shape of the document
        Arguments.of("a string where a list belongs", "---\n" + ROLE + "---\n" + roleHead + "rules:\n- verbs: get\n",
            p + "#2: rules[0].verbs: expected a list of strings, got a string \"get\""),
        Arguments.of("a typo in a field name", roleHead + "rules:\n- verbs: [get]\n  apiGroups: ['']\n  resources: [pods]\n  resourceName: [x]\n",
            p + "#1: rules[0].resourceName: unknown field (did you mean \"resourceNames\"?)"),
        Arguments.of("an unknown top-level field", roleHead + "spec: {}\n",
            p + "#1: spec: unknown field"),
        Arguments.of("a number for a name", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: 42}\n",
            p + "#1: metadata.name: expected a string, got a number 42"),
        Arguments.of("a number as a label value", roleHead.replace("{name: r}", "{name: r, labels: {tier: 1}}"),
            p + "#1: metadata.labels[tier]: expected a string, got a number 1"),
        Arguments.of("a list of strings where objects belong", roleHead + "rules: [get]\n",
            p + "#1: rules[0]: expected an object, got a string \"get\""),
        Arguments.of("a list at the top", "- kind: Role\n",
            p + "#1: expected an object with apiVersion and kind, got a list"),
        Arguments.of("no apiVersion", "kind: Role\nmetadata: {name: r}\n",
            p + "#1: apiVersion: required; every object needs apiVersion and kind"),
        Arguments.of("no kind", "apiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r}\n",
            p + "#1: kind: required; every object needs apiVersion and kind"),
        Arguments.of("v1beta1", roleHead.replace("/v1\n", "/v1beta1\n"),
            p + "#1: apiVersion: rbac.authorization.k8s.io/v1beta1 was removed in Kubernetes 1.22 and is not served any more;"
                + " use rbac.authorization.k8s.io/v1"),
        Arguments.of("v1alpha1", clusterBindingHead.replace("/v1\n", "/v1alpha1\n"),
            p + "#1: apiVersion: rbac.authorization.k8s.io/v1alpha1 was removed in Kubernetes 1.22 and is not served any more;"
                + " use rbac.authorization.k8s.io/v1"),
        Arguments.of("v1beta1 list", "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: RoleList\nitems: []\n",
            p + "#1: apiVersion: rbac.authorization.k8s.io/v1beta1 was removed in Kubernetes 1.22 and is not served any more;"
                + " use rbac.authorization.k8s.io/v1"),
        Arguments.of("v1beta1 inside a v1 List", "apiVersion: v1\nkind: List\nitems:\n- " + roleHead.replace("/v1\n", "/v1beta1\n").replace("\n", "\n  "),
            p + "#1 items[0]: apiVersion: rbac.authorization.k8s.io/v1beta1 was removed in Kubernetes 1.22 and is not served any more;"
                + " use rbac.authorization.k8s.io/v1"),
        Arguments.of("a version that never existed", roleHead.replace("/v1\n", "/v2\n"),
            p + "#1: apiVersion: \"rbac.authorization.k8s.io/v2\" is not a served version; use rbac.authorization.k8s.io/v1"),
        Arguments.of("a misspelt RBAC kind", roleHead.replace("kind: Role", "kind: Rolebinding"),
            p + "#1: kind: \"Rolebinding\" is not a kind of rbac.authorization.k8s.io/v1;"
                + " use Role, ClusterRole, RoleBinding or ClusterRoleBinding"),
        Arguments.of("a Role in the core group", "apiVersion: v1\nkind: Role\nmetadata: {name: r}\n",
            p + "#1: apiVersion: \"v1\" has no kind Role; use rbac.authorization.k8s.io/v1"),
        Arguments.of("items that are not a list", "apiVersion: v1\nkind: List\nitems: {a: b}\n",
            p + "#1: items: expected a list of objects, got an object"),
        Arguments.of("a list in a list", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: List, items: []}\n",
            p + "#1 items[0]: kind: a list inside a list is not supported; flatten the items"),
        // metadata
        Arguments.of("no name", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {labels: {a: b}}\n",
            p + "#1: metadata.name: required"),
        Arguments.of("no metadata at all", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n",
            p + "#1: metadata.name: required"),
        Arguments.of("generateName", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {generateName: r-}\n",
            p + "#1: metadata.name: required; generateName only works when a live API server picks the name"),
        Arguments.of("a slash in a name", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: a/b}\n",
            p + "#1: metadata.name: \"a/b\" is not a valid name: it may not contain '/'"),
        Arguments.of("a bad namespace", roleHead.replace("{name: r}", "{name: r, namespace: Team_A}"),
            p + "#1: metadata.namespace: \"Team_A\" is not a valid namespace name: use at most 63 lowercase letters,"
                + " digits or '-', starting and ending with a letter or digit"),
        // rules
        Arguments.of("no verbs", roleHead + "rules:\n- apiGroups: ['']\n  resources: [pods]\n",
            p + "#1: rules[0].verbs: required; list at least one verb (\"*\" for all)"),
        Arguments.of("a null rule", roleHead + "rules:\n- ~\n",
            p + "#1: rules[0].verbs: required; list at least one verb (\"*\" for all)"),
        Arguments.of("no apiGroups", roleHead + "rules:\n- {resources: [pods], verbs: [get]}\n",
            p + "#1: rules[0].apiGroups: required for a resource rule; list at least one API group (\"\" is the core group)"),
        Arguments.of("no resources", roleHead + "rules:\n- {apiGroups: [apps], verbs: [get]}\n",
            p + "#1: rules[0].resources: required for a resource rule; list at least one resource"),
        Arguments.of("non-resource URLs in a Role", roleHead + "rules:\n- {nonResourceURLs: [/healthz], verbs: [get]}\n",
            p + "#1: rules[0].nonResourceURLs: a Role is namespaced and cannot grant non-resource URLs; use a ClusterRole"),
        Arguments.of("resources mixed with non-resource URLs",
            clusterRoleHead + "rules:\n- {apiGroups: [''], resources: [pods], verbs: [get]}\n- {resources: [pods], nonResourceURLs: [/healthz], verbs: [get]}\n",
            p + "#1: rules[1].nonResourceURLs: a rule cannot cover both resources and non-resource URLs; split it into two rules"),
        Arguments.of("aggregation without selectors", clusterRoleHead + "aggregationRule: {clusterRoleSelectors: []}\n",
            p + "#1: aggregationRule.clusterRoleSelectors: required when aggregationRule is set; list at least one label selector"),
        Arguments.of("a bad selector operator",
            clusterRoleHead + "aggregationRule:\n  clusterRoleSelectors:\n  - matchExpressions: [{key: a, operator: Equals, values: [b]}]\n",
            p + "#1: aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: \"Equals\" is not supported;"
                + " use In, NotIn, Exists or DoesNotExist"),
        Arguments.of("In without values",
            clusterRoleHead + "aggregationRule:\n  clusterRoleSelectors:\n  - matchExpressions: [{key: a, operator: In}]\n",
            p + "#1: aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: required when operator is In"),
        // roleRef
        Arguments.of("no roleRef", bindingHead + "subjects: [{kind: User, name: a}]\n",
            p + "#1: roleRef: required; name the Role or ClusterRole this binding grants"),
        Arguments.of("a roleRef in another group", bindingHead + "roleRef: {apiGroup: rbac, kind: ClusterRole, name: view}\n",
            p + "#1: roleRef.apiGroup: \"rbac\" is not supported; use rbac.authorization.k8s.io (or leave it out)"),
        Arguments.of("a roleRef without kind", bindingHead + "roleRef: {name: view}\n",
            p + "#1: roleRef.kind: required; use Role or ClusterRole"),
        Arguments.of("a roleRef kind in the wrong case", bindingHead + "roleRef: {kind: clusterrole, name: view}\n",
            p + "#1: roleRef.kind: \"clusterrole\" is not supported; use Role or ClusterRole"
                + " (kinds are case-sensitive: did you mean \"ClusterRole\"?)"),
        Arguments.of("a ClusterRoleBinding to a Role", clusterBindingHead + "roleRef: {kind: Role, name: pod-reader}\n",
            p + "#1: roleRef.kind: a ClusterRoleBinding can only grant a ClusterRole, not a Role; use a RoleBinding for a Role"),
        Arguments.of("a roleRef without name", bindingHead + "roleRef: {kind: ClusterRole}\n",
            p + "#1: roleRef.name: required"),
        // subjects
        Arguments.of("a subject without name", bindingHead + viewRef + "subjects: [{kind: User}]\n",
            p + "#1: subjects[0].name: required"),
        Arguments.of("a subject without kind", bindingHead + viewRef + "subjects: [{name: alice}]\n",
            p + "#1: subjects[0].kind: required; use User, Group or ServiceAccount"),
        Arguments.of("a subject kind in the wrong case", bindingHead + viewRef + "subjects: [{kind: user, name: alice}]\n",
            p + "#1: subjects[0].kind: \"user\" is not supported; use User, Group or ServiceAccount"
                + " (kinds are case-sensitive: did you mean \"User\"?)"),
        Arguments.of("a User in another group", bindingHead + viewRef + "subjects: [{kind: User, name: alice, apiGroup: v1}]\n",
            p + "#1: subjects[0].apiGroup: \"v1\" is not supported for a User; use rbac.authorization.k8s.io (or leave it out)"),
        Arguments.of("a ServiceAccount in the RBAC group",
            bindingHead + viewRef + "subjects: [{kind: ServiceAccount, name: ci, apiGroup: rbac.authorization.k8s.io}]\n",
            p + "#1: subjects[0].apiGroup: \"rbac.authorization.k8s.io\" is not supported for a ServiceAccount;"
                + " leave it out (service accounts are in the core group)"),
        Arguments.of("a ServiceAccount without namespace in a ClusterRoleBinding",
            clusterBindingHead + viewRef + "subjects: [{kind: ServiceAccount, name: ci}]\n",
            p + "#1: subjects[0].namespace: required for a ServiceAccount in a ClusterRoleBinding"),
        Arguments.of("a ServiceAccount given as a username",
            bindingHead + viewRef + "subjects: [{kind: ServiceAccount, name: 'system:serviceaccount:ci:deployer'}]\n",
            p + "#1: subjects[0].name: \"system:serviceaccount:ci:deployer\" is a username, not a service account name;"
                + " write name: deployer and namespace: ci (or use kind: User)"),
        Arguments.of("a ServiceAccount name with capitals", bindingHead + viewRef + "subjects: [{kind: ServiceAccount, name: CI_Bot}]\n",
            p + "#1: subjects[0].name: \"CI_Bot\" is not a valid service account name: use lowercase letters, digits,"
                + " '-' or '.', starting and ending with a letter or digit"),
        // syntax
        Arguments.of("bad indentation (lines count from the top of the file)", ROLE + "---\nkind: Role\nmetadata:\n  name: x\n   namespace: y\n",
            p + "#2: line 14, column 13: invalid YAML: mapping values are not allowed here"),
        Arguments.of("a tab", roleHead + "rules:\n\t- verbs: [get]\n",
            p + "#1: line 5, column 1: invalid YAML: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)"),
        Arguments.of("an unclosed flow list", roleHead + "rules: [\n",
            p + "#1: line 5, column 1: invalid YAML: expected the node content, but found '<stream end>'"),
        Arguments.of("a key given twice", roleHead + "rules: []\nrules: []\n",
            p + "#1: line 5, column 6: invalid YAML: duplicate field \"rules\""),
        Arguments.of("an alias", roleHead + "rules:\n- verbs: &v [get]\n  apiGroups: *v\n",
            p + "#1: line 6, column 14: invalid YAML: aliases (*v) are not supported; repeat the value instead"),
        Arguments.of("broken JSON", "{\"apiVersion\": \"v1\",\n \"kind\": }\n",
            p + "#1: line 2, column 10: invalid JSON: Unexpected character ('}' (code 125)): expected a valid value"
                + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
  }

}
