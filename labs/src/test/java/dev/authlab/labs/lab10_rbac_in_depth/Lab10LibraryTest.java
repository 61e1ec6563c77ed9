package dev.authlab.labs.lab10_rbac_in_depth;

import static dev.authlab.labs.support.Holdings.assertHolds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.ClusterRoleAggregator;
import dev.authlab.authz.rbac.EscalationCheck;
import dev.authlab.authz.rbac.EscalationResult;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.Requests;
import dev.authlab.authz.rbac.RuleCoverage;
import dev.authlab.authz.rbac.RuleMatcher;
import dev.authlab.labs.support.PolicyFacts;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.request.RequestInfoResolver;
import dev.authlab.testkit.Access;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import dev.authlab.testkit.Subject;
import dev.authlab.testkit.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 10, library tier: the fixed shop policy plus the roles every API server creates, asked the way
 * the API server's RBAC authorizer, aggregation controller and escalation check would answer. Each
 * task is checked in both directions: what is needed is granted, and nothing more is.
 */
@Tag("library")
class Lab10LibraryTest {

  static final String SHOP = "lab10-shop";
  static final String MONITORING = "lab10-monitoring";
  static final String WIDGETS_GROUP = "shop.example.com";
  static final Subject VIEWERS = Subject.group("lab10-viewers");
  static final Subject SHOP_APP = Subject.serviceAccount(SHOP, "shop");
  static final Subject SUPPORT = Subject.group("lab10-support");
  static final Subject PROMETHEUS = Subject.serviceAccount(MONITORING, "prometheus");
  static final Subject LENA = Subject.user("lab10-lena");

  static final List<PolicyRule> READ_WIDGETS = List.of(new PolicyRuleBuilder()
      .withApiGroups(WIDGETS_GROUP).withResources("widgets").withVerbs("get", "list", "watch").build());
  static final List<PolicyRule> SHOP_CONFIG_NEED = RuleSpec.parse("get,list,watch,update configmaps shop-config");
  static final List<PolicyRule> SHOP_CONFIG_AT_MOST = RuleSpec.parse("get,list,watch,update,patch configmaps shop-config");
  static final List<PolicyRule> SUPPORT_NEED = RuleSpec.parseAll(List.of("get,list,watch pods", "get pods/log"));
  // list and watch on pods/log mean nothing, so they are tolerated
  static final List<PolicyRule> SUPPORT_AT_MOST = RuleSpec.parseAll(List.of("get,list,watch pods", "get,list,watch pods/log"));
  static final List<PolicyRule> METRICS_NEED = RuleSpec.parse("get /metrics,/metrics/slis");
  static final List<PolicyRule> LEAD_NEED = RuleSpec.parseAll(List.of("create,get,list,delete rolebindings", "bind clusterroles edit"));
  static final List<PolicyRule> LEAD_AT_MOST =
      RuleSpec.parseAll(List.of("get,list,watch,create,update,patch,delete rolebindings", "bind clusterroles edit"));

  /** The HTTP requests of the shop app: its informer on shop-config, then a read and a write. */
  static final List<String[]> SHOP_APP_REQUESTS = List.of(
      new String[] {"GET", "/api/v1/namespaces/lab10-shop/configmaps?fieldSelector=metadata.name%3Dshop-config"},
      new String[] {"GET", "/api/v1/namespaces/lab10-shop/configmaps?fieldSelector=metadata.name%3Dshop-config&watch=true"},
      new String[] {"GET", "/api/v1/namespaces/lab10-shop/configmaps/shop-config"},
      new String[] {"PUT", "/api/v1/namespaces/lab10-shop/configmaps/shop-config"});

  @Test
  @DisplayName("viewers read widgets in lab10-shop through view's aggregation, read-only, without editing view")
  void viewersReadWidgetsThroughAggregation() {
    ManifestSet manifests = ShopPolicy.manifests();
    for (HasMetadata object : manifests.objects()) {
      assertThat(object instanceof ClusterRole && BootstrapPolicy.policy().clusterRole(object.getMetadata().getName()).isPresent())
          .withFailMessage("your manifests redefine the built-in ClusterRole %s: leave it alone and let aggregation add rules to it",
              object.getMetadata().getName())
          .isFalse();
    }
    List<ClusterRole> clusterRoles = new ArrayList<>();
    Stream.concat(BootstrapPolicy.objects().stream(), manifests.objects().stream())
        .filter(o -> o instanceof ClusterRole).forEach(o -> clusterRoles.add((ClusterRole) o));
    ClusterRole view = ClusterRoleAggregator.aggregate(clusterRoles).stream()
        .filter(r -> r.getMetadata().getName().equals("view")).findFirst().orElseThrow();
    Attributes listWidgets = widgets(VIEWERS.userInfo(), "list");
    assertThat(view.getRules().stream().anyMatch(rule -> RuleMatcher.allows(listWidgets, rule)))
        .withFailMessage("after aggregation, view has no rule that lists widgets: view's aggregationRule takes the rules of every "
            + "ClusterRole whose metadata.labels match one of %s",
            view.getAggregationRule().getClusterRoleSelectors().stream().map(s -> String.valueOf(s.getMatchLabels())).toList())
        .isTrue();
    RbacPolicy policy = withBootstrap(manifests);
    assertAllowed(policy, listWidgets);
    assertHolds(policy, VIEWERS, SHOP, with(viewRules(), READ_WIDGETS), with(viewRules(), READ_WIDGETS));
    assertHoldsNothingOutside(policy, VIEWERS, SHOP);
  }

  @Test
  @DisplayName("the shop app's informer, get and update work on shop-config, and no other ConfigMap can be read")
  void shopAppUsesOnlyItsConfigMap() {
    RbacPolicy policy = policy();
    RequestInfoResolver resolver = new RequestInfoResolver();
    for (String[] request : SHOP_APP_REQUESTS) {
      Attributes attributes = Attributes.of(SHOP_APP.userInfo(), resolver.resolve(request[0], request[1]));
      Decision decision = authorizer(policy).authorize(attributes);
      assertThat(decision.isAllowed()).withFailMessage("the app's request %s %s (RBAC sees: %s) is refused:%n  %s",
          request[0], request[1], Requests.describe(attributes),
          String.join("\n  ", Access.decidingLines(decision))).isTrue();
    }
    assertPassed(Access.cannot(policy, SHOP_APP, Request.of("list", "configmaps").in(SHOP)));
    assertPassed(Access.cannot(policy, SHOP_APP, Request.of("get", "configmaps").named("payment-config").in(SHOP)));
    assertHolds(policy, SHOP_APP, SHOP, SHOP_CONFIG_NEED, SHOP_CONFIG_AT_MOST);
    assertHoldsNothingOutside(policy, SHOP_APP, SHOP);
  }

  @Test
  @DisplayName("support reads pods and their logs in lab10-shop, and cannot exec, attach or port-forward")
  void supportReadsLogsButCannotExec() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, SUPPORT, Request.of("get", "pods/log").named("web-0").in(SHOP)));
    for (String denied : List.of("create pods/exec", "get pods/exec", "create pods/attach", "create pods/portforward")) {
      assertPassed(Access.cannot(policy, SUPPORT, Request.parse(denied + " web-0").in(SHOP)));
    }
    assertHolds(policy, SUPPORT, SHOP, SUPPORT_NEED, SUPPORT_AT_MOST);
    assertHoldsNothingOutside(policy, SUPPORT, SHOP);
  }

  @Test
  @DisplayName("prometheus gets /metrics and /metrics/slis, and nothing beyond what system:monitoring grants")
  void prometheusScrapesMetricsOnly() {
    RbacPolicy policy = policy();
    assertPassed(Access.can(policy, PROMETHEUS, Request.nonResource("get", "/metrics")));
    assertPassed(Access.cannot(policy, PROMETHEUS, Request.nonResource("get", "/logs/kube-apiserver.log")));
    List<PolicyRule> monitoring = BootstrapPolicy.policy().clusterRole("system:monitoring").orElseThrow().getRules();
    assertHolds(policy, PROMETHEUS, "", METRICS_NEED, monitoring);
    for (String scope : everyScope(policy)) {
      assertHolds(policy, PROMETHEUS, scope, List.of(), monitoring);
    }
  }

  @Test
  @DisplayName("Lena may bind edit, and only edit, in lab10-shop, and cannot escalate anywhere")
  void teamLeadBindsOnlyEdit() {
    RbacPolicy policy = policy();
    UserInfo lena = LENA.userInfo();
    EscalationCheck check = new EscalationCheck(policy);
    assertPassed(Access.can(policy, LENA, Request.of("create", "rolebindings").in(SHOP)));
    EscalationResult edit = check.checkCreate(lena, bindingTo("edit"));
    assertThat(edit.permitted()).withFailMessage("the API server would refuse Lena's RoleBinding to edit in %s:%n  %s", SHOP, edit.message()).isTrue();
    for (String stronger : List.of("admin", "cluster-admin")) {
      EscalationResult result = check.checkCreate(lena, bindingTo(stronger));
      assertThat(result.permitted()).withFailMessage("the API server would let Lena bind %s in %s: %s", stronger, SHOP, result.message()).isFalse();
    }
    assertPassed(Access.cannot(policy, LENA, Request.of("create", "rolebindings").in("default")));
    assertPassed(Access.cannot(policy, LENA, Request.of("create", "clusterrolebindings")));
    assertPassed(Access.cannotEscalate(policy, LENA));
    assertHolds(policy, LENA, SHOP, LEAD_NEED, LEAD_AT_MOST);
    assertHoldsNothingOutside(policy, LENA, SHOP);
  }

  @Test
  @DisplayName("the policy names only the five subjects, uses no wildcards, aggregates nothing but reading widgets, and lets nobody escalate")
  void grantsNothingToAnyoneElse() {
    ManifestSet manifests = ShopPolicy.manifests();
    RbacPolicy policy = withBootstrap(manifests);
    // an empty or unfixed policy grants nothing to strangers either: first every task must be met
    for (Verdict need : List.of(
        Access.can(policy, VIEWERS, new Request("list", WIDGETS_GROUP, "widgets", "", "", SHOP, "")),
        Access.can(policy, SHOP_APP, Request.of("list", "configmaps").named("shop-config").in(SHOP)),
        Access.can(policy, SUPPORT, Request.of("get", "pods/log").named("web-0").in(SHOP)),
        Access.can(policy, PROMETHEUS, Request.nonResource("get", "/metrics")),
        Access.can(policy, LENA, Request.of("bind", "clusterroles").named("edit").in(SHOP)),
        Access.cannot(policy, LENA, Request.of("bind", "clusterroles").named("admin").in(SHOP)))) {
      assertThat(need.passed()).withFailMessage("this check looks at the whole policy once every task is done; not yet:%n%s", need.render()).isTrue();
    }

    List<String> strangers = new ArrayList<>();
    Set<String> bootstrapNames = new HashSet<>();
    BootstrapPolicy.objects().forEach(o -> bootstrapNames.add(key(o)));
    List<LabelSelector> aggregationSelectors = new ArrayList<>();
    for (ClusterRole role : BootstrapPolicy.policy().clusterRoles()) {
      if (role.getAggregationRule() != null && role.getAggregationRule().getClusterRoleSelectors() != null) {
        aggregationSelectors.addAll(role.getAggregationRule().getClusterRoleSelectors());
      }
    }
    for (HasMetadata object : manifests.objects()) {
      if (bootstrapNames.contains(key(object))) {
        strangers.add(key(object) + " replaces a role or binding every API server creates: leave the built-in ones alone");
      }
      for (var s : subjectsOf(object)) {
        if (!isExpected(s)) {
          strangers.add(key(object) + " names " + s.getKind() + " " + (s.getNamespace() == null ? "" : s.getNamespace() + "/") + s.getName()
              + ", which is none of Group lab10-viewers, ServiceAccount lab10-shop/shop, Group lab10-support,"
              + " ServiceAccount lab10-monitoring/prometheus, User lab10-lena");
        }
      }
      List<PolicyRule> rules = rulesOf(object);
      for (PolicyRule rule : rules) {
        if (hasWildcard(rule)) {
          strangers.add(key(object) + " has a rule with \"*\": " + String.join(" ", RuleCoverage.describe(List.of(rule)))
              + " (a wildcard also grants whatever is added to the cluster later)");
        }
      }
      // a labelled ClusterRole lends its rules to view, edit, admin… and so to everyone bound to them
      Map<String, String> labels = object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
      if (object instanceof ClusterRole && aggregationSelectors.stream().anyMatch(sel -> ClusterRoleAggregator.matches(sel, labels))) {
        for (String piece : RuleCoverage.describe(RuleCoverage.covers(READ_WIDGETS, rules).uncovered())) {
          strangers.add(key(object) + " is aggregated into built-in roles and adds more than reading widgets: " + piece);
        }
      }
    }
    assertThat(strangers).withFailMessage("the policy grants more than the five tasks:%n  %s", String.join("\n  ", strangers)).isEmpty();
    for (Subject subject : List.of(VIEWERS, SHOP_APP, SUPPORT, PROMETHEUS, LENA)) {
      assertPassed(Access.cannotEscalate(policy, subject));
    }
  }

  // ---- support

  static RbacPolicy policy() {
    return withBootstrap(ShopPolicy.manifests());
  }

  static RbacPolicy withBootstrap(ManifestSet manifests) {
    return RbacPolicy.builder().addAll(BootstrapPolicy.objects()).addAll(manifests.objects()).build();
  }

  static AuthorizerChain authorizer(RbacPolicy policy) {
    return AuthorizerChain.kubeApiServer(new RbacAuthorizer(policy));
  }

  static List<PolicyRule> viewRules() {
    return BootstrapPolicy.policy().clusterRole("view").orElseThrow().getRules();
  }

  static Attributes.Resource widgets(UserInfo user, String verb) {
    return new Attributes.Resource(user, verb, SHOP, WIDGETS_GROUP, "v1", "widgets", "", "");
  }

  /** A RoleBinding in lab10-shop giving a newcomer a ClusterRole, as Lena would create it. */
  static RoleBinding bindingTo(String clusterRole) {
    return new RoleBindingBuilder()
        .withNewMetadata().withName("lab10-newcomer-" + clusterRole).withNamespace(SHOP).endMetadata()
        .addNewSubject().withKind("User").withName("lab10-newcomer").withApiGroup("rbac.authorization.k8s.io").endSubject()
        .withNewRoleRef().withKind("ClusterRole").withName(clusterRole).withApiGroup("rbac.authorization.k8s.io").endRoleRef()
        .build();
  }

  static List<PolicyRule> with(List<PolicyRule> a, List<PolicyRule> b) {
    List<PolicyRule> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static void assertAllowed(RbacPolicy policy, Attributes attributes) {
    Decision decision = authorizer(policy).authorize(attributes);
    assertThat(decision.isAllowed()).withFailMessage("expected %s to be allowed, but RBAC refuses it:%n  %s",
        Requests.describe(attributes), String.join("\n  ", Access.decidingLines(decision))).isTrue();
  }

  static void assertPassed(Verdict verdict) {
    assertThat(verdict.passed()).withFailMessage("%s", verdict.render()).isTrue();
  }

  /** Nothing cluster-wide and nothing in any namespace but {@code home}. */
  static void assertHoldsNothingOutside(RbacPolicy policy, Subject subject, String home) {
    for (String scope : everyScope(policy)) {
      if (!scope.equals(home)) {
        assertHolds(policy, subject, scope, List.of(), List.of());
      }
    }
  }

  /**
   * Where a grant can live: cluster-wide (""), the lab's namespaces, the cluster's own ones, and every
   * namespace the policy has a Role or RoleBinding in (a grant needs one of those, so none is missed).
   */
  static Set<String> everyScope(RbacPolicy policy) {
    return PolicyFacts.everyNamespace(policy, SHOP, MONITORING);
  }

  static boolean isExpected(io.fabric8.kubernetes.api.model.rbac.Subject s) {
    String kind = s.getKind();
    String name = s.getName();
    String ns = s.getNamespace();
    return ("Group".equals(kind) && Set.of("lab10-viewers", "lab10-support").contains(name))
        || ("User".equals(kind) && "lab10-lena".equals(name))
        || ("ServiceAccount".equals(kind) && (("shop".equals(name) && SHOP.equals(ns)) || ("prometheus".equals(name) && MONITORING.equals(ns))));
  }

  static List<io.fabric8.kubernetes.api.model.rbac.Subject> subjectsOf(HasMetadata object) {
    if (object instanceof RoleBinding rb) {
      return nz(rb.getSubjects());
    }
    if (object instanceof ClusterRoleBinding crb) {
      return nz(crb.getSubjects());
    }
    return List.of();
  }

  static List<PolicyRule> rulesOf(HasMetadata object) {
    if (object instanceof Role role) {
      return nz(role.getRules());
    }
    if (object instanceof ClusterRole role) {
      return nz(role.getRules());
    }
    return List.of();
  }

  static boolean hasWildcard(PolicyRule rule) {
    for (List<String> values : List.of(nz(rule.getVerbs()), nz(rule.getApiGroups()), nz(rule.getResources()), nz(rule.getNonResourceURLs()))) {
      for (String value : values) {
        if (value.contains("*")) {
          return true;
        }
      }
    }
    return false;
  }

  static String key(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + object.getMetadata().getName();
  }

  static <T> List<T> nz(List<T> list) {
    return list == null ? List.of() : list;
  }
}
