package dev.authlab.cluster.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.SubjectAccessReviewer;
import dev.authlab.authz.rbac.ClusterRoleAggregator;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.manifest.ManifestWriter;
import dev.authlab.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generators alone: deterministic, valid for the API server, and varied enough to be worth running. */
class RandomRbacPolicyTest {

  private static final List<Long> SEEDS = List.of(1L, 2L, 3L, 42L, 4711L, -7L, 123456789L, 99L, 5L, 6L, 8L, 11L, 20250101L, 1000L, 1001L, 1002L);

  @Test
  void theSameSeedGivesTheSamePolicyAndReviews() {
    RandomRbacPolicy a = RandomRbacPolicy.generate(42);
    RandomRbacPolicy b = RandomRbacPolicy.generate(42);
    assertThat(ManifestWriter.writeList(a.allObjects(), ManifestWriter.Format.YAML))
        .isEqualTo(ManifestWriter.writeList(b.allObjects(), ManifestWriter.Format.YAML));
    LibraryReviewer library = LibraryReviewer.withBootstrap(a.allObjects());
    assertThat(RandomAccessReviews.generate(a, library.policy(), 42, 300))
        .isEqualTo(RandomAccessReviews.generate(b, library.policy(), 42, 300));
    assertThat(ManifestWriter.writeList(RandomRbacPolicy.generate(43).allObjects(), ManifestWriter.Format.YAML))
        .isNotEqualTo(ManifestWriter.writeList(a.allObjects(), ManifestWriter.Format.YAML));
  }

  @Test
  void everyObjectPassesTheApiServersValidationAsTheLibraryModelsIt() {
    for (long seed : SEEDS) {
      RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
      String yaml = ManifestWriter.writeList(policy.allObjects(), ManifestWriter.Format.YAML);
      ManifestSet parsed = Manifests.parse("seed " + seed, yaml);
      assertThat(parsed.objects()).as("seed %d", seed).hasSize(policy.allObjects().size());
      assertThat(parsed.notes()).as("seed %d", seed).isEmpty();
      assertThat(policy.namespaces()).hasSizeBetween(3, 5).allSatisfy(ns -> assertThat(ns).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThan(64));
    }
  }

  @Test
  void policiesOfDifferentSeedsNeverShareANameOrANamespace() {
    Set<String> seen = new HashSet<>();
    for (long seed : SEEDS) {
      for (HasMetadata object : RandomRbacPolicy.generate(seed).allObjects()) {
        String key = object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        assertThat(seen.add(key)).as("%s of seed %d", key, seed).isTrue();
      }
    }
  }

  @Test
  void policiesCoverWhatTheBriefAsksFor() {
    Set<String> seen = new HashSet<>();
    for (long seed : SEEDS) {
      RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
      Set<String> roleNames = new HashSet<>();
      for (HasMetadata object : policy.objects()) {
        if (object instanceof Role role) {
          roleNames.add("Role/" + role.getMetadata().getNamespace() + "/" + role.getMetadata().getName());
          role.getRules().forEach(rule -> features(rule, seen));
        } else if (object instanceof ClusterRole role) {
          roleNames.add("ClusterRole/" + role.getMetadata().getName());
          if (role.getAggregationRule() != null) {
            seen.add("aggregated");
            for (LabelSelector selector : role.getAggregationRule().getClusterRoleSelectors()) {
              if (selector.getMatchExpressions() != null) {
                selector.getMatchExpressions().forEach(e -> seen.add("operator " + e.getOperator()));
              }
              if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
                seen.add("matchLabels");
              }
            }
          }
          if (role.getRules() != null) {
            role.getRules().forEach(rule -> features(rule, seen));
          }
          if (role.getMetadata().getLabels() != null
              && role.getMetadata().getLabels().keySet().stream().anyMatch(k -> k.startsWith(RandomRbacPolicy.BOOTSTRAP_AGGREGATE_LABEL))) {
            seen.add("bootstrap aggregation label");
          }
        }
      }
      for (HasMetadata object : policy.objects()) {
        if (object instanceof RoleBinding binding) {
          String ref = binding.getRoleRef().getKind().equals("Role")
              ? "Role/" + binding.getMetadata().getNamespace() + "/" + binding.getRoleRef().getName()
              : "ClusterRole/" + binding.getRoleRef().getName();
          if (!roleNames.contains(ref) && !RandomRbacPolicy.BOOTSTRAP_CLUSTER_ROLES.contains(binding.getRoleRef().getName())) {
            seen.add("RoleBinding to a missing " + binding.getRoleRef().getKind());
          }
          binding.getSubjects().forEach(s -> subjectFeatures(s, seen));
        } else if (object instanceof ClusterRoleBinding binding) {
          if (!roleNames.contains("ClusterRole/" + binding.getRoleRef().getName())
              && !RandomRbacPolicy.BOOTSTRAP_CLUSTER_ROLES.contains(binding.getRoleRef().getName())) {
            seen.add("ClusterRoleBinding to a missing ClusterRole");
          }
          binding.getSubjects().forEach(s -> subjectFeatures(s, seen));
        }
      }
    }
    assertThat(seen)
        .contains(
            "verb *", "odd verb", "apiGroup *", "core group", "resource *", "resource */sub", "subresource", "resourceNames",
            "nonResourceURL", "nonResourceURL ending in *", "nonResourceURL *", "aggregated", "matchLabels", "operator In",
            "operator Exists", "operator DoesNotExist", "operator NotIn", "bootstrap aggregation label", "RoleBinding to a missing Role",
            "RoleBinding to a missing ClusterRole", "ClusterRoleBinding to a missing ClusterRole", "User", "Group",
            "ServiceAccount with namespace", "ServiceAccount without namespace", "ServiceAccount in a namespace with a colon",
            "User with namespace", "empty verb", "empty resource", "resource */*", "relative nonResourceURL");
  }

  private static void features(PolicyRule rule, Set<String> seen) {
    for (String verb : orEmpty(rule.getVerbs())) {
      seen.add(verb.equals("*") ? "verb *" : RandomRbacPolicy.ODD_VERBS.contains(verb) ? "odd verb" : verb.isEmpty() ? "empty verb" : "verb");
    }
    for (String group : orEmpty(rule.getApiGroups())) {
      seen.add(group.equals("*") ? "apiGroup *" : group.isEmpty() ? "core group" : "named group");
    }
    for (String resource : orEmpty(rule.getResources())) {
      if (resource.equals("*")) {
        seen.add("resource *");
      } else if (resource.isEmpty()) {
        seen.add("empty resource");
      } else if (resource.equals("*/*")) {
        seen.add("resource */*");
      } else if (resource.startsWith("*/")) {
        seen.add("resource */sub");
      } else if (resource.contains("/")) {
        seen.add("subresource");
      }
    }
    if (!orEmpty(rule.getResourceNames()).isEmpty()) {
      seen.add("resourceNames");
    }
    for (String url : orEmpty(rule.getNonResourceURLs())) {
      seen.add("nonResourceURL");
      if (url.equals("*")) {
        seen.add("nonResourceURL *");
      } else if (url.endsWith("*")) {
        seen.add("nonResourceURL ending in *");
      }
      if (!url.startsWith("/") && !url.equals("*")) {
        seen.add("relative nonResourceURL");
      }
    }
  }

  private static void subjectFeatures(Subject subject, Set<String> seen) {
    if (subject.getKind().equals("ServiceAccount")) {
      seen.add(subject.getNamespace() == null ? "ServiceAccount without namespace" : "ServiceAccount with namespace");
      if (RandomRbacPolicy.COLON_NAMESPACE.equals(subject.getNamespace())) {
        seen.add("ServiceAccount in a namespace with a colon");
      }
    } else {
      seen.add(subject.getKind() + (subject.getNamespace() == null ? "" : " with namespace"));
    }
  }

  @Test
  void aggregationIsAcyclicSoTheControllerHasOneFixedPoint() {
    for (long seed : SEEDS) {
      List<ClusterRole> all = new ArrayList<>();
      for (HasMetadata object : RandomRbacPolicy.generate(seed).objects()) {
        if (object instanceof ClusterRole role) {
          all.add(role);
        }
      }
      Map<String, Set<String>> feeds = new HashMap<>();
      for (ClusterRole target : all) {
        if (target.getAggregationRule() == null) {
          continue;
        }
        for (ClusterRole part : all) {
          Map<String, String> labels = part.getMetadata().getLabels() == null ? Map.of() : part.getMetadata().getLabels();
          boolean selected = target.getAggregationRule().getClusterRoleSelectors().stream().anyMatch(s -> ClusterRoleAggregator.matches(s, labels));
          if (selected && part != target) {
            feeds.computeIfAbsent(part.getMetadata().getName(), k -> new HashSet<>()).add(target.getMetadata().getName());
          }
        }
      }
      for (String start : feeds.keySet()) {
        assertThat(reachable(start, feeds)).as("seed %d: %s feeds itself", seed, start).doesNotContain(start);
      }
      for (ClusterRole aggregated : RandomRbacPolicy.generate(seed).aggregatedClusterRoles()) {
        assertThat(feeds.values().stream().anyMatch(targets -> targets.contains(aggregated.getMetadata().getName())))
            .as("seed %d: something feeds %s", seed, aggregated.getMetadata().getName())
            .isTrue();
      }
    }
  }

  private static Set<String> reachable(String from, Map<String, Set<String>> edges) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(edges.getOrDefault(from, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(edges.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }

  @Test
  void reviewsAreValidAvoidNodeIdentitiesAndHitTheRulesOften() {
    int allowed = 0;
    int total = 0;
    int nonResource = 0;
    int cluster = 0;
    Set<String> verbs = new HashSet<>();
    Set<String> groups = new HashSet<>();
    for (long seed : SEEDS) {
      RandomRbacPolicy policy = RandomRbacPolicy.generate(seed);
      LibraryReviewer library = LibraryReviewer.withBootstrap(policy.allObjects());
      for (SubjectAccessReview review : RandomAccessReviews.generate(policy, library.policy(), seed, 500)) {
        total++;
        assertThat(SubjectAccessReviewer.validate(review)).as("%s", review).isEmpty();
        String user = review.getSpec().getUser() == null ? "" : review.getSpec().getUser();
        assertThat(user).doesNotStartWith("system:node:");
        assertThat(orEmpty(review.getSpec().getGroups())).doesNotContain("system:nodes");
        if (library.review(review).answer().allowed()) {
          allowed++;
        }
        if (review.getSpec().getNonResourceAttributes() != null) {
          nonResource++;
          verbs.add(review.getSpec().getNonResourceAttributes().getVerb());
        } else {
          verbs.add(review.getSpec().getResourceAttributes().getVerb());
          groups.add(review.getSpec().getResourceAttributes().getGroup());
          String ns = review.getSpec().getResourceAttributes().getNamespace();
          if (ns == null || ns.isEmpty()) {
            cluster++;
          }
        }
      }
    }
    assertThat(allowed).as("allowed of %d", total).isBetween(total / 5, total * 4 / 5);
    assertThat(nonResource).isGreaterThan(total / 10);
    assertThat(cluster).isGreaterThan(total / 20);
    assertThat(verbs).contains("*", "get", "escalate", "frobnicate");
    assertThat(groups).contains("", "apps", "widgets.example.com");
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
