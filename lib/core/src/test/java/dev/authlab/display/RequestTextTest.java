package dev.authlab.display;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import org.junit.jupiter.api.Test;

class RequestTextTest {

  private static final UserInfo JANE = UserInfo.of("jane");

  @Test
  void aSubresourceOfAGroupedResourceIsSpelledAsKubectlDoes() {
    assertThat(RequestText.of(new Attributes.Resource(JANE, "update", "team-a", "apps", "v1", "deployments", "scale", "web")))
        .isEqualTo("update deployments.apps/scale \"web\" in team-a");
  }

  @Test
  void coreResourcesHaveNoGroupAndClusterScopedOnesSaySo() {
    assertThat(RequestText.of(Attributes.resource(JANE, "get", "pods").inNamespace("team-a").subresource("log")))
        .isEqualTo("get pods/log in team-a");
    assertThat(RequestText.of(Attributes.resource(JANE, "list", "nodes"))).isEqualTo("list nodes cluster-wide");
    assertThat(RequestText.of(Attributes.nonResource(JANE, "get", "/healthz"))).isEqualTo("get /healthz");
  }
}
