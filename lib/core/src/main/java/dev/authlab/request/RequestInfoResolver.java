package dev.authlab.request;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an HTTP method and URL into a {@link RequestInfo}, with the semantics of upstream's
 * {@code RequestInfoFactory.NewRequestInfo} (Kubernetes v1.34), which the API server runs on every
 * request before authentication and authorization.
 *
 * <p>In short: a path is a resource request when it starts with a configured API prefix and is long
 * enough ({@code /api/VERSION/RESOURCE...} or {@code /apis/GROUP/VERSION/RESOURCE...}); otherwise it
 * is a non-resource request whose verb is the lower-cased method. The method gives the verb
 * (POST create, GET/HEAD get, PUT update, PATCH patch, DELETE delete, anything else ""), unless the
 * path starts with the legacy {@code watch/} or {@code proxy/} segment, which then is the verb. A
 * get without a name becomes list or watch (the {@code watch} query parameter), a delete without a
 * name becomes deletecollection, and a list or watch may take its name from a
 * {@code metadata.name=} field selector.
 *
 * <p>Upstream behaviour is kept even where it surprises; the tests list those cases.
 */
public final class RequestInfoResolver {

  /** Upstream's defaults: the legacy core prefix and the group prefix. */
  public static final Set<String> DEFAULT_API_PREFIXES = Set.of("api", "apis");

  /** Prefixes followed directly by a version, with no group segment. */
  public static final Set<String> DEFAULT_GROUPLESS_API_PREFIXES = Set.of("api");

  // These four are fixed upstream as well: they describe the URL layout, not the configuration.
  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  private static final Set<String> VERBS_WITHOUT_SUBRESOURCES = Set.of("proxy");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  private static final Set<String> VERBS_WITH_SELECTORS =
      Set.of("list", "watch", "deletecollection");

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private final Set<String> apiPrefixes;
  private final Set<String> grouplessApiPrefixes;

  /** The API server's own setup: prefixes {@code api} and {@code apis}, {@code api} groupless. */
  public RequestInfoResolver() {
    this(DEFAULT_API_PREFIXES, DEFAULT_GROUPLESS_API_PREFIXES);
  }

  /**
   * A resolver for other prefixes, as upstream's RequestInfoFactory allows (aggregated servers use
   * the defaults, but the factory takes any sets). Prefixes are written without slashes.
   *
   * @param apiPrefixes first path segments that start a resource request
   * @param grouplessApiPrefixes those of them followed directly by a version
   */
  public RequestInfoResolver(Set<String> apiPrefixes, Set<String> grouplessApiPrefixes) {
    this.apiPrefixes = checkedPrefixes(apiPrefixes, "apiPrefixes");
    this.grouplessApiPrefixes = checkedPrefixes(grouplessApiPrefixes, "grouplessApiPrefixes");
  }

  public Set<String> apiPrefixes() {
    return apiPrefixes;
  }

  public Set<String> grouplessApiPrefixes() {
    return grouplessApiPrefixes;
  }

  /**
   * Resolves one request.
   *
   * @param method the HTTP method, case-sensitive as in HTTP ("GET"; "get" is a different, unknown
   *     method)
   * @param url a path with optional query ({@code /api/v1/pods?watch=1}), or an absolute http(s) URL
   * @throws IllegalArgumentException if the method is not an HTTP method token, the URL does not
   *     parse, or upstream itself fails on the path (a bare {@code .../watch} or {@code .../proxy},
   *     which the API server answers with 500)
   */
  public RequestInfo resolve(String method, String url) {
    checkMethod(method);
    RequestTarget target = RequestTarget.parse(url);
    String path = target.path();
    String methodVerb = method.toLowerCase(Locale.ROOT);

    List<String> segments = splitPath(path);
    if (segments.size() < 3 || !apiPrefixes.contains(segments.get(0))) {
      return RequestInfo.nonResource(path, methodVerb, "");
    }
    String apiPrefix = segments.get(0);
    List<String> rest = segments.subList(1, segments.size());

    String apiGroup = "";
    if (!grouplessApiPrefixes.contains(apiPrefix)) {
      if (rest.size() < 3) {
        // Upstream has already recorded the prefix by the time it finds the path too short.
        return RequestInfo.nonResource(path, methodVerb, apiPrefix);
      }
      apiGroup = rest.get(0);
      rest = rest.subList(1, rest.size());
    }
    String apiVersion = rest.get(0);
    rest = rest.subList(1, rest.size());

    String verb;
    boolean verbFromPath = SPECIAL_VERBS.contains(rest.get(0));
    if (verbFromPath) {
      if (rest.size() < 2) {
        throw new IllegalArgumentException(
            "cannot resolve "
                + method
                + " "
                + RequestTarget.printable(url)
                + ": nothing follows '"
                + rest.get(0)
                + "', so no resource can be determined (the API server answers 500)");
      }
      verb = rest.get(0);
      rest = rest.subList(1, rest.size());
    } else {
      verb = verbForMethod(method);
    }

    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      // namespaces/NS/status is the namespace's own subresource; namespaces/NS/pods is a resource.
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }

    List<String> parts = rest;
    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource =
        parts.size() >= 3 && !VERBS_WITHOUT_SUBRESOURCES.contains(verb) ? parts.get(2) : "";

    if (name.isEmpty() && verb.equals("get")) {
      Optional<ListQuery> listQuery = ListQuery.decode(target);
      boolean watch =
          listQuery.map(ListQuery::watch).orElseGet(() -> ListQuery.watchAfterFailedDecode(target));
      verb = watch ? "watch" : "list";
      name =
          listQuery
              .flatMap(q -> q.fieldSelector().exactMatch("metadata.name"))
              .filter(RequestInfoResolver::isValidPathSegmentName)
              .orElse("");
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }

    String fieldSelector = "";
    String labelSelector = "";
    // The legacy watch/ path form has single-object and collection variants, so upstream
    // records selectors only for the query form.
    if (!verbFromPath && VERBS_WITH_SELECTORS.contains(verb)) {
      fieldSelector = target.first("fieldSelector").orElse("");
      labelSelector = target.first("labelSelector").orElse("");
    }

    return new RequestInfo(
        true,
        path,
        verb,
        apiPrefix,
        apiGroup,
        apiVersion,
        namespace,
        resource,
        subresource,
        name,
        parts,
        fieldSelector,
        labelSelector);
  }

  private static String verbForMethod(String method) {
    return switch (method) {
      case "POST" -> "create";
      case "GET", "HEAD" -> "get";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> ""; // upstream has no verb for other methods on resource paths
    };
  }

  /** Slashes at both ends go; inner empty segments ("//") stay, as with Go's strings.Split. */
  static List<String> splitPath(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    if (start == end) {
      return List.of();
    }
    return Arrays.asList(path.substring(start, end).split("/", -1));
  }

  // Upstream's path segment rule for object names; a selector naming "..", or "a/b", names nothing.
  private static boolean isValidPathSegmentName(String name) {
    return !name.equals(".") && !name.equals("..") && !name.contains("/") && !name.contains("%");
  }

  // Go's http package accepts any RFC 7230 token as a method and refuses anything else.
  private static void checkMethod(String method) {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("HTTP method is missing: give one such as GET or PATCH");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      boolean token =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!token) {
        throw new IllegalArgumentException(
            "HTTP method "
                + RequestTarget.printable(method)
                + " is not a valid method token (letters, digits and !#$%&'*+-.^_`|~ only)");
      }
    }
  }

  private static Set<String> checkedPrefixes(Set<String> prefixes, String what) {
    if (prefixes == null) {
      throw new IllegalArgumentException(what + " is missing: give a set such as [api, apis]");
    }
    for (String prefix : prefixes) {
      if (prefix == null || prefix.isEmpty() || prefix.contains("/")) {
        throw new IllegalArgumentException(
            what + " entry " + (prefix == null ? "null" : RequestTarget.printable(prefix))
                + " is not a single path segment: write prefixes without slashes, e.g. \"apis\"");
      }
    }
    return Set.copyOf(prefixes);
  }
}
