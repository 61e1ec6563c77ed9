package dev.authlab.labs.lab00_request_journey;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authz.Authorizer;
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
    // TODO(lab 00): authenticate the request; anything but an authenticated user is a 401.
    // TODO(lab 00): resolve the request's RequestInfo (the resolver field) and ask the authorizer
    //   about that user and request (dev.authlab.authz.Attributes has a factory for it);
    //   only an Allow is a 200, anything else a 403.
    throw new UnsupportedOperationException("TODO(lab 00): answer 200, 401 or 403 in RequestJourney.status");
  }
}
