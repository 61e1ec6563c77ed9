package dev.authlab.display;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Authorizer;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacAuthorizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionPictureTest {

  private static final AuthorizerChain API_SERVER = AuthorizerChain.kubeApiServer(new RbacAuthorizer(Policies.examples()));
  private static final UserInfo JANE = UserInfo.of("jane", "dev", "system:authenticated");

  /** A webhook-like authorizer that denies outright (RBAC never does). */
  private static final Authorizer DENY_DELETES =
      new Authorizer() {
        @Override
        public String name() {
          return "Webhook";
        }

        @Override
        public Decision authorize(Attributes attributes) {
          return attributes.verb().equals("delete") ? Decision.deny("deletes are frozen") : Decision.noOpinion("");
        }
      };

  @Test
  void anAllowShowsEachAuthorizerAskedWithTheDecidingOneLast() {
    Decision decision = API_SERVER.authorize(Attributes.resource(JANE, "get", "pods").inNamespace("team-a"));

    Picture picture = DecisionPicture.of("jane gets pods", decision);

    List<String> lines = picture.text().lines().toList();
    assertThat(lines.get(0)).isEqualTo("jane gets pods: allowed");
    assertThat(lines.get(3)).startsWith("  PrivilegedGroups").contains("no opinion");
    assertThat(lines.get(4)).startsWith("> RBAC").contains("allow").contains("RoleBinding team-a/developers");
    assertThat(lines.get(5)).contains("-> Role team-a/developer, rule 0");
    assertThat(picture.text()).contains("reason: RBAC: allowed by RoleBinding \"developers/team-a\"");
  }

  @Test
  void whenNobodyAllowsTheRequestIsForbiddenWithTheNearMisses() {
    Decision decision = API_SERVER.authorize(Attributes.resource(JANE, "delete", "pods").inNamespace("team-a"));

    Picture picture = DecisionPicture.of(decision);

    assertThat(picture.text())
        .startsWith("authorization: forbidden (403)")
        .contains("near misses")
        .contains("no authorizer allowed or denied the request, so it is forbidden");
    // Nobody decided, so no row is marked as the decider.
    assertThat(picture.text().lines()).noneMatch(l -> l.startsWith("> "));
  }

  @Test
  void anExplicitDenyIsTheDecidingRow() {
    Decision decision = AuthorizerChain.of(new RbacAuthorizer(Policies.examples()), DENY_DELETES)
        .authorize(Attributes.resource(JANE, "delete", "pods").inNamespace("team-a"));

    List<String> lines = DecisionPicture.of("deny", decision).text().lines().toList();

    assertThat(lines.get(0)).isEqualTo("deny: forbidden (403)");
    assertThat(lines).filteredOn(l -> l.startsWith("> ")).singleElement().asString().contains("deny");
  }

  @Test
  void aSingleAuthorizersDecisionIsOneRowNamedAfterIt() {
    Decision decision = new RbacAuthorizer(Policies.examples()).authorize(Attributes.resource(JANE, "list", "pods").inNamespace("team-a"));

    assertThat(DecisionPicture.table("rbac only", decision).rows()).singleElement().satisfies(row -> assertThat(row.get(0)).isEqualTo("RBAC"));
  }

  @Test
  void theWhyColumnKeepsTheExplanationsLinesApart() {
    Decision decision = API_SERVER.authorize(Attributes.resource(JANE, "get", "pods").inNamespace("team-a"));

    assertThat(DecisionPicture.of(decision).html()).contains("(subject Group &quot;dev&quot;)\n  -&gt; Role team-a/developer");
  }
}
