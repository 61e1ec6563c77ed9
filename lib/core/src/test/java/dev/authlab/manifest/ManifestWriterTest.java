package dev.authlab.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.manifest.ManifestWriter.Format;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Test;

class ManifestWriterTest {

  private static Role role() {
    return Manifests.parse("r.yaml", ManifestsTest.ROLE).roles().get(0).object();
  }

  @Test
  void writesYamlLikeKubectl() {
    assertThat(ManifestWriter.toYaml(role())).isEqualTo("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: pod-reader
          namespace: team-a
        rules:
        - apiGroups:
          - ""
          resources:
          - pods
          verbs:
          - get
          - list
          - watch
        """);
  }

  @Test
  void writesJsonLikeKubectl() {
    ClusterRole empty = new ClusterRoleBuilder().withNewMetadata().withName("empty").endMetadata().build();

    assertThat(ManifestWriter.write(empty, Format.JSON)).isEqualTo("""
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {
                "name": "empty"
            }
        }
        """);
  }

  @Test
  void writesSeveralObjectsAsAList() {
    String yaml = ManifestWriter.writeList(Manifests.parse("p.yaml", ManifestsTest.ROLE + "---\n" + ManifestsTest.CLUSTER_ROLE).objects(), Format.YAML);

    assertThat(yaml).startsWith("apiVersion: v1\nkind: List\nitems:\n- apiVersion: rbac.authorization.k8s.io/v1\n  kind: Role\n");
    assertThat(Manifests.parse("again.yaml", yaml).size()).isEqualTo(2);
  }

  @Test
  void quotesOnlyWhatYamlWouldMisread() {
    ClusterRole role = new ClusterRoleBuilder()
        .withNewMetadata().withName("odd").addToLabels("port", "8080").addToLabels("flag", "true").endMetadata()
        .addNewRule().withApiGroups("").withResources("*").withVerbs("*").endRule()
        .addNewRule().withNonResourceURLs("/healthz").withVerbs("get").endRule()
        .build();

    String yaml = ManifestWriter.toYaml(role);

    assertThat(yaml).contains("port: \"8080\"", "flag: \"true\"", "- \"\"", "- '*'", "- /healthz", "- get");
    assertThat(Manifests.parse("back.yaml", yaml).clusterRoles().get(0).object()).isEqualTo(role);
    assertThat(Manifests.parse("back.json", ManifestWriter.toJson(role)).clusterRoles().get(0).object()).isEqualTo(role);
  }
}
