package dev.authlab.cluster.differential;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.Authenticator;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Authorizer;
import dev.authlab.authz.AuthorizerChain;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import java.util.Optional;

/**
 * What the library predicts for {@code kubectl auth whoami}: the API server's authentication chain,
 * then its authorization of {@code create selfsubjectreviews.authentication.k8s.io} (bootstrap RBAC:
 * system:basic-user lets system:authenticated ask, so anonymous gets a 403), then the user.
 */
final class LibraryWhoami {

  /** The path a SelfSubjectReview is POSTed to. */
  static final String PATH = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  private final Authenticator authenticator;
  private final Authorizer authorizer;

  LibraryWhoami(Authenticator authenticator) {
    this(authenticator, AuthorizerChain.kubeApiServer(new RbacAuthorizer(BootstrapPolicy.policy())));
  }

  LibraryWhoami(Authenticator authenticator, Authorizer authorizer) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
  }

  /** The prediction and the authentication result behind it (for its trace). */
  record Prediction(WhoamiResult result, AuthnResult authentication) {}

  Prediction whoami(AuthenticationRequest request) {
    AuthnResult result = authenticator.authenticate(request);
    if (!(result instanceof AuthnResult.Authenticated authenticated)) {
      String why = result instanceof AuthnResult.Failed failed ? failed.reason() : ((AuthnResult.NoOpinion) result).reason();
      return new Prediction(new WhoamiResult.Unauthorized(why), result);
    }
    UserInfo user = authenticated.user();
    Attributes create = new Attributes.Resource(user, "create", "", "authentication.k8s.io", "v1", "selfsubjectreviews", "", "");
    Decision decision = authorizer.authorize(create);
    if (decision.isAllowed()) {
      return new Prediction(new WhoamiResult.Authenticated(user), result);
    }
    return new Prediction(new WhoamiResult.Forbidden("selfsubjectreviews.authentication.k8s.io is forbidden: User \"" + user.name()
        + "\" cannot create resource \"selfsubjectreviews\" in API group \"authentication.k8s.io\" at the cluster scope"), result);
  }

  /** Empty when the API server and the library say the same; else what differs. */
  static Optional<String> disagreement(WhoamiResult cluster, WhoamiResult library) {
    if (cluster.getClass() != library.getClass()) {
      return Optional.of("cluster " + describe(cluster) + ", library " + describe(library));
    }
    if (cluster instanceof WhoamiResult.Authenticated c) {
      UserInfo mine = ((WhoamiResult.Authenticated) library).user();
      return c.user().equals(mine) ? Optional.empty() : Optional.of("users differ: cluster " + c.user() + ", library " + mine);
    }
    if (cluster instanceof WhoamiResult.Forbidden c) {
      // both 403: the API server's message names the user it authenticated, which must be the library's
      String name = userIn(((WhoamiResult.Forbidden) library).message());
      return c.message().contains("User \"" + name + "\"")
          ? Optional.empty()
          : Optional.of("both forbidden, but for different users: cluster \"" + c.message() + "\", library user \"" + name + "\"");
    }
    return Optional.empty(); // both 401: the API server says only "Unauthorized"
  }

  private static String userIn(String message) {
    int at = message.indexOf("User \"");
    if (at < 0) {
      return "";
    }
    int start = at + "User \"".length();
    int end = message.indexOf('"', start);
    return end < 0 ? "" : message.substring(start, end);
  }

  static String describe(WhoamiResult result) {
    if (result instanceof WhoamiResult.Authenticated a) {
      return "authenticated " + a.user();
    }
    if (result instanceof WhoamiResult.Forbidden f) {
      return "403 (" + f.message() + ")";
    }
    return "401 (" + ((WhoamiResult.Unauthorized) result).message() + ")";
  }
}
