package dev.authlab.labs.lab00_request_journey;

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

  /**
   * What this request asks for.
   *
   * @param method the HTTP method, upper case
   * @param url a path, optionally followed by {@code ?} and a query
   */
  public Asked read(String method, String url) {
    // TODO(lab 00): split the path into segments; anything not under /api/VERSION/... or
    //   /apis/GROUP/VERSION/... is a non-resource request (verb = the method in lower case).
    // TODO(lab 00): after the version come an optional namespaces/NS, then resource, name, subresource.
    // TODO(lab 00): the verb comes from the method; GET of a collection is list (watch with
    //   ?watch=true), DELETE of a collection is deletecollection.
    throw new UnsupportedOperationException("TODO(lab 00): work out what the request asks for in RequestReader.read");
  }
}
