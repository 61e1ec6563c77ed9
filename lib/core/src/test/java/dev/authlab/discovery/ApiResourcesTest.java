package dev.authlab.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kubectl's resolution of TYPE arguments against the built-in resources. */
class ApiResourcesTest {

  private final ApiResources resources = ApiResources.builtIn();

  private String resolve(String arg) {
    ApiResources.Resolution r = resources.resolve(arg);
    return r.resource() + "|" + r.group();
  }

  @Test
  void shortNamesSingularsKindsAndPluralsResolve() {
    assertThat(resolve("po")).isEqualTo("pods|");
    assertThat(resolve("pod")).isEqualTo("pods|");
    assertThat(resolve("Pods")).isEqualTo("pods|");
    assertThat(resolve("deploy")).isEqualTo("deployments|apps");
    assertThat(resolve("Deployment")).isEqualTo("deployments|apps");
    assertThat(resolve("csr")).isEqualTo("certificatesigningrequests|certificates.k8s.io");
    assertThat(resolve("clusterroles")).isEqualTo("clusterroles|rbac.authorization.k8s.io");
  }

  @Test
  void groupQualifiedAndFullyQualifiedForms() {
    assertThat(resolve("deployments.apps")).isEqualTo("deployments|apps");
    assertThat(resolve("deployments.v1.apps")).isEqualTo("deployments|apps");
    assertThat(resolve("roles.rbac.authorization.k8s.io")).isEqualTo("roles|rbac.authorization.k8s.io");
  }

  @Test
  void coreGroupWinsWhenTwoGroupsServeTheSameName() {
    assertThat(resolve("events")).isEqualTo("events|");
    assertThat(resolve("events.events.k8s.io")).isEqualTo("events|events.k8s.io");
  }

  @Test
  void unknownTypesAreUsedAsTypedWithKubectlsWarning() {
    ApiResources.Resolution r = resources.resolve("Widgets");
    assertThat(r).isInstanceOf(ApiResources.Resolution.Unknown.class);
    assertThat(r.resource()).isEqualTo("Widgets");
    assertThat(r.group()).isEmpty();
    assertThat(((ApiResources.Resolution.Unknown) r).warning()).isEqualTo("Warning: the server doesn't have a resource type 'widgets'");
    assertThat(((ApiResources.Resolution.Unknown) resources.resolve("widgets.example.com")).warning())
        .isEqualTo("Warning: the server doesn't have a resource type 'widgets' in group 'example.com'");
  }

  @Test
  void usersGroupsAndStarAreNotWarnedAbout() {
    assertThat(((ApiResources.Resolution.Unknown) resources.resolve("users")).warning()).isEmpty();
    assertThat(((ApiResources.Resolution.Unknown) resources.resolve("groups")).warning()).isEmpty();
    assertThat(resolve("*")).isEqualTo("*|");
  }

  @Test
  void knowsWhichResourcesAreNamespaced() {
    assertThat(resources.lookup("", "pods").orElseThrow().namespaced()).isTrue();
    assertThat(resources.lookup("", "nodes").orElseThrow().namespaced()).isFalse();
    assertThat(resources.lookup("rbac.authorization.k8s.io", "clusterrolebindings").orElseThrow().namespaced()).isFalse();
  }
}
