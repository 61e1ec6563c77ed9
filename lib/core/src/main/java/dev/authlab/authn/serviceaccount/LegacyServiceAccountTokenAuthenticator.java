package dev.authlab.authn.serviceaccount;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.ServiceAccountNames;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.authn.Trace;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Legacy, Secret-based service-account tokens ({@code iss: kubernetes/serviceaccount}), as
 * kube-apiserver 1.34 checks them. They have no audience (so they are good for the API audiences
 * only) and no expiry (none is checked, even if one is present). With {@code --service-account-lookup}
 * (the default) the Secret must still exist, not be being deleted, and hold exactly this token; the
 * ServiceAccount must exist with the token's uid and not be being deleted; and a Secret labelled
 * {@code kubernetes.io/legacy-token-invalid-since} (set by the legacy-token cleaner since 1.29) makes
 * the token invalid. The API server would also label a used Secret with
 * {@code kubernetes.io/legacy-token-last-used}; here the trace says so instead of writing.
 */
public final class LegacyServiceAccountTokenAuthenticator implements TokenAuthenticator {

  public static final String NAME = "serviceaccount-legacy";
  public static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
  public static final String INVALID_SINCE_LABEL = "kubernetes.io/legacy-token-invalid-since";
  public static final String LAST_USED_LABEL = "kubernetes.io/legacy-token-last-used";
  public static final String INVALIDATED = "Token has been invalidated";

  /** {@code --service-account-lookup}: whether the Secret and ServiceAccount are looked up. */
  public enum Lookup {
    ENABLED,
    DISABLED
  }

  private final JwtCore core;
  private final Lookup lookup;
  private final ServiceAccountObjects objects;
  private final Clock clock;

  private LegacyServiceAccountTokenAuthenticator(JwtCore core, Lookup lookup, ServiceAccountObjects objects, Clock clock) {
    this.core = core;
    this.lookup = lookup;
    this.objects = objects;
    this.clock = clock;
  }

  /**
   * @param keys the public keys of {@code --service-account-key-file}
   * @param apiAudiences the API audiences a legacy token is implicitly good for
   */
  public static LegacyServiceAccountTokenAuthenticator of(
      List<PublicKey> keys, List<String> apiAudiences, Lookup lookup, ServiceAccountObjects objects, Clock clock) {
    return of(List.of(LEGACY_ISSUER), keys, apiAudiences, lookup, objects, clock);
  }

  /** With other accepted issuers besides (as upstream's tests do); kube-apiserver uses only the legacy one. */
  public static LegacyServiceAccountTokenAuthenticator of(
      List<String> issuers, List<PublicKey> keys, List<String> apiAudiences, Lookup lookup, ServiceAccountObjects objects, Clock clock) {
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(clock, "clock");
    return new LegacyServiceAccountTokenAuthenticator(new JwtCore(issuers, keys, apiAudiences), lookup, objects, clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AuthnResult authenticateToken(String token, List<String> audiences) {
    JwtCore.Outcome<LegacyClaims> outcome = core.check(token, audiences, ClaimsDecoder::legacy);
    if (outcome instanceof JwtCore.Outcome.NotMine<LegacyClaims> notMine) {
      return AuthnResult.noOpinion(NAME, notMine.why());
    }
    if (outcome instanceof JwtCore.Outcome.Rejected<LegacyClaims> rejected) {
      return failed(rejected.error(), rejected.detail(), token);
    }
    JwtCore.Outcome.Verified<LegacyClaims> verified = (JwtCore.Outcome.Verified<LegacyClaims>) outcome;
    List<String> notes = new ArrayList<>();
    Optional<Problem> invalid = validate(token, verified.claims(), verified.privateClaims(), notes);
    if (invalid.isPresent()) {
      return failed(invalid.get().error(), invalid.get().detail(), token);
    }
    LegacyClaims claims = verified.privateClaims();
    ServiceAccountInfo info = ServiceAccountInfo.of(claims.namespace(), claims.serviceAccountName(), claims.serviceAccountUid());
    String why = "legacy token " + Fingerprints.of(token) + " for secret " + claims.namespace() + "/" + claims.secretName()
        + ", signed by key " + verified.keyId() + ", good for the API audiences " + GoStrings.quoteAll(verified.audiences())
        + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    return AuthnResult.authenticated(NAME, info.toUserInfo(), why).withAudiences(verified.audiences());
  }

  private AuthnResult failed(String error, String detail, String token) {
    Trace trace = Trace.of(NAME, Trace.Verdict.FAILED, error)
        .then(NAME, Trace.Verdict.NOTE, "token " + Fingerprints.of(token) + ": " + detail);
    return new AuthnResult.Failed(error, trace);
  }

  /** Upstream's legacy validator; empty when the token is valid. */
  private Optional<Problem> validate(String token, StandardClaims claims, LegacyClaims legacy, List<String> notes) {
    if (claims.subject().isEmpty()) {
      return invalid("sub claim is missing", "the token has no sub");
    }
    String namespace = legacy.namespace();
    if (namespace.isEmpty()) {
      return invalid("namespace claim is missing", "the token has no " + LegacyClaims.NAMESPACE);
    }
    String secretName = legacy.secretName();
    if (secretName.isEmpty()) {
      return invalid("secretName claim is missing", "the token has no " + LegacyClaims.SECRET_NAME);
    }
    String saName = legacy.serviceAccountName();
    if (saName.isEmpty()) {
      return invalid("serviceAccountName claim is missing", "the token has no " + LegacyClaims.SERVICE_ACCOUNT_NAME);
    }
    String saUid = legacy.serviceAccountUid();
    if (saUid.isEmpty()) {
      return invalid("serviceAccountUID claim is missing", "the token has no " + LegacyClaims.SERVICE_ACCOUNT_UID);
    }
    Optional<ServiceAccountNames.Parsed> subject = ServiceAccountNames.parse(claims.subject());
    if (subject.isEmpty() || !subject.get().namespace().equals(namespace) || !subject.get().name().equals(saName)) {
      return invalid("sub claim is invalid", "sub " + GoStrings.quote(claims.subject()) + " is not system:serviceaccount:" + namespace + ":" + saName);
    }
    if (lookup == Lookup.DISABLED) {
      notes.add("--service-account-lookup=false: the Secret and ServiceAccount were not looked up");
      return Optional.empty();
    }

    ObjectChecks.Lookup<Secret> secretLookup = ObjectChecks.lookup("secrets", secretName, () -> objects.secret(namespace, secretName));
    if (secretLookup instanceof ObjectChecks.Lookup.Missing<Secret> missing) {
      return invalid(INVALIDATED, "secret " + namespace + "/" + secretName + " is gone (" + missing.error() + ")");
    }
    Secret secret = ((ObjectChecks.Lookup.Found<Secret>) secretLookup).object();
    if (ObjectChecks.deletionTimestamp(secret).isPresent()) {
      return invalid(INVALIDATED, "secret " + namespace + "/" + secretName + " is being deleted");
    }
    if (!constantTimeEquals(storedToken(secret), token.getBytes(StandardCharsets.UTF_8))) {
      return invalid("Token does not match server's copy", "secret " + namespace + "/" + secretName + " holds another token");
    }

    ObjectChecks.Lookup<ServiceAccount> saLookup = ObjectChecks.lookup("serviceaccounts", saName, () -> objects.serviceAccount(namespace, saName));
    if (saLookup instanceof ObjectChecks.Lookup.Missing<ServiceAccount> missing) {
      return invalid(missing.error(), "service account " + namespace + "/" + saName + " could not be found");
    }
    ServiceAccount sa = ((ObjectChecks.Lookup.Found<ServiceAccount>) saLookup).object();
    if (ObjectChecks.deletionTimestamp(sa).isPresent()) {
      return invalid("ServiceAccount " + namespace + "/" + saName + " has been deleted", "the service account is being deleted");
    }
    if (!ObjectChecks.uid(sa).equals(saUid)) {
      return invalid("ServiceAccount UID (" + ObjectChecks.uid(sa) + ") does not match claim (" + saUid + ")",
          "the service account was deleted and created again");
    }

    String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    String label = labels(secret).getOrDefault(INVALID_SINCE_LABEL, "");
    if (!label.isEmpty()) {
      return invalid("the token in secret " + namespace + "/" + secretName + " for service account " + namespace + "/" + saName
          + " has been marked invalid. Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the '"
          + INVALID_SINCE_LABEL + "' label from the secret to temporarily allow use of this token",
          "the secret is labelled " + INVALID_SINCE_LABEL + "=" + label + " (the API server still stamps " + LAST_USED_LABEL + "=" + today + ")");
    }
    boolean autoGenerated = sa.getSecrets() != null && sa.getSecrets().stream()
        .map(ObjectReference::getName)
        .anyMatch(secretName::equals);
    notes.add(autoGenerated
        ? "auto-generated secret-based token (listed in the ServiceAccount's secrets; the API server warns to use the TokenRequest API)"
        : "manually created secret-based token");
    String lastUsed = labels(secret).getOrDefault(LAST_USED_LABEL, "");
    String tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1).toString();
    if (!lastUsed.equals(today) && !lastUsed.equals(tomorrow)) {
      notes.add("the API server labels the secret " + LAST_USED_LABEL + "=" + today);
    }
    return Optional.empty();
  }

  /** Why a token is refused: upstream's error text and what happened, for the trace. */
  private record Problem(String error, String detail) {}

  private static Optional<Problem> invalid(String error, String detail) {
    return Optional.of(new Problem(error, detail));
  }

  private static Map<String, String> labels(Secret secret) {
    return secret.getMetadata() == null || secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels();
  }

  /** data["token"] (base64 in the object); stringData["token"] for objects not yet through an API server. */
  private static byte[] storedToken(Secret secret) {
    if (secret.getData() != null && secret.getData().containsKey("token")) {
      try {
        return Base64.getMimeDecoder().decode(Objects.requireNonNullElse(secret.getData().get("token"), ""));
      } catch (IllegalArgumentException e) {
        return new byte[0];
      }
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey("token")) {
      return Objects.requireNonNullElse(secret.getStringData().get("token"), "").getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }

  /** crypto/subtle.ConstantTimeCompare. */
  private static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
