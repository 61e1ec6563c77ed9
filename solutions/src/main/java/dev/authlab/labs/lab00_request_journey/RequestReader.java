package dev.authlab.labs.lab00_request_journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lab 00, part 1: read a request the way the API server does, before it knows who is asking.
 *
 * <p>Given an HTTP method ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
 * and a URL path with an optional query ({@code /api/v1/namespaces/team-a/pods?watch=true}), say
 * what is asked for as an {@link Asked}. The graded checks compare your answers with the kit's
 * {@code dev.authlab.request.RequestInfoResolver}, which follows the API server's own code, on a
 * table of requests: get vs list vs watch, create/update/patch/delete vs deletecollection, the core
 * group vs named groups, namespaced vs cluster-scoped objects, subresources, and non-resource paths.
 *
 * <p>Work it out yourself: do not call {@code RequestInfoResolver} here (run it in the notebook or
 * with {@code ./authlab request METHOD PATH} to see what it says instead). You do not need the
 * legacy {@code /api/v1/watch/...} form or the {@code proxy} verb.
 */
public final class RequestReader {

  // namespaces/NS/status and namespaces/NS/finalize belong to the namespace object itself
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  // the spellings of "true" Go's strconv.ParseBool accepts
  private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");

  /**
   * What this request asks for.
   *
   * @param method the HTTP method, upper case
   * @param url a path, optionally followed by {@code ?} and a query
   */
  public Asked read(String method, String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    List<String> segments = segments(path);
    Asked nonResource = Asked.nonResource(method.toLowerCase(Locale.ROOT));
    if (segments.size() < 3 || !(segments.get(0).equals("api") || segments.get(0).equals("apis"))) {
      return nonResource;
    }
    List<String> rest = segments.subList(1, segments.size());
    String group = "";
    if (segments.get(0).equals("apis")) {
      if (rest.size() < 3) {
        return nonResource; // /apis/GROUP/VERSION is discovery, not an object
      }
      group = rest.get(0);
      rest = rest.subList(1, rest.size());
    }
    String version = rest.get(0);
    rest = rest.subList(1, rest.size());

    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String subresource = rest.size() > 2 ? rest.get(2) : "";

    String verb = verbOf(method);
    if (name.isEmpty() && verb.equals("get")) {
      verb = watchRequested(query < 0 ? "" : url.substring(query + 1)) ? "watch" : "list";
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new Asked(true, verb, group, version, namespace, resource, subresource, name);
  }

  private static String verbOf(String method) {
    return switch (method) {
      case "POST" -> "create";
      case "GET", "HEAD" -> "get";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "";
    };
  }

  private static boolean watchRequested(String query) {
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("watch=") && TRUE.contains(parameter.substring("watch=".length()))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }
}
