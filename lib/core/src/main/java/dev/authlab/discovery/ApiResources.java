package dev.authlab.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in resources of the pinned Kubernetes version, as discovery reports them, and kubectl's
 * way of turning what a user types (po, deploy, deployments.apps, Deployment) into a group and a
 * resource. Loaded from data shipped in the jar; no cluster is asked.
 */
public final class ApiResources {

  private static final String DATA = "/dev/authlab/discovery/api-resources.tsv";

  private final List<ApiResource> resources;

  public ApiResources(List<ApiResource> resources) {
    this.resources = List.copyOf(resources);
  }

  /** The built-in resources of the pinned Kubernetes version. */
  public static ApiResources builtIn() {
    return Holder.BUILT_IN;
  }

  public List<ApiResource> all() {
    return resources;
  }

  /** What a TYPE argument resolved to: a known resource, or the argument as typed with a warning, as kubectl does. */
  public sealed interface Resolution {
    String group();

    String resource();

    record Known(ApiResource apiResource) implements Resolution {
      @Override
      public String group() {
        return apiResource.group();
      }

      @Override
      public String resource() {
        return apiResource.name();
      }
    }

    record Unknown(String group, String resource, String warning) implements Resolution {}
  }

  /**
   * Resolves a resource argument as `kubectl auth can-i` does: lower-cased; "resource.group" or
   * "resource.version.group"; plural, singular or short name. "*" stays "*" in the core group. An
   * unknown type is used as typed, in the core group, with kubectl's warning (none for users and
   * groups, which are impersonation resources that discovery does not list).
   */
  public Resolution resolve(String argument) {
    if (argument.equals("*")) {
      return new Resolution.Unknown("", "*", "");
    }
    String lower = argument.toLowerCase(Locale.ROOT);
    if (countDots(lower) >= 2) {
      String[] parts = lower.split("\\.", 3);
      Optional<ApiResource> exact = find(parts[0], Optional.of(parts[2]), Optional.of(parts[1]));
      if (exact.isPresent()) {
        return new Resolution.Known(exact.get());
      }
    }
    int dot = lower.indexOf('.');
    String resource = dot >= 0 ? lower.substring(0, dot) : lower;
    Optional<String> group = dot >= 0 ? Optional.of(lower.substring(dot + 1)) : Optional.empty();
    Optional<ApiResource> found = find(resource, group, Optional.empty());
    if (found.isPresent()) {
      return new Resolution.Known(found.get());
    }
    String warning;
    if (List.of("users", "groups").contains(dot >= 0 ? lower : resource) && group.isEmpty()) {
      warning = "";
    } else if (group.isEmpty()) {
      warning = "Warning: the server doesn't have a resource type '" + resource + "'";
    } else {
      warning = "Warning: the server doesn't have a resource type '" + resource + "' in group '" + group.get() + "'";
    }
    return new Resolution.Unknown("", argument, warning);
  }

  /** The resource with this plural name in this group, if the version serves it. */
  public Optional<ApiResource> lookup(String group, String resource) {
    return resources.stream().filter(r -> r.group().equals(group) && r.name().equals(resource)).findFirst();
  }

  private Optional<ApiResource> find(String name, Optional<String> group, Optional<String> version) {
    List<ApiResource> candidates = new ArrayList<>();
    for (ApiResource r : resources) {
      if (group.isPresent() && !r.group().equals(group.get())) {
        continue;
      }
      if (version.isPresent() && !r.version().equals(version.get())) {
        continue;
      }
      if (r.name().equals(name) || r.singularName().equals(name) || r.shortNames().contains(name)) {
        candidates.add(r);
      }
    }
    // The core group wins a tie (events is both core and events.k8s.io), then discovery order.
    return candidates.stream().filter(r -> r.group().isEmpty()).findFirst().or(() -> candidates.stream().findFirst());
  }

  private static int countDots(String s) {
    return (int) s.chars().filter(c -> c == '.').count();
  }

  static List<ApiResource> parse(InputStream in) throws IOException {
    List<ApiResource> parsed = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split("\t", -1);
        parsed.add(new ApiResource(f[0], split(f[1]), f[2], f[3], Boolean.parseBoolean(f[4]), f[5], split(f[6])));
      }
    }
    return parsed;
  }

  private static List<String> split(String csv) {
    return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
  }

  /** Loads the shipped data once, on first use. */
  private static final class Holder {
    static final ApiResources BUILT_IN = load();

    private static ApiResources load() {
      try (InputStream in = ApiResources.class.getResourceAsStream(DATA)) {
        if (in == null) {
          throw new IllegalStateException("discovery data " + DATA + " is missing from the kit's jar");
        }
        return new ApiResources(parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read discovery data " + DATA, e);
      }
    }
  }
}
