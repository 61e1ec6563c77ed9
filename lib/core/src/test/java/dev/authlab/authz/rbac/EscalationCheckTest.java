package dev.authlab.authz.rbac;

import static dev.authlab.authz.rbac.Fixtures.aggregatingClusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRole;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleBinding;
import static dev.authlab.authz.rbac.Fixtures.clusterRoleRef;
import static dev.authlab.authz.rbac.Fixtures.policy;
import static dev.authlab.authz.rbac.Fixtures.role;
import static dev.authlab.authz.rbac.Fixtures.roleBinding;
import static dev.authlab.authz.rbac.Fixtures.roleRef;
import static dev.authlab.authz.rbac.Fixtures.splitRule;
import static dev.authlab.authz.rbac.Fixtures.user;
import static dev.authlab.authz.rbac.Fixtures.verbs;
import static dev.authlab.authz.rbac.Fixtures.who;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Escalation prevention in the role and binding storage: upstream pkg/registry/rbac
 * role/policybased and clusterrole/policybased storage_test.go TestEscalation, the bind check of
 * rolebinding/clusterrolebinding storage, and the message of ConfirmNoEscalation.
 */
class EscalationCheckTest {

  private static final UserInfo SUPERUSER = who("superuser", "system:masters");
  private static final UserInfo BOB = who("bob");
  private static final UserInfo STEVE = who("steve");
  private static final UserInfo ALICE = who("alice");

  private static final PolicyRule GET_PODS = verbs("get").groups("").resources("pods").rule();

  /**
   * Upstream's fixture: alice holds every resource permission through a ClusterRoleBinding. Upstream's
   * fake authorizer allows steve everything; here steve is granted the escalate verb on roles instead,
   * which is what that authorizer is consulted for.
   */
  private static final RbacPolicy UPSTREAM_FIXTURE =
      policy(
          clusterRole("alice-role", verbs("*").groups("*").resources("*").rule()),
          clusterRoleBinding("alice", "alice-role", user("alice")),
          clusterRole("escalator", verbs("escalate").groups("rbac.authorization.k8s.io").resources("roles", "clusterroles").rule()),
          clusterRoleBinding("steve", "escalator", user("steve")));

  private static Role myRole() {
    return role("myns", "myrole", GET_PODS);
  }

  private static ClusterRole myClusterRole() {
    return clusterRole("myrole", GET_PODS);
  }

  private static EscalationResult create(RbacPolicy policy, UserInfo user, HasMetadata object) {
    return new EscalationCheck(policy).checkCreate(user, object);
  }

  /** An update as upstream's storage test makes it: the stored object it replaces is an empty one of the same kind. */
  private static EscalationResult update(RbacPolicy policy, UserInfo user, HasMetadata object) {
    HasMetadata old = object instanceof Role ? new Role() : new ClusterRole();
    return new EscalationCheck(policy).checkUpdate(user, object, old);
  }

  private static EscalationResult update(RbacPolicy policy, UserInfo user, HasMetadata newObject, HasMetadata oldObject) {
    return new EscalationCheck(policy).checkUpdate(user, newObject, oldObject);
  }

  @Nested
  class UpstreamRoleEscalation {

    @Test
    void superuserIsNeverChecked() {
      assertThat(create(UPSTREAM_FIXTURE, SUPERUSER, myRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, SUPERUSER, myRole())).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void userWithoutPermissionsOrEscalateIsForbidden() {
      String expected =
          "roles.rbac.authorization.k8s.io \"myrole\" is forbidden: user \"bob\" (groups=[]) is attempting to grant RBAC permissions not currently held:\n"
              + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}";
      assertThat(create(UPSTREAM_FIXTURE, BOB, myRole())).isInstanceOf(EscalationResult.Forbidden.class).extracting(EscalationResult::message).isEqualTo(expected);
      assertThat(update(UPSTREAM_FIXTURE, BOB, myRole())).isInstanceOf(EscalationResult.Forbidden.class).extracting(EscalationResult::message).isEqualTo(expected);
    }

    @Test
    void userAllowedToEscalateNeedsNoPermissions() {
      assertThat(create(UPSTREAM_FIXTURE, STEVE, myRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, STEVE, myRole())).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void userHoldingThePermissionsMayGrantThem() {
      assertThat(create(UPSTREAM_FIXTURE, ALICE, myRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, ALICE, myRole())).isInstanceOf(EscalationResult.Permitted.class);
    }
  }

  @Nested
  class UpstreamClusterRoleEscalation {

    @Test
    void superuserIsNeverChecked() {
      assertThat(create(UPSTREAM_FIXTURE, SUPERUSER, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, SUPERUSER, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void userWithoutPermissionsOrEscalateIsForbidden() {
      String expected =
          "clusterroles.rbac.authorization.k8s.io \"myrole\" is forbidden: user \"bob\" (groups=[]) is attempting to grant RBAC permissions not currently held:\n"
              + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}";
      assertThat(create(UPSTREAM_FIXTURE, BOB, myClusterRole()).message()).isEqualTo(expected);
      assertThat(update(UPSTREAM_FIXTURE, BOB, myClusterRole()).message()).isEqualTo(expected);
    }

    @Test
    void userAllowedToEscalateNeedsNoPermissions() {
      assertThat(create(UPSTREAM_FIXTURE, STEVE, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, STEVE, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void userHoldingThePermissionsMayGrantThem() {
      assertThat(create(UPSTREAM_FIXTURE, ALICE, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(UPSTREAM_FIXTURE, ALICE, myClusterRole())).isInstanceOf(EscalationResult.Permitted.class);
    }
  }

  @Nested
  class Roles {

    @Test
    void escalateLimitedToANameHelpsOnlyOnUpdateBecauseCreateNamesNoObject() {
      RbacPolicy policy =
          policy(
              clusterRole("escalate-myrole", verbs("escalate").groups("rbac.authorization.k8s.io").resources("roles").names("myrole").rule()),
              clusterRoleBinding("b", "escalate-myrole", user("carol")));
      assertThat(create(policy, who("carol"), myRole())).isInstanceOf(EscalationResult.Forbidden.class);
      assertThat(update(policy, who("carol"), myRole())).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void escalateMustBeHeldInTheRoleNamespace() {
      RbacPolicy policy =
          policy(
              clusterRole("escalator", verbs("escalate").groups("rbac.authorization.k8s.io").resources("roles").rule()),
              roleBinding("other", "b", clusterRoleRef("escalator"), user("carol")));
      assertThat(create(policy, who("carol"), myRole())).isInstanceOf(EscalationResult.Forbidden.class);
      assertThat(create(policy, who("carol"), role("other", "r", GET_PODS))).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void escalateInTheCoreGroupDoesNotCount() {
      RbacPolicy policy =
          policy(clusterRole("wrong-group", verbs("escalate").groups("").resources("roles").rule()), clusterRoleBinding("b", "wrong-group", user("carol")));
      assertThat(create(policy, who("carol"), myRole())).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void permissionsHeldInTheRoleNamespaceCount() {
      RbacPolicy policy =
          policy(clusterRole("pod-reader", GET_PODS), roleBinding("myns", "b", clusterRoleRef("pod-reader"), user("carol")));
      assertThat(create(policy, who("carol"), myRole())).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(create(policy, who("carol"), role("other", "r", GET_PODS))).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void grantingMoreThanHeldNamesOnlyWhatIsMissingCompactedAndSorted() {
      RbacPolicy policy = policy(clusterRole("pod-reader", GET_PODS), clusterRoleBinding("b", "pod-reader", user("carol")));
      Role wanted =
          role(
              "myns",
              "bigger",
              verbs("get", "list", "watch").groups("").resources("pods").rule(),
              verbs("get").groups("apps").resources("deployments").rule(),
              verbs("get").urls("/healthz").rule());
      EscalationResult result = create(policy, who("carol", "devs", "system:authenticated"), wanted);
      assertThat(result.message())
          .isEqualTo(
              "roles.rbac.authorization.k8s.io \"bigger\" is forbidden: user \"carol\" (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                  + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"list\" \"watch\"]}\n"
                  + "{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"get\"]}\n"
                  + "{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}");
      assertThat(((EscalationResult.Forbidden) result).missing()).hasSize(4);
    }

    @Test
    void rulesRepeatedInTheRoleAreRepeatedInTheMessage() {
      Role twice = role("myns", "twice", GET_PODS, GET_PODS);
      assertThat(create(RbacPolicy.empty(), BOB, twice).message()).endsWith("\n{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"get\"]}");
    }

    @Test
    void resolutionErrorsAreAppendedToTheMessage() {
      RbacPolicy policy = policy(clusterRoleBinding("broken", "gone", user("bob")), roleBinding("myns", "broken-too", roleRef("also-gone"), user("bob")));
      assertThat(create(policy, BOB, myRole()).message())
          .endsWith(
              "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}; resolution errors: "
                  + "[[clusterrole.rbac.authorization.k8s.io \"gone\" not found, role.rbac.authorization.k8s.io \"also-gone\" not found]]");
    }

    @Test
    void singleResolutionErrorIsBracketedOnce() {
      RbacPolicy policy = policy(clusterRoleBinding("broken", "gone", user("bob")));
      assertThat(create(policy, BOB, myRole()).message()).endsWith("; resolution errors: [clusterrole.rbac.authorization.k8s.io \"gone\" not found]");
    }

    @Test
    void roleWithoutANameIsForbiddenWithoutQuotingAName() {
      Role unnamed = new RoleBuilder().withNewMetadata().withNamespace("myns").withGenerateName("role-").endMetadata().withRules(GET_PODS).build();
      assertThat(create(RbacPolicy.empty(), BOB, unnamed).message())
          .startsWith("roles.rbac.authorization.k8s.io is forbidden: user \"bob\" (groups=[]) is attempting to grant RBAC permissions not currently held:\n");
    }

    @Test
    void roleWithoutRulesNeedsNothing() {
      assertThat(create(RbacPolicy.empty(), BOB, role("myns", "empty"))).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void updateTouchingOnlyGarbageCollectionFieldsIsNotChecked() {
      Role old = myRole();
      Role withFinalizer = new RoleBuilder(old).editMetadata().withFinalizers("example.com/keep").endMetadata().build();
      Role withOwner =
          new RoleBuilder(old).editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner").withUid("1").endOwnerReference().endMetadata().build();
      assertThat(update(RbacPolicy.empty(), BOB, withFinalizer, old)).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(update(RbacPolicy.empty(), BOB, withOwner, old)).isInstanceOf(EscalationResult.Permitted.class);
      Role withLabel = new RoleBuilder(old).editMetadata().withLabels(Map.of("a", "b")).endMetadata().build();
      assertThat(update(RbacPolicy.empty(), BOB, withLabel, old)).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void serviceAccountRulesComeFromItsUsernameAndGroups() {
      RbacPolicy policy =
          policy(
              clusterRole("pod-reader", GET_PODS),
              roleBinding("myns", "b", clusterRoleRef("pod-reader"), Fixtures.group("system:serviceaccounts:myns")));
      UserInfo sa = who("system:serviceaccount:myns:deployer", "system:serviceaccounts", "system:serviceaccounts:myns");
      assertThat(create(policy, sa, myRole())).isInstanceOf(EscalationResult.Permitted.class);
    }
  }

  @Nested
  class ClusterRoles {

    private final ClusterRole aggregating =
        aggregatingClusterRole("agg", List.of(Map.of("aggregate-to-agg", "true")), List.of());

    @Test
    void clusterRoleNeedsClusterWidePermissions() {
      RbacPolicy policy = policy(clusterRole("pod-reader", GET_PODS), roleBinding("myns", "b", clusterRoleRef("pod-reader"), user("carol")));
      assertThat(create(policy, who("carol"), myClusterRole())).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void aggregationRuleNeedsEveryResourceAndUrlPermission() {
      assertThat(create(UPSTREAM_FIXTURE, BOB, aggregating).message())
          .isEqualTo("clusterroles.rbac.authorization.k8s.io \"agg\" is forbidden: must have cluster-admin privileges to use the aggregationRule");
      RbacPolicy clusterAdmin = policy(clusterRole("cluster-admin", splitRule("*", "*", "*", "*")), clusterRoleBinding("b", "cluster-admin", user("root")));
      assertThat(create(clusterAdmin, who("root"), aggregating)).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void resourceStarWithoutUrlStarIsNotEnoughForAnAggregationRule() {
      RbacPolicy policy =
          policy(
              clusterRole("all-resources-but-escalate", verbs("get", "list", "create", "update").groups("*").resources("*").rule()),
              clusterRoleBinding("b", "all-resources-but-escalate", user("carol")));
      assertThat(create(policy, who("carol"), aggregating).message()).endsWith("must have cluster-admin privileges to use the aggregationRule");
    }

    @Test
    void removingAnAggregationRuleAlsoNeedsEveryPermission() {
      ClusterRole withoutRule = clusterRole("agg");
      ClusterRole relabelled = new ClusterRoleBuilder(withoutRule).editMetadata().withLabels(Map.of("a", "b")).endMetadata().build();
      assertThat(update(UPSTREAM_FIXTURE, BOB, withoutRule, aggregating).message()).endsWith("must have cluster-admin privileges to use the aggregationRule");
      assertThat(update(UPSTREAM_FIXTURE, BOB, relabelled, withoutRule)).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void aggregationRuleWithoutSelectorsIsNotAnAggregationRule() {
      ClusterRole emptyRule =
          new ClusterRoleBuilder().withNewMetadata().withName("agg").endMetadata().withAggregationRule(new AggregationRuleBuilder().build()).build();
      assertThat(create(UPSTREAM_FIXTURE, ALICE, emptyRule)).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void escalateVerbSkipsTheAggregationCheckToo() {
      assertThat(create(UPSTREAM_FIXTURE, STEVE, aggregating)).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void rulesAreCheckedBeforeTheAggregationRule() {
      ClusterRole both = new ClusterRoleBuilder(aggregating).withRules(GET_PODS).build();
      assertThat(create(RbacPolicy.empty(), BOB, both).message()).contains("is attempting to grant RBAC permissions not currently held");
    }
  }

  @Nested
  class Bindings {

    private final RbacPolicy viewExists =
        policy(
            clusterRole("view", GET_PODS),
            clusterRole("edit", verbs("get", "update").groups("").resources("pods").rule()),
            role("myns", "local", GET_PODS));

    private RbacPolicy plus(HasMetadata... objects) {
      return RbacPolicy.builder().addAll(viewExists).addAll(List.of(objects)).build();
    }

    @Test
    void bindingARoleWhoseRulesYouLackIsForbidden() {
      EscalationResult result = create(viewExists, BOB, roleBinding("myns", "rb", clusterRoleRef("view"), user("someone")));
      assertThat(result.message())
          .isEqualTo(
              "rolebindings.rbac.authorization.k8s.io \"rb\" is forbidden: user \"bob\" (groups=[]) is attempting to grant RBAC permissions not currently held:\n"
                  + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}");
    }

    @Test
    void bindingARoleWhoseRulesYouHoldInTheNamespaceIsPermitted() {
      RbacPolicy policy = plus(roleBinding("myns", "mine", clusterRoleRef("view"), user("carol")));
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", clusterRoleRef("view"), user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", roleRef("local"), user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(create(policy, who("carol"), clusterRoleBinding("crb", "view", user("someone")))).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void bindVerbOnTheNamedRoleIsEnough() {
      RbacPolicy policy =
          plus(
              clusterRole("binder", verbs("bind").groups("rbac.authorization.k8s.io").resources("clusterroles").names("view").rule()),
              roleBinding("myns", "binder", clusterRoleRef("binder"), user("carol")));
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", clusterRoleRef("view"), user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", clusterRoleRef("edit"), user("someone")))).isInstanceOf(EscalationResult.Forbidden.class);
      assertThat(create(policy, who("carol"), roleBinding("other", "rb", clusterRoleRef("view"), user("someone")))).as("bind held in myns only").isInstanceOf(EscalationResult.Forbidden.class);
      assertThat(create(policy, who("carol"), clusterRoleBinding("crb", "view", user("someone")))).as("bind held in myns only").isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void bindVerbOnRolesDoesNotCoverClusterRoles() {
      RbacPolicy policy =
          plus(
              clusterRole("binder", verbs("bind").groups("rbac.authorization.k8s.io").resources("roles").rule()),
              roleBinding("myns", "binder", clusterRoleRef("binder"), user("carol")));
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", roleRef("local"), user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", clusterRoleRef("view"), user("someone")))).isInstanceOf(EscalationResult.Forbidden.class);
    }

    @Test
    void bindingAMissingRoleFailsWithNotFound() {
      EscalationResult result = create(viewExists, BOB, roleBinding("myns", "rb", clusterRoleRef("gone"), user("someone")));
      assertThat(result).isInstanceOf(EscalationResult.Failed.class);
      assertThat(result.message()).isEqualTo("clusterrole.rbac.authorization.k8s.io \"gone\" not found");
      assertThat(create(viewExists, BOB, roleBinding("myns", "rb", roleRef("gone"), user("someone"))).message())
          .isEqualTo("role.rbac.authorization.k8s.io \"gone\" not found");
    }

    @Test
    void bindPermissionIsCheckedBeforeTheRoleIsLookedUp() {
      RbacPolicy policy =
          plus(
              clusterRole("binder", verbs("bind").groups("rbac.authorization.k8s.io").resources("clusterroles").rule()),
              clusterRoleBinding("binder", "binder", user("carol")));
      assertThat(create(policy, who("carol"), roleBinding("myns", "rb", clusterRoleRef("gone"), user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void superuserMayBindAnything() {
      assertThat(create(viewExists, SUPERUSER, clusterRoleBinding("crb", "gone", user("someone")))).isInstanceOf(EscalationResult.Permitted.class);
    }

    @Test
    void clusterRoleBindingNeedsClusterWideRules() {
      assertThat(create(viewExists, BOB, clusterRoleBinding("crb", "view", user("someone"))).message())
          .startsWith("clusterrolebindings.rbac.authorization.k8s.io \"crb\" is forbidden: user \"bob\"");
    }

    @Test
    void updateTouchingOnlyGarbageCollectionFieldsIsNotChecked() {
      var old = roleBinding("myns", "rb", clusterRoleRef("view"), user("someone"));
      var withFinalizer = new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder(old).editMetadata().withFinalizers("x/y").endMetadata().build();
      assertThat(update(viewExists, BOB, withFinalizer, old)).isInstanceOf(EscalationResult.Permitted.class);
    }
  }

  /** Upstream pkg/registry/rbac helpers_test.go TestIsOnlyMutatingGCFields, on a Role instead of a Pod. */
  @Nested
  class UpstreamOnlyMutatingGarbageCollectionFields {

    private Role base() {
      return new RoleBuilder()
          .withNewMetadata()
          .withName("foo")
          .withNamespace("ns")
          .withAnnotations(new java.util.HashMap<>())
          .withOwnerReferences(new java.util.ArrayList<>())
          .endMetadata()
          .build();
    }

    private RoleBuilder changed() {
      return new RoleBuilder(base());
    }

    @Test
    void same() {
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), base())).isTrue();
    }

    @Test
    void onlyAnnotations() {
      Role role = changed().editMetadata().addToAnnotations("foo", "bar").endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isFalse();
    }

    @Test
    void onlyOther() {
      Role role = changed().withRules(GET_PODS).build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isFalse();
    }

    @Test
    void onlyOwnerReference() {
      Role role = changed().editMetadata().addNewOwnerReference().withName("foo").endOwnerReference().endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isTrue();
    }

    @Test
    void ownerReferenceAndFinalizer() {
      Role role =
          changed().editMetadata().addNewOwnerReference().withName("foo").endOwnerReference().withFinalizers("final").endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isTrue();
    }

    @Test
    void ownerReferenceAndAnnotations() {
      Role role =
          changed().editMetadata().addNewOwnerReference().withName("foo").endOwnerReference().addToAnnotations("foo", "bar").endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isFalse();
    }

    @Test
    void ownerReferenceAndOther() {
      Role role = changed().editMetadata().addNewOwnerReference().withName("foo").endOwnerReference().endMetadata().withRules(GET_PODS).build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isFalse();
    }

    @Test
    void managedFieldsAreAChangeLikeAnyOther() {
      Role role = changed().editMetadata().addNewManagedField().withManager("kubectl").endManagedField().endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isFalse();
    }

    @Test
    void selfLinkIsIgnoredToo() {
      Role role = changed().editMetadata().withSelfLink("/apis/rbac.authorization.k8s.io/v1/namespaces/ns/roles/foo").endMetadata().build();
      assertThat(EscalationCheck.onlyGarbageCollectionFieldsChange(base(), role)).isTrue();
    }
  }

  @Test
  void otherObjectsAreNotChecked() {
    EscalationResult result = create(RbacPolicy.empty(), BOB, new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build());
    assertThat(result).isInstanceOf(EscalationResult.NotApplicable.class);
    assertThat(result.permitted()).isTrue();
  }
}
