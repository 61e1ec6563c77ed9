package dev.authlab.authn;

import java.util.List;
import java.util.Objects;

/**
 * An authenticator's answer, upstream's (response, ok, err) made explicit: authenticated as a user
 * (with the audiences the credential is good for), no opinion (not a credential this authenticator
 * knows: try the next), or failed (a credential it knows, and it is bad: an error).
 */
public sealed interface AuthnResult permits AuthnResult.Authenticated, AuthnResult.NoOpinion, AuthnResult.Failed {

  Trace trace();

  default boolean isAuthenticated() {
    return this instanceof Authenticated;
  }

  record Authenticated(UserInfo user, List<String> audiences, Trace trace) implements AuthnResult {
    public Authenticated {
      Objects.requireNonNull(user, "user");
      audiences = List.copyOf(audiences);
    }

    public Authenticated withUser(UserInfo newUser) {
      return new Authenticated(newUser, audiences, trace);
    }

    public Authenticated withAudiences(List<String> newAudiences) {
      return new Authenticated(user, newAudiences, trace);
    }

    public Authenticated withTrace(Trace newTrace) {
      return new Authenticated(user, audiences, newTrace);
    }
  }

  /** Not this authenticator's kind of credential; {@code reason} says what it looked for. */
  record NoOpinion(String reason, Trace trace) implements AuthnResult {}

  /** A credential this authenticator handles, rejected; {@code reason} is upstream's error text. */
  record Failed(String reason, Trace trace) implements AuthnResult {}

  static Authenticated authenticated(String authenticator, UserInfo user, String why) {
    return new Authenticated(user, List.of(), Trace.of(authenticator, Trace.Verdict.AUTHENTICATED, why));
  }

  static NoOpinion noOpinion(String authenticator, String why) {
    return new NoOpinion(why, Trace.of(authenticator, Trace.Verdict.NO_OPINION, why));
  }

  static Failed failed(String authenticator, String error) {
    return new Failed(error, Trace.of(authenticator, Trace.Verdict.FAILED, error));
  }
}
