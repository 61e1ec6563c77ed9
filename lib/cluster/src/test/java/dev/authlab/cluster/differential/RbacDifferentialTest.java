package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.extension.WithControlPlane;
import dev.authlab.manifest.ManifestWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The library and a real kube-apiserver on the same RBAC input: the bootstrap policy, then seeded
 * random policies ({@link RandomRbacPolicy}) created on the cluster and loaded into the library, then
 * thousands of SubjectAccessReviews ({@link RandomAccessReviews}) sent to both.
 *
 * <p>Seeds: {@code -Ddifferential.seeds=1,2,3}; by default two fixed seeds and one new one per run
 * (printed, and recorded in every written case). {@code -Ddifferential.reviews=N} sends N reviews in
 * all (at least {@value #MINIMUM_REVIEWS}), spread over the seeds. Every disagreement is written to
 * {@code lib/cluster/target/differential/} as a case {@link ReplayDisagreementTest} replays without a
 * cluster. The control plane is this class's own: the policies change the bootstrap view, edit and
 * admin roles through aggregation.
 */
@Tag("cluster")
@WithControlPlane(sharing = WithControlPlane.Sharing.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RbacDifferentialTest {

  static final List<Long> FIXED_SEEDS = List.of(20250101L, 7L);
  static final int MINIMUM_REVIEWS = 2400;
  static final int THREADS = 6;
  static final Duration AGGREGATION_DEADLINE = Duration.ofSeconds(30);
  static final Duration SENTINEL_DEADLINE = Duration.ofSeconds(15);
  static final Duration POLL = Duration.ofMillis(100);

  @Test
  @Order(1)
  void theClusterStartsWithTheLibrarysBootstrapPolicy(ControlPlane cp) {
    Map<String, String> library = canonical(BootstrapPolicy.policy());
    // the aggregation controller may still be filling admin, edit and view
    long deadline = System.nanoTime() + AGGREGATION_DEADLINE.toNanos();
    List<String> differences = bootstrapDifferences(cp.adminClient(), library);
    while (!differences.isEmpty() && System.nanoTime() < deadline) {
      sleep(POLL);
      differences = bootstrapDifferences(cp.adminClient(), library);
    }
    System.out.println("bootstrap policy: " + (library.size() - differences.size()) + " objects agree, " + differences.size() + " differ");
    assertThat(differences).as("bootstrap RBAC objects that differ between the cluster (%s) and the library (%s)",
        cp.kubernetesVersion(), BootstrapPolicy.kubernetesVersion()).isEmpty();
  }

  private static List<String> bootstrapDifferences(KubernetesClient admin, Map<String, String> library) {
    Map<String, String> cluster = new TreeMap<>();
    admin.rbac().clusterRoles().list().getItems().forEach(r -> cluster.put("ClusterRole " + name(r), rulesKey(r.getRules())));
    admin.rbac().clusterRoleBindings().list().getItems().forEach(b -> cluster.put("ClusterRoleBinding " + name(b), bindingKey(b.getRoleRef(), b.getSubjects())));
    admin.rbac().roles().inAnyNamespace().list().getItems().forEach(r -> cluster.put("Role " + nsName(r), rulesKey(r.getRules())));
    admin.rbac().roleBindings().inAnyNamespace().list().getItems().forEach(b -> cluster.put("RoleBinding " + nsName(b), bindingKey(b.getRoleRef(), b.getSubjects())));
    List<String> differences = new ArrayList<>();
    for (String key : union(cluster, library)) {
      String c = cluster.get(key);
      String l = library.get(key);
      if (!Objects.equals(c, l)) {
        differences.add(key + ":\n    cluster: " + (c == null ? "(absent)" : c) + "\n    library: " + (l == null ? "(absent)" : l));
      }
    }
    return differences;
  }

  private static Map<String, String> canonical(RbacPolicy policy) {
    Map<String, String> out = new TreeMap<>();
    policy.clusterRoles().forEach(r -> out.put("ClusterRole " + name(r), rulesKey(r.getRules())));
    policy.clusterRoleBindings().forEach(b -> out.put("ClusterRoleBinding " + name(b), bindingKey(b.getRoleRef(), b.getSubjects())));
    policy.roles().forEach(r -> out.put("Role " + nsName(r), rulesKey(r.getRules())));
    policy.roleBindings().forEach(b -> out.put("RoleBinding " + nsName(b), bindingKey(b.getRoleRef(), b.getSubjects())));
    return out;
  }

  @Test
  @Order(2)
  void theLibraryAndTheApiServerAgreeOnRandomPolicies(ControlPlane cp) {
    long started = System.nanoTime();
    List<Long> seeds = seeds();
    int wanted = Math.max(MINIMUM_REVIEWS, Integer.getInteger("differential.reviews", MINIMUM_REVIEWS));
    int perSeed = (wanted + seeds.size() - 1) / seeds.size();
    System.out.println("RBAC differential: seeds " + seeds + " (rerun with -Ddifferential.seeds=" + join(seeds) + "), "
        + perSeed + " reviews each");
    KubernetesClient admin = cp.adminClient();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<HasMetadata> applied = new ArrayList<>();
    List<Long> seedsSoFar = new ArrayList<>();
    RbacDifferential.Result total = RbacDifferential.Result.empty();
    List<String> problems = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try {
      for (long seed : seeds) {
        long seedStart = System.nanoTime();
        seedsSoFar.add(seed);
        RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
        createAll(pool, admin, new ArrayList<>(policy.namespaceObjects()));
        createAll(pool, admin, policy.objects());
        applied.addAll(policy.objects());
        LibraryReviewer library = LibraryReviewer.withBootstrap(applied);
        List<String> unaggregated = awaitAggregation(admin, library.policy());
        if (!unaggregated.isEmpty()) {
          Path file = writeAggregationCase(seedsSoFar, unaggregated, applied);
          written.add(file);
          problems.add("seed " + seed + ": aggregated ClusterRoles differ after " + AGGREGATION_DEADLINE.toSeconds() + " s: "
              + String.join("; ", unaggregated) + " (" + file + ")");
        }
        createAll(pool, admin, policy.sentinels());
        applied.addAll(policy.sentinels());
        library = LibraryReviewer.withBootstrap(applied);
        awaitSentinels(cp, policy);

        List<SubjectAccessReview> reviews = RandomAccessReviews.generate(policy, library.policy(), seed, perSeed);
        RbacDifferential.Result result = RbacDifferential.run(reviews, review -> ReviewAnswer.of(cp.review(review)), library, THREADS);
        System.out.printf("  seed %d (%s): %s (%d allowed by both, %d objects, %s)%n", seed, policy.tag(), result.summary(),
            result.allowedByBoth(), policy.allObjects().size(), seconds(System.nanoTime() - seedStart));
        for (RbacDifferential.Outcome outcome : result.disagreements()) {
          System.out.println("    #" + outcome.index() + " " + outcome.why().orElse("") + "\n      " + oneLine(outcome.review()));
        }
        written.addAll(RbacDifferential.write(result.disagreements(), seedsSoFar, applied, ReplayDisagreementTest.defaultDirectory()));
        total = total.plus(result);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(total.summary() + " (" + seeds.size() + " seeds, " + seconds(System.nanoTime() - started) + ")");
    if (!written.isEmpty()) {
      System.out.println("cases written: " + written);
    }
    assertThat(total.agree() + total.disagree()).isGreaterThanOrEqualTo(2000);
    List<String> all = new ArrayList<>(problems);
    for (RbacDifferential.Outcome outcome : total.disagreements()) {
      all.add(outcome.why().orElse("") + " for " + oneLine(outcome.review()));
    }
    assertThat(all).as("%s; cases in %s", total.summary(), ReplayDisagreementTest.defaultDirectory()).isEmpty();
  }

  // ---- seeds

  static List<Long> seeds() {
    String given = System.getProperty("differential.seeds", "");
    if (!given.isBlank()) {
      List<Long> seeds = new ArrayList<>();
      for (String part : given.split(",")) {
        seeds.add(Long.parseLong(part.strip()));
      }
      return seeds;
    }
    List<Long> seeds = new ArrayList<>(FIXED_SEEDS);
    seeds.add(Math.abs(System.nanoTime() % 1_000_000_000L));
    return seeds;
  }

  // ---- applying objects

  /** Creates the objects a few at a time; an error names the object. */
  static void createAll(ExecutorService pool, KubernetesClient admin, List<? extends HasMetadata> objects) {
    List<Future<?>> futures = new ArrayList<>();
    for (HasMetadata object : objects) {
      futures.add(pool.submit(() -> {
        try {
          admin.resource(object).create();
        } catch (RuntimeException e) {
          throw new IllegalStateException("the API server refused " + object.getKind() + " " + nsName(object) + ": " + e.getMessage(), e);
        }
      }));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating objects", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * Polls until every ClusterRole with an aggregationRule has, on the cluster, the rules the library
   * computes for it (as a set: rule order is not something authorization sees). Returns the roles
   * that still differ at the deadline, with both sides.
   */
  static List<String> awaitAggregation(KubernetesClient admin, RbacPolicy library) {
    Map<String, String> expected = new TreeMap<>();
    for (ClusterRole role : library.clusterRoles()) {
      if (role.getAggregationRule() != null) {
        expected.put(name(role), rulesKey(role.getRules()));
      }
    }
    long deadline = System.nanoTime() + AGGREGATION_DEADLINE.toNanos();
    while (true) {
      Map<String, String> actual = new LinkedHashMap<>();
      for (ClusterRole role : admin.rbac().clusterRoles().list().getItems()) {
        actual.put(name(role), rulesKey(role.getRules()));
      }
      List<String> differing = new ArrayList<>();
      expected.forEach((name, rules) -> {
        if (!rules.equals(actual.get(name))) {
          differing.add(name + ": cluster " + actual.get(name) + ", library " + rules);
        }
      });
      if (differing.isEmpty() || System.nanoTime() > deadline) {
        return differing;
      }
      sleep(POLL);
    }
  }

  /** Waits until the authorizer sees the sentinels, and with them everything created before. */
  static void awaitSentinels(ControlPlane cp, RandomRbacPolicy policy) {
    List<SubjectAccessReview> probes = List.of(sentinelProbe(policy.sentinelClusterUser(), ""),
        sentinelProbe(policy.sentinelNamespaceUser(), policy.sentinelNamespace()));
    long deadline = System.nanoTime() + SENTINEL_DEADLINE.toNanos();
    for (SubjectAccessReview probe : probes) {
      while (!Boolean.TRUE.equals(cp.review(probe).getAllowed())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the API server's authorizer did not see the sentinel objects of seed " + policy.seed()
              + " within " + SENTINEL_DEADLINE.toSeconds() + " s");
        }
        sleep(POLL);
      }
    }
  }

  private static SubjectAccessReview sentinelProbe(String user, String namespace) {
    return new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(user)
        .withNewResourceAttributes()
        .withVerb("get")
        .withGroup("sentinel.authlab.dev")
        .withResource("sentinels")
        .withNamespace(namespace.isEmpty() ? null : namespace)
        .endResourceAttributes()
        .endSpec()
        .build();
  }

  private static Path writeAggregationCase(List<Long> seeds, List<String> differing, List<HasMetadata> objects) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("apiVersion", DifferentialCase.API_VERSION);
    header.put("kind", "AggregationDifference");
    header.put("seeds", seeds);
    header.put("differences", differing);
    String yaml = "# The clusterrole-aggregation controller and the library's ClusterRoleAggregator disagree.\n"
        + ManifestWriter.toYaml(header) + "---\n" + ManifestWriter.writeList(objects, ManifestWriter.Format.YAML);
    Path file = ReplayDisagreementTest.defaultDirectory().resolve("aggregation-" + RandomRbacPolicy.tagOf(seeds.get(seeds.size() - 1)) + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  // ---- canonical forms for comparing objects

  /** Rules as a sorted list of one-line rules; null lists and empty lists are the same. */
  static String rulesKey(List<PolicyRule> rules) {
    List<String> keys = new ArrayList<>();
    if (rules != null) {
      for (PolicyRule rule : rules) {
        keys.add("{verbs=" + nz(rule.getVerbs()) + " apiGroups=" + nz(rule.getApiGroups()) + " resources=" + nz(rule.getResources())
            + " resourceNames=" + nz(rule.getResourceNames()) + " nonResourceURLs=" + nz(rule.getNonResourceURLs()) + "}");
      }
    }
    keys.sort(null);
    return keys.toString();
  }

  static String bindingKey(io.fabric8.kubernetes.api.model.rbac.RoleRef ref, List<Subject> subjects) {
    List<String> keys = new ArrayList<>();
    if (subjects != null) {
      for (Subject s : subjects) {
        keys.add(s.getKind() + ":" + nz(s.getApiGroup()) + ":" + nz(s.getNamespace()) + ":" + s.getName());
      }
    }
    keys.sort(null);
    return ref.getKind() + "/" + ref.getName() + " " + keys;
  }

  private static List<String> nz(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }

  private static String nsName(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return (ns == null || ns.isEmpty() ? "" : ns + "/") + object.getMetadata().getName();
  }

  private static String oneLine(SubjectAccessReview review) {
    return ManifestWriter.toJson(review.getSpec()).replaceAll("\\s+", " ");
  }

  private static String join(List<Long> seeds) {
    return String.join(",", seeds.stream().map(String::valueOf).toList());
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the cluster", e);
    }
  }
}
