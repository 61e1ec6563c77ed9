package dev.authlab.bench;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacExplanation;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.WhoCan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an RBAC decision costs as the policy grows. Each trial builds a policy of {@code bindings}
 * unrelated RoleBindings and ClusterRoleBindings (see {@link PolicyGenerator}) plus alice's two, then
 * asks:
 *
 * <ul>
 *   <li>{@link #allowViaRoleBinding}: alice creates a deployment in team-a (her RoleBinding; her
 *       ClusterRoleBinding's rules are visited first and miss);
 *   <li>{@link #allowViaClusterRoleBinding}: alice lists nodes (her ClusterRoleBinding, through her group);
 *   <li>{@link #denyWithNearMisses}: alice deletes a pod in team-a; no rule allows it, so the
 *       authorizer also builds the explanation with every near miss among her bindings;
 *   <li>{@link #denyUnknownUser}: mallory, whom no binding names, gets a pod in team-a;
 *   <li>{@link #whoCanNamespaced}: who can get pods in team-a (every ClusterRoleBinding and every
 *       RoleBinding of team-a must be considered, so this one grows with the policy);
 *   <li>{@link #buildPolicy}: RbacPolicy.builder().addAll(objects).build(), copies and indexes included.
 * </ul>
 *
 * <p>Run with {@code scripts/bench}; figures in docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RbacAuthorizerBenchmark {

  @Param({"10", "1000", "10000"})
  public int bindings;

  private List<HasMetadata> objects;
  private RbacAuthorizer authorizer;
  private WhoCan whoCan;

  private Attributes allowViaRoleBinding;
  private Attributes allowViaClusterRoleBinding;
  private Attributes denyWithNearMisses;
  private Attributes denyUnknownUser;
  private Attributes whoCanRequest;

  @Setup(Level.Trial)
  public void setUp() {
    objects = PolicyGenerator.generate(bindings);
    RbacPolicy policy = RbacPolicy.builder().addAll(objects).build();
    authorizer = new RbacAuthorizer(policy);
    whoCan = new WhoCan(policy);

    UserInfo alice = UserInfo.of(PolicyGenerator.USER, PolicyGenerator.USER_GROUP, UserInfo.ALL_AUTHENTICATED);
    UserInfo mallory = UserInfo.of(PolicyGenerator.UNKNOWN_USER, UserInfo.ALL_AUTHENTICATED);
    allowViaRoleBinding = Attributes.resource(alice, "create", "deployments").inGroup("apps").inNamespace(PolicyGenerator.NAMESPACE);
    allowViaClusterRoleBinding = Attributes.resource(alice, "list", "nodes");
    denyWithNearMisses = Attributes.resource(alice, "delete", "pods").inNamespace(PolicyGenerator.NAMESPACE).named("web-0");
    denyUnknownUser = Attributes.resource(mallory, "get", "pods").inNamespace(PolicyGenerator.NAMESPACE).named("web-0");
    whoCanRequest = Attributes.resource(mallory, "get", "pods").inNamespace(PolicyGenerator.NAMESPACE);

    // The benchmarks must measure what their names say.
    check(policy.roleBindings().size() + policy.clusterRoleBindings().size() == bindings + 2, "binding count");
    Decision viaRb = authorizer.authorize(allowViaRoleBinding);
    check(viaRb.isAllowed() && viaRb.reason().contains("alice-edit"), "allowViaRoleBinding allowed by alice-edit: " + viaRb.reason());
    Decision viaCrb = authorizer.authorize(allowViaClusterRoleBinding);
    check(viaCrb.isAllowed() && viaCrb.reason().contains("alice-view-nodes"), "allowViaClusterRoleBinding allowed by alice-view-nodes: " + viaCrb.reason());
    Decision denied = authorizer.authorize(denyWithNearMisses);
    check(!denied.isAllowed()
        && denied.explanation() instanceof RbacExplanation.NotGranted n && n.nearMissCount() > 0 && n.errors().isEmpty(),
        "denyWithNearMisses denied with near misses and no errors");
    Decision unknown = authorizer.authorize(denyUnknownUser);
    check(!unknown.isAllowed()
        && unknown.explanation() instanceof RbacExplanation.NotGranted n && n.nearMissCount() == 0,
        "denyUnknownUser denied with no near misses");
    check(whoCan.find(whoCanRequest).grants().size() > 1, "who-can finds grants");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark set-up is wrong: " + what);
    }
  }

  @Benchmark
  public Decision allowViaRoleBinding() {
    return authorizer.authorize(allowViaRoleBinding);
  }

  @Benchmark
  public Decision allowViaClusterRoleBinding() {
    return authorizer.authorize(allowViaClusterRoleBinding);
  }

  @Benchmark
  public Decision denyWithNearMisses() {
    return authorizer.authorize(denyWithNearMisses);
  }

  @Benchmark
  public Decision denyUnknownUser() {
    return authorizer.authorize(denyUnknownUser);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public WhoCan.Result whoCanNamespaced() {
    return whoCan.find(whoCanRequest);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public RbacPolicy buildPolicy() {
    return RbacPolicy.builder().addAll(objects).build();
  }
}
