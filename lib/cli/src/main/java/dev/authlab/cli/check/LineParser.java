package dev.authlab.cli.check;

import dev.authlab.discovery.ApiResources;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.RuleSpec;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses the lines of an expectations file into the testkit's {@link Request}s and rules. A request
 * line reads like `kubectl auth can-i`'s arguments: {@code VERB TYPE[/SUBRESOURCE] [NAME] [-n NS | -A]}
 * or {@code VERB /URL}. A canOnly rule reads {@code VERBS TYPES [NAMES]} with comma-separated lists, or
 * {@code VERBS /URLS}. Unknown verbs are errors; unknown types are warnings (custom resources), as
 * kubectl warns. Mistakes are thrown as {@link LineException} with the reason only; the caller adds
 * where the line is.
 */
final class LineParser {

  static final Set<String> RESOURCE_VERBS =
      Set.of("*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate", "approve", "sign");
  static final Set<String> NON_RESOURCE_VERBS = Set.of("*", "get", "put", "post", "head", "options", "delete", "patch");

  /** A line that cannot be read; the message says why, without where. */
  static final class LineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineException(String message) {
      super(message);
    }
  }

  private final ApiResources resources;
  private final Consumer<String> warnings;

  LineParser(ApiResources resources, Consumer<String> warnings) {
    this.resources = resources;
    this.warnings = warnings;
  }

  /**
   * A `can`/`cannot` line.
   *
   * @param defaultNamespace the namespace when the line gives neither -n nor -A
   */
  Request request(String line, String defaultNamespace) {
    List<String> args = new ArrayList<>();
    Optional<String> namespace = Optional.empty();
    boolean allNamespaces = false;
    List<String> tokens = tokens(line);
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.equals("-n") || token.equals("--namespace")) {
        if (i + 1 >= tokens.size()) {
          throw new LineException(token + " needs a namespace");
        }
        namespace = Optional.of(tokens.get(++i));
      } else if (token.startsWith("--namespace=")) {
        namespace = Optional.of(token.substring("--namespace=".length()));
      } else if (token.equals("-A") || token.equals("--all-namespaces")) {
        allNamespaces = true;
      } else if (token.startsWith("-")) {
        throw new LineException("unknown flag " + token + " (lines take -n NS or -A)");
      } else {
        args.add(token);
      }
    }
    if (allNamespaces && namespace.isPresent()) {
      throw new LineException("-A and -n cannot be used together");
    }
    if (args.size() < 2 || args.size() > 3) {
      throw new LineException("expected VERB TYPE[/SUBRESOURCE] [NAME] [-n NS | -A] or VERB /URL");
    }
    String verb = args.get(0);
    String what = args.get(1);
    if (what.startsWith("/")) {
      if (args.size() == 3) {
        throw new LineException("a non-resource URL and a resource name cannot be given together");
      }
      if (namespace.isPresent() || allNamespaces) {
        throw new LineException("a non-resource URL has no namespace");
      }
      requireVerb(verb, NON_RESOURCE_VERBS);
      return Request.nonResource(verb, what);
    }
    requireVerb(verb, RESOURCE_VERBS);
    resolve(typeAndSubresource(what)[0]);
    Request request;
    try {
      request = Request.of(verb, what);
    } catch (IllegalArgumentException e) {
      throw new LineException(e.getMessage());
    }
    if (args.size() == 3) {
      request = request.named(args.get(2));
    }
    return request.in(allNamespaces ? "" : namespace.orElse(defaultNamespace));
  }

  /**
   * A canOnly rule, {@code VERBS TYPES [NAMES]} or {@code VERBS /URLS}, read by the testkit's {@link
   * RuleSpec} once the verbs and types are known good.
   */
  List<PolicyRule> rule(String line) {
    List<String> tokens = tokens(line);
    if (tokens.size() < 2 || tokens.size() > 3) {
      throw new LineException("expected VERBS TYPES [NAMES] (comma-separated lists), e.g. \"get,list,watch pods,pods/log\", or VERBS /URLS");
    }
    List<String> verbs = commaList(tokens.get(0));
    List<String> whats = commaList(tokens.get(1));
    boolean urls = whats.get(0).startsWith("/");
    for (String what : whats) {
      if (what.startsWith("/") != urls) {
        throw new LineException("'" + what + "': give URLs and resource types in separate rules");
      }
      if (!urls && !what.startsWith("*")) {
        resolve(typeAndSubresource(what)[0]);
      }
    }
    if (urls && tokens.size() == 3) {
      throw new LineException("non-resource URLs take no names");
    }
    if (tokens.size() == 3) {
      commaList(tokens.get(2));
    }
    verbs.forEach(v -> requireVerb(v, urls ? NON_RESOURCE_VERBS : RESOURCE_VERBS));
    try {
      return RuleSpec.parse(line);
    } catch (IllegalArgumentException e) {
      throw new LineException(e.getMessage());
    }
  }

  private ApiResources.Resolution resolve(String type) {
    ApiResources.Resolution resolution = resources.resolve(type);
    if (resolution instanceof ApiResources.Resolution.Unknown unknown && !unknown.warning().isEmpty()) {
      warnings.accept(unknown.warning());
    }
    return resolution;
  }

  private static String[] typeAndSubresource(String what) {
    int slash = what.indexOf('/');
    if (slash < 0) {
      return new String[] {what, ""};
    }
    String type = what.substring(0, slash);
    String sub = what.substring(slash + 1);
    if (type.isEmpty() || sub.isEmpty() || sub.contains("/")) {
      throw new LineException("'" + what + "' is not TYPE/SUBRESOURCE, e.g. pods/log");
    }
    return new String[] {type, sub};
  }

  /** Unknown verbs are errors, not warnings as in kubectl: a misspelt verb would make a `cannot` pass. */
  private static void requireVerb(String verb, Set<String> known) {
    if (!known.contains(verb)) {
      throw new LineException("'" + verb + "' is not a known verb");
    }
  }

  private static List<String> tokens(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
  }

  private static List<String> commaList(String token) {
    List<String> items = new ArrayList<>();
    for (String item : token.split(",", -1)) {
      if (item.isEmpty()) {
        throw new LineException("'" + token + "' has an empty item");
      }
      items.add(item);
    }
    return items;
  }
}
