package dev.authlab.labs.lab00_request_journey;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Authenticator;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Authorizer;
import dev.authlab.request.RequestInfo;
import dev.authlab.request.RequestInfoResolver;

/**
 * Lab 00, part 2: the door of the API server. A request is first read (what is asked), then
 * authenticated (who asks), then authorized (may they); the answer is an HTTP status:
 *
 * <ul>
 *   <li><b>401 Unauthorized</b>: the chain found no identity for the request (no credential and
 *       anonymous access off), or a credential was wrong;
 *   <li><b>403 Forbidden</b>: the caller is known, and no authorizer allowed the request;
 *   <li><b>200 OK</b>: allowed (what happens after that, admission and storage, is not this lab's
 *       business).
 * </ul>
 *
 * The authenticator and the authorizer are given; the checks build them from the same settings and
 * RBAC objects as a real API server and compare your statuses with its answers.
 */
public final class RequestJourney {

  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final RequestInfoResolver resolver = new RequestInfoResolver();

  public RequestJourney(Authenticator authenticator, Authorizer authorizer) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  /**
   * The status the API server answers this request with: 200, 401 or 403.
   *
   * @param request method, path (with its query, if any) and credentials of the request
   */
  public int status(AuthenticationRequest request) {
    // no opinion and failure alike leave the request without a user: the authorizer is never asked
    if (!(authenticator.authenticate(request) instanceof AuthnResult.Authenticated authenticated)) {
      return 401;
    }
    RequestInfo info = resolver.resolve(request.method(), request.path());
    // a deny and "nobody has an opinion" are both a refusal
    return authorizer.authorize(Attributes.of(authenticated.user(), info)).isAllowed() ? 200 : 403;
  }
}
