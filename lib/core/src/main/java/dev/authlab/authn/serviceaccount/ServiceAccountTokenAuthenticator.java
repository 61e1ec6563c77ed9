package dev.authlab.authn.serviceaccount;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bound service-account tokens (TokenRequest, projected volumes), as kube-apiserver 1.34 checks
 * them. A token whose unverified {@code iss} is not one of the {@code --service-account-issuer}
 * values is not this authenticator's (no opinion: an OIDC/JWT authenticator may take it). Otherwise:
 *
 * <ol>
 *   <li>the signature must verify with one of the {@code --service-account-key-file} keys (the one
 *       named by {@code kid}, or all when there is none): RS256/384/512 or PS256/384/512 with RSA keys,
 *       ES256/384/512 with the matching curve; {@code none} and HMAC never verify;
 *   <li>the token's audiences must share one with the requested ones (the API audiences by default);
 *   <li>{@code nbf}, {@code exp} and {@code iat} are checked with a minute of leeway;
 *   <li>the service account must still exist with the token's uid (and not have been deleted more
 *       than a minute ago), and so must the secret, pod or node it is bound to; a pod-bound token's
 *       node is reported but not checked.
 * </ol>
 *
 * The user is {@code system:serviceaccount:NS:NAME} with the service account's uid, its two groups,
 * and pod, node and credential-id extras.
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {

  public static final String NAME = "serviceaccount";
  /** go-jose's jwt.DefaultLeeway, used for times and for "deleted a moment ago". */
  public static final Duration LEEWAY = Duration.ofMinutes(1);
  public static final String INVALIDATED = "service account token has been invalidated";

  private final JwtCore core;
  private final ServiceAccountObjects objects;
  private final Clock clock;

  private ServiceAccountTokenAuthenticator(JwtCore core, ServiceAccountObjects objects, Clock clock) {
    this.core = core;
    this.objects = objects;
    this.clock = clock;
  }

  /**
   * @param issuers the {@code --service-account-issuer} values; tokens from any of them are accepted
   * @param keys the public keys of {@code --service-account-key-file}
   * @param apiAudiences {@code --api-audiences} (which default to the issuers)
   */
  public static ServiceAccountTokenAuthenticator of(
      List<String> issuers, List<PublicKey> keys, List<String> apiAudiences, ServiceAccountObjects objects, Clock clock) {
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(clock, "clock");
    return new ServiceAccountTokenAuthenticator(new JwtCore(issuers, keys, apiAudiences), objects, clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  public List<String> issuers() {
    return core.issuers();
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    JwtCore.Outcome<BoundClaims> outcome = core.check(token, audiences, ClaimsDecoder::bound);
    if (outcome instanceof JwtCore.Outcome.NotMine<BoundClaims> notMine) {
      return AuthnResult.noOpinion(NAME, notMine.why());
    }
    if (outcome instanceof JwtCore.Outcome.Rejected<BoundClaims> rejected) {
      return failed(rejected.error(), rejected.detail(), token);
    }
    JwtCore.Outcome.Verified<BoundClaims> verified = (JwtCore.Outcome.Verified<BoundClaims>) outcome;
    List<String> notes = new ArrayList<>();
    Validation validation = validate(verified.claims(), verified.privateClaims(), notes);
    if (validation instanceof Validation.Invalid invalid) {
      return failed(invalid.error(), "signed by key " + verified.keyId() + " for issuer " + GoStrings.quote(verified.claims().issuer())
          + ", but " + invalid.detail(), token);
    }
    ServiceAccountInfo info = ((Validation.Valid) validation).info();
    String why = "bound token " + Fingerprints.of(token) + " from issuer " + GoStrings.quote(verified.claims().issuer())
        + ", signed by key " + verified.keyId() + ", good for " + GoStrings.quoteAll(verified.audiences()) + "; " + String.join("; ", notes);
    AuthnResult.Authenticated result = AuthnResult.authenticated(NAME, info.toUserInfo(), why).withAudiences(verified.audiences());
    return result;
  }

  private AuthnResult failed(String error, String detail, String token) {
    Trace trace = Trace.of(NAME, Trace.Verdict.FAILED, error)
        .then(NAME, Trace.Verdict.NOTE, "token " + Fingerprints.of(token) + ": " + detail);
    return new AuthnResult.Failed(error, trace);
  }

  /** The outcome of the bound-token checks after the signature. */
  sealed interface Validation {
    record Valid(ServiceAccountInfo info) implements Validation {}

    record Invalid(String error, String detail) implements Validation {}
  }

  /** Upstream's claims validator: times first, then the objects the token names. */
  Validation validate(StandardClaims claims, BoundClaims bound, List<String> notes) {
    Instant now = clock.instant();
    if (claims.notBefore().isPresent() && before(now.plus(LEEWAY), claims.notBefore().getAsLong())) {
      return new Validation.Invalid("service account token is not valid yet", "nbf is more than a minute in the future");
    }
    if (claims.expiry().isPresent() && after(now.minus(LEEWAY), claims.expiry().getAsLong())) {
      return new Validation.Invalid("service account token has expired", "exp passed more than a minute ago");
    }
    if (claims.issuedAt().isPresent() && before(now.plus(LEEWAY), claims.issuedAt().getAsLong())) {
      return new Validation.Invalid("service account token is issued in the future", "iat is more than a minute in the future");
    }
    Instant deletedCutoff = now.minus(LEEWAY);
    String namespace = bound.namespace();
    BoundClaims.Ref saRef = bound.serviceAccount();

    ObjectChecks.Lookup<ServiceAccount> saLookup =
        ObjectChecks.lookup("serviceaccounts", saRef.name(), () -> objects.serviceAccount(namespace, saRef.name()));
    if (saLookup instanceof ObjectChecks.Lookup.Missing<ServiceAccount> missing) {
      return new Validation.Invalid(missing.error(), "service account " + namespace + "/" + saRef.name() + " could not be found");
    }
    ServiceAccount sa = ((ObjectChecks.Lookup.Found<ServiceAccount>) saLookup).object();
    if (!ObjectChecks.uid(sa).equals(saRef.uid())) {
      return new Validation.Invalid("service account UID (" + ObjectChecks.uid(sa) + ") does not match claim (" + saRef.uid() + ")",
          "the service account was deleted and created again");
    }
    if (ObjectChecks.deletedBefore(sa, deletedCutoff)) {
      return new Validation.Invalid("service account " + namespace + "/" + saRef.name() + " has been deleted",
          "the service account is being deleted");
    }
    notes.add("service account " + namespace + "/" + saRef.name() + " exists with uid " + saRef.uid());

    if (bound.secret().isPresent()) {
      Optional<Validation> bad = checkBound("secret", bound.secret().get(), deletedCutoff,
          () -> objects.secret(namespace, bound.secret().get().name()), "secrets", notes);
      if (bad.isPresent()) {
        return bad.get();
      }
    }
    String podName = "";
    String podUid = "";
    if (bound.pod().isPresent()) {
      Optional<Validation> bad = checkBound("pod", bound.pod().get(), deletedCutoff,
          () -> objects.pod(namespace, bound.pod().get().name()), "pods", notes);
      if (bad.isPresent()) {
        return bad.get();
      }
      podName = bound.pod().get().name();
      podUid = bound.pod().get().uid();
    }
    String nodeName = "";
    String nodeUid = "";
    if (bound.node().isPresent()) {
      BoundClaims.Ref nodeRef = bound.node().get();
      if (bound.pod().isPresent()) {
        // a pod-bound token names its pod's node for information; the node is not looked up
        notes.add("node " + nodeRef.name() + " reported from the pod binding, not checked");
      } else {
        Optional<Validation> bad = checkBound("node", nodeRef, deletedCutoff, () -> objects.node(nodeRef.name()), "nodes", notes);
        if (bad.isPresent()) {
          return bad.get();
        }
      }
      nodeName = nodeRef.name();
      nodeUid = nodeRef.uid();
    }
    if (bound.warnAfter().isPresent() && bound.warnAfter().getAsLong() != 0 && after(now, bound.warnAfter().getAsLong())) {
      long seconds = now.getEpochSecond() - bound.warnAfter().getAsLong();
      notes.add("stale: " + seconds + " seconds past warnafter (audit annotation authentication.k8s.io/stale-token)");
    }
    return new Validation.Valid(new ServiceAccountInfo(namespace, saRef.name(), saRef.uid(), podName, podUid, nodeName, nodeUid,
        ServiceAccountInfo.credentialIdForJti(claims.id())));
  }

  private <T extends HasMetadata> Optional<Validation> checkBound(
      String kind, BoundClaims.Ref ref, Instant deletedCutoff, java.util.function.Supplier<Optional<T>> find, String resource, List<String> notes) {
    ObjectChecks.Lookup<T> lookup = ObjectChecks.lookup(resource, ref.name(), find);
    if (lookup instanceof ObjectChecks.Lookup.Missing<T> missing) {
      return Optional.of(new Validation.Invalid(INVALIDATED, "the bound " + kind + " " + GoStrings.quote(ref.name()) + " is gone (" + missing.error() + ")"));
    }
    T object = ((ObjectChecks.Lookup.Found<T>) lookup).object();
    if (!ObjectChecks.uid(object).equals(ref.uid())) {
      return Optional.of(new Validation.Invalid(
          kind + " UID (" + ObjectChecks.uid(object) + ") does not match service account " + kind + " ref claim (" + ref.uid() + ")",
          "the bound " + kind + " " + GoStrings.quote(ref.name()) + " was deleted and created again"));
    }
    if (ObjectChecks.deletedBefore(object, deletedCutoff)) {
      return Optional.of(new Validation.Invalid(INVALIDATED, "the bound " + kind + " " + GoStrings.quote(ref.name()) + " is being deleted"));
    }
    notes.add("bound " + kind + " " + ref.name() + " exists with uid " + ref.uid());
    return Optional.empty();
  }

  /** {@code t < epochSecond} with t having sub-second precision. */
  static boolean before(Instant t, long epochSecond) {
    return t.getEpochSecond() < epochSecond;
  }

  /** {@code t > epochSecond}. */
  static boolean after(Instant t, long epochSecond) {
    return t.getEpochSecond() > epochSecond || (t.getEpochSecond() == epochSecond && t.getNano() > 0);
  }
}
