package dev.authlab.authn.serviceaccount;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.authlab.gofmt.GoStrings;
import dev.authlab.gofmt.GoTimes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestSpec;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestStatus;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Mints service-account tokens the way kube-apiserver 1.34 does, signed with the
 * {@code --service-account-signing-key-file} key (RS256 for RSA, ES256/384/512 for P-256/384/521) and
 * a {@code kid} derived from its public key.
 *
 * <p>{@link #request} is the TokenRequest API ({@code POST .../serviceaccounts/NAME/token}): audiences
 * default to the API audiences, {@code expirationSeconds} to 3600 and must be between 600 and
 * 2^32; {@code --service-account-max-token-expiration} shortens longer requests (with a warning); a
 * pod-bound request of exactly 3607 seconds for API audiences only is quietly extended to a year
 * with {@code warnafter} when {@code --service-account-extend-token-expiration} is on (the kubelet's
 * projected tokens). A token may be bound to a Pod (which then also names its node), a Secret or a
 * Node, and carries a random {@code jti}.
 *
 * <p>{@link #generateLegacyToken} is what the old token controller put into
 * {@code kubernetes.io/service-account-token} Secrets: issuer {@code kubernetes/serviceaccount}, no
 * audience, no expiry.
 */
public final class ServiceAccountTokenIssuer {

  public static final long DEFAULT_EXPIRATION_SECONDS = 60 * 60;
  public static final long MIN_EXPIRATION_SECONDS = 10 * 60;
  public static final long MAX_EXPIRATION_SECONDS = 1L << 32;
  /** The kubelet asks for this odd expiry to opt in to the extension. */
  public static final long WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 60 * 60 + 7;
  public static final long EXPIRATION_EXTENSION_SECONDS = 24L * 365 * 60 * 60;

  /** {@code --service-account-extend-token-expiration}. */
  public enum ExpirationExtension {
    ENABLED,
    DISABLED
  }

  private final String issuer;
  private final PrivateKey signingKey;
  private final PublicKey publicKey;
  private final String keyId;
  private final String algorithm;
  private final List<String> apiAudiences;
  private final ServiceAccountObjects objects;
  private final Clock clock;
  private final OptionalLong maxExpirationSeconds;
  private final ExpirationExtension extension;
  private final long maxExtendedExpirationSeconds;
  private final Supplier<String> ids;

  private ServiceAccountTokenIssuer(Builder b) {
    this.issuer = b.issuer;
    this.signingKey = b.signingKey;
    this.publicKey = ServiceAccountKeys.publicKeyOf(b.signingKey);
    this.keyId = ServiceAccountKeys.keyId(publicKey);
    this.algorithm = ServiceAccountKeys.signingAlgorithm(b.signingKey);
    this.apiAudiences = List.copyOf(b.apiAudiences);
    this.objects = b.objects;
    this.clock = b.clock;
    this.maxExpirationSeconds = b.maxExpiration.map(d -> OptionalLong.of(d.getSeconds())).orElse(OptionalLong.empty());
    this.extension = b.extension;
    this.maxExtendedExpirationSeconds = b.maxExtendedExpiration.getSeconds();
    this.ids = b.ids;
  }

  /** @param issuer the first {@code --service-account-issuer}: the {@code iss} of every bound token */
  public static Builder builder(String issuer, PrivateKey signingKey) {
    return new Builder(issuer, signingKey);
  }

  /** Settings beyond the issuer and key; each defaults to kube-apiserver's default. */
  public static final class Builder {
    private final String issuer;
    private final PrivateKey signingKey;
    private List<String> apiAudiences;
    private ServiceAccountObjects objects = InMemoryServiceAccountObjects.empty();
    private Clock clock = Clock.systemUTC();
    private Optional<Duration> maxExpiration = Optional.empty();
    private ExpirationExtension extension = ExpirationExtension.ENABLED;
    private Duration maxExtendedExpiration = Duration.ofSeconds(EXPIRATION_EXTENSION_SECONDS);
    private Supplier<String> ids = () -> UUID.randomUUID().toString();

    private Builder(String issuer, PrivateKey signingKey) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      this.apiAudiences = List.of(issuer);
    }

    /** {@code --api-audiences}; defaults to the issuer. */
    public Builder apiAudiences(List<String> audiences) {
      this.apiAudiences = List.copyOf(audiences);
      return this;
    }

    /** Where service accounts and the objects tokens are bound to are found. */
    public Builder objects(ServiceAccountObjects objects) {
      this.objects = Objects.requireNonNull(objects, "objects");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** {@code --service-account-max-token-expiration}; unset means no cap. */
    public Builder maxExpiration(Duration max) {
      this.maxExpiration = Optional.of(max).filter(d -> !d.isZero());
      return this;
    }

    public Builder expirationExtension(ExpirationExtension extension) {
      this.extension = Objects.requireNonNull(extension, "extension");
      return this;
    }

    /** How long an extended token lives (a year, unless an external signer says less). */
    public Builder maxExtendedExpiration(Duration max) {
      this.maxExtendedExpiration = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Where {@code jti} values come from (random UUIDs; fix it in tests). */
    public Builder idGenerator(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    public ServiceAccountTokenIssuer build() {
      if (issuer.isEmpty()) {
        throw new IllegalArgumentException("service-account-issuer should not be an empty string");
      }
      if (signingKey instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() < 1024) {
        throw new IllegalArgumentException("service-account-signing-key-file: RSA keys under 1024 bits are refused by Go's crypto/rsa");
      }
      ServiceAccountKeys.signingAlgorithm(signingKey);
      return new ServiceAccountTokenIssuer(this);
    }
  }

  public String issuer() {
    return issuer;
  }

  /** The {@code kid} header of every token this issuer signs. */
  public String keyId() {
    return keyId;
  }

  /** RS256, ES256, ES384 or ES512. */
  public String algorithm() {
    return algorithm;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as a {@code PUBLIC KEY} PEM block, for {@code --service-account-key-file}. */
  public String publicKeyPem() {
    return ServiceAccountKeys.publicKeyPem(publicKey);
  }

  public List<String> apiAudiences() {
    return apiAudiences;
  }

  // ---- claims

  /** The claims of a bound token, as upstream's Claims() builds them. */
  public record BoundToken(StandardClaims claims, BoundClaims boundClaims) {}

  /**
   * Upstream's Claims(): subject, audiences, iat = nbf = now, exp = now + expirationSeconds, a fresh
   * jti, and the binding. A pod binding also records the node (when given); a secret binding cannot
   * be combined with a pod or node ("internal error, token can only be bound to one object type").
   * {@code warnAfterSeconds} of 0 means no {@code warnafter}.
   */
  public BoundToken claims(ServiceAccount sa, Optional<Pod> pod, Optional<Secret> secret, Optional<Node> node,
      long expirationSeconds, long warnAfterSeconds, List<String> audiences) {
    if (secret.isPresent() && (node.isPresent() || pod.isPresent())) {
      throw new IllegalArgumentException("internal error, token can only be bound to one object type");
    }
    long now = clock.instant().getEpochSecond();
    String namespace = Objects.requireNonNullElse(sa.getMetadata().getNamespace(), "");
    String name = ObjectChecks.name(sa);
    StandardClaims claims = new StandardClaims("", "system:serviceaccount:" + namespace + ":" + name, audiences,
        OptionalLong.of(now + expirationSeconds), OptionalLong.of(now), OptionalLong.of(now), ids.get());
    Optional<BoundClaims.Ref> podRef = pod.map(ServiceAccountTokenIssuer::ref);
    Optional<BoundClaims.Ref> secretRef = pod.isPresent() ? Optional.empty() : secret.map(ServiceAccountTokenIssuer::ref);
    Optional<BoundClaims.Ref> nodeRef = node.map(ServiceAccountTokenIssuer::ref);
    OptionalLong warnAfter = warnAfterSeconds != 0 ? OptionalLong.of(now + warnAfterSeconds) : OptionalLong.empty();
    BoundClaims bound = new BoundClaims(namespace, new BoundClaims.Ref(name, ObjectChecks.uid(sa)), podRef, secretRef, nodeRef, warnAfter);
    return new BoundToken(claims, bound);
  }

  private static BoundClaims.Ref ref(HasMetadata object) {
    return new BoundClaims.Ref(ObjectChecks.name(object), ObjectChecks.uid(object));
  }

  /** Signs bound-token claims; {@code iss} is always this issuer's. */
  public String sign(StandardClaims claims, BoundClaims bound) {
    return signPayload(issuer, claims, bound.toJsonMembers());
  }

  /** Signs legacy claims with the legacy issuer, as the token controller did. */
  public String sign(StandardClaims claims, LegacyClaims legacy) {
    return signPayload(LegacyServiceAccountTokenAuthenticator.LEGACY_ISSUER, claims, legacy.toJsonMembers());
  }

  /** The token the old token controller stored in the Secret for this ServiceAccount. */
  public String generateLegacyToken(Secret secret, ServiceAccount sa) {
    String namespace = Objects.requireNonNullElse(sa.getMetadata().getNamespace(), "");
    String name = ObjectChecks.name(sa);
    StandardClaims claims = new StandardClaims("", "system:serviceaccount:" + namespace + ":" + name, List.of(), OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), "");
    return sign(claims, new LegacyClaims(namespace, name, ObjectChecks.uid(sa), ObjectChecks.name(secret)));
  }

  /** go-jose's builder: private claims, then registered claims, then {@code iss}, later ones winning; keys sorted. */
  String signPayload(String iss, StandardClaims claims, Map<String, Object> privateMembers) {
    Map<String, Object> payload = new LinkedHashMap<>(privateMembers);
    payload.putAll(claims.toJsonMembers());
    payload.put("iss", iss);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm);
    header.put("kid", keyId);
    String signingInput = Jws.b64(GoJson.write(header).getBytes(StandardCharsets.UTF_8)) + "."
        + Jws.b64(GoJson.write(payload).getBytes(StandardCharsets.UTF_8));
    try {
      JWSSigner signer = signingKey instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(signingKey, true);
      String signature = signer.sign(new JWSHeader(JWSAlgorithm.parse(algorithm)), signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
      return signingInput + "." + signature;
    } catch (Exception e) {
      throw new IllegalStateException("failed to generate token: signing with " + algorithm + " failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  // ---- the TokenRequest API

  /**
   * {@code POST /api/v1/namespaces/NAMESPACE/serviceaccounts/NAME/token} with this body.
   *
   * @return the TokenRequest with status (token and expirationTimestamp), or the API error
   */
  public TokenRequestResult request(String namespace, String serviceAccountName, TokenRequest body) {
    TokenRequest req = body == null ? new TokenRequest() : new TokenRequestBuilder(body).build();
    if (namespace == null || namespace.isEmpty()) {
      return TokenRequestResult.Rejected.badRequest("namespace is required");
    }
    String reqName = req.getMetadata() == null ? "" : Objects.requireNonNullElse(req.getMetadata().getName(), "");
    String reqNamespace = req.getMetadata() == null ? "" : Objects.requireNonNullElse(req.getMetadata().getNamespace(), "");
    String reqUid = req.getMetadata() == null ? "" : Objects.requireNonNullElse(req.getMetadata().getUid(), "");
    if (!reqName.isEmpty() && !reqName.equals(serviceAccountName)) {
      return TokenRequestResult.Rejected.invalid(serviceAccountName,
          "metadata.name: Invalid value: " + GoStrings.quote(reqName) + ": must match the service account name if specified");
    }
    if (!reqNamespace.isEmpty() && !reqNamespace.equals(namespace)) {
      return TokenRequestResult.Rejected.invalid(serviceAccountName,
          "metadata.namespace: Invalid value: " + GoStrings.quote(reqNamespace) + ": must match the service account namespace if specified");
    }
    if (serviceAccountName.isEmpty()) {
      return TokenRequestResult.Rejected.badRequest("Name parameter required.");
    }
    ObjectChecks.Lookup<ServiceAccount> found = ObjectChecks.lookup("serviceaccounts", serviceAccountName,
        () -> objects.serviceAccount(namespace, serviceAccountName));
    if (found instanceof ObjectChecks.Lookup.Missing<ServiceAccount> missing) {
      return apiError("serviceaccounts", serviceAccountName, missing.error());
    }
    ServiceAccount sa = ((ObjectChecks.Lookup.Found<ServiceAccount>) found).object();
    String saUid = ObjectChecks.uid(sa);
    if (!reqUid.isEmpty() && !reqUid.equals(saUid)) {
      // TokenRequestServiceAccountUIDValidation, beta and on in 1.34
      return TokenRequestResult.Rejected.conflict("TokenRequest.authentication.k8s.io", serviceAccountName,
          "the UID in the token request (" + reqUid + ") does not match the UID of the service account (" + saUid + ")");
    }

    TokenRequestSpec spec = req.getSpec() == null ? new TokenRequestSpec() : req.getSpec();
    List<String> audiences = spec.getAudiences() == null || spec.getAudiences().isEmpty() ? apiAudiences : List.copyOf(spec.getAudiences());
    long expirationSeconds = spec.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : spec.getExpirationSeconds();
    Instant now = clock.instant();

    if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
      return TokenRequestResult.Rejected.invalid("",
          "spec.expirationSeconds: Invalid value: " + expirationSeconds + ": may not specify a duration less than 10 minutes");
    }
    if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
      return TokenRequestResult.Rejected.invalid("",
          "spec.expirationSeconds: Invalid value: " + expirationSeconds + ": may not specify a duration larger than 2^32 seconds");
    }

    Optional<Pod> pod = Optional.empty();
    Optional<Node> node = Optional.empty();
    Optional<Secret> secret = Optional.empty();
    BoundObjectReference ref = spec.getBoundObjectRef();
    if (ref != null) {
      String kind = Objects.requireNonNullElse(ref.getKind(), "");
      String refName = Objects.requireNonNullElse(ref.getName(), "");
      String[] groupVersion = groupVersion(Objects.requireNonNullElse(ref.getApiVersion(), ""));
      String group = groupVersion[0];
      String uid;
      if (!kind.isEmpty() && group.isEmpty() && List.of("Pod", "Node", "Secret").contains(kind) && refName.isEmpty()) {
        return TokenRequestResult.Rejected.badRequest("Name parameter required.");
      }
      if (group.isEmpty() && kind.equals("Pod")) {
        ObjectChecks.Lookup<Pod> found2 = ObjectChecks.lookup("pods", refName, () -> objects.pod(namespace, refName));
        if (found2 instanceof ObjectChecks.Lookup.Missing<Pod> missing) {
          return apiError("pods", refName, missing.error());
        }
        Pod p = ((ObjectChecks.Lookup.Found<Pod>) found2).object();
        String podSa = p.getSpec() == null ? "" : Objects.requireNonNullElse(p.getSpec().getServiceAccountName(), "");
        if (!serviceAccountName.equals(podSa)) {
          return TokenRequestResult.Rejected.badRequest("cannot bind token for serviceaccount " + GoStrings.quote(serviceAccountName)
              + " to pod running with different serviceaccount name.");
        }
        uid = ObjectChecks.uid(p);
        pod = Optional.of(p);
        String nodeName = p.getSpec() == null ? "" : Objects.requireNonNullElse(p.getSpec().getNodeName(), "");
        if (!nodeName.isEmpty()) {
          ObjectChecks.Lookup<Node> n = ObjectChecks.lookup("nodes", nodeName, () -> objects.node(nodeName));
          if (n instanceof ObjectChecks.Lookup.Found<Node> foundNode) {
            node = Optional.of(foundNode.object());
          } else if (((ObjectChecks.Lookup.Missing<Node>) n).error().equals(ObjectChecks.notFound("nodes", nodeName))) {
            // a node that does not exist still gives its name, without a uid
            node = Optional.of(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().build());
          } else {
            return TokenRequestResult.Rejected.internal(((ObjectChecks.Lookup.Missing<Node>) n).error());
          }
        }
      } else if (group.isEmpty() && kind.equals("Node")) {
        ObjectChecks.Lookup<Node> n = ObjectChecks.lookup("nodes", refName, () -> objects.node(refName));
        if (n instanceof ObjectChecks.Lookup.Missing<Node> missing) {
          return apiError("nodes", refName, missing.error());
        }
        Node found3 = ((ObjectChecks.Lookup.Found<Node>) n).object();
        node = Optional.of(found3);
        uid = ObjectChecks.uid(found3);
      } else if (group.isEmpty() && kind.equals("Secret")) {
        ObjectChecks.Lookup<Secret> sl = ObjectChecks.lookup("secrets", refName, () -> objects.secret(namespace, refName));
        if (sl instanceof ObjectChecks.Lookup.Missing<Secret> missing) {
          return apiError("secrets", refName, missing.error());
        }
        Secret found4 = ((ObjectChecks.Lookup.Found<Secret>) sl).object();
        secret = Optional.of(found4);
        uid = ObjectChecks.uid(found4);
      } else {
        return TokenRequestResult.Rejected.badRequest("cannot bind token to object of type " + group + "/" + groupVersion[1] + ", Kind=" + kind);
      }
      String refUid = Objects.requireNonNullElse(ref.getUid(), "");
      if (!refUid.isEmpty() && !uid.equals(refUid)) {
        return TokenRequestResult.Rejected.conflict(kind, refName,
            "the UID in the bound object reference (" + refUid + ") does not match the UID in record. The object might have been deleted and then recreated");
      }
    }

    List<String> warnings = new ArrayList<>();
    if (maxExpirationSeconds.isPresent() && maxExpirationSeconds.getAsLong() > 0 && expirationSeconds > maxExpirationSeconds.getAsLong()) {
      warnings.add("requested expiration of " + expirationSeconds + " seconds shortened to " + maxExpirationSeconds.getAsLong() + " seconds");
      expirationSeconds = maxExpirationSeconds.getAsLong();
    }
    long warnAfter = 0;
    long exp = expirationSeconds;
    if (extension == ExpirationExtension.ENABLED && pod.isPresent() && expirationSeconds == WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS
        && apiAudiences.containsAll(audiences)) {
      // the kubelet's projected tokens: warn after the hour, fail only after the extension
      warnAfter = exp;
      exp = maxExtendedExpirationSeconds;
    }

    BoundToken minted;
    try {
      minted = claims(sa, pod, secret, node, exp, warnAfter, audiences);
    } catch (IllegalArgumentException e) {
      return TokenRequestResult.Rejected.internal(e.getMessage());
    }
    String token;
    try {
      token = sign(minted.claims(), minted.boundClaims());
    } catch (IllegalStateException e) {
      return TokenRequestResult.Rejected.internal(e.getMessage());
    }

    TokenRequest out = new TokenRequestBuilder(req)
        .editOrNewMetadata()
            .withName(serviceAccountName)
            .withNamespace(Objects.requireNonNullElse(sa.getMetadata().getNamespace(), namespace))
            .withUid(reqUid.isEmpty() ? saUid : reqUid)
            .withCreationTimestamp(GoTimes.rfc3339(now))
        .endMetadata()
        .build();
    TokenRequestSpec outSpec = out.getSpec() == null ? new TokenRequestSpec() : out.getSpec();
    outSpec.setAudiences(new ArrayList<>(audiences));
    outSpec.setExpirationSeconds(expirationSeconds);
    out.setSpec(outSpec);
    out.setStatus(new TokenRequestStatus(GoTimes.rfc3339(now.plusSeconds(expirationSeconds)), token));
    StandardClaims signedClaims = minted.claims().withIssuer(issuer);
    return new TokenRequestResult.Issued(out, signedClaims, minted.boundClaims(), warnings);
  }

  /** A failed lookup as the registry reports it: 404 for absence, 500 for anything else. */
  private static TokenRequestResult apiError(String resource, String name, String error) {
    return error.equals(ObjectChecks.notFound(resource, name))
        ? TokenRequestResult.Rejected.notFound(error)
        : TokenRequestResult.Rejected.internal(error);
  }

  /** schema.ParseGroupVersion as FromAPIVersionAndKind uses it: a bad apiVersion counts as none. */
  private static String[] groupVersion(String apiVersion) {
    if (apiVersion.isEmpty()) {
      return new String[] {"", ""};
    }
    String[] parts = apiVersion.split("/", -1);
    if (parts.length == 1) {
      return new String[] {"", parts[0]};
    }
    if (parts.length == 2) {
      return new String[] {parts[0], parts[1]};
    }
    return new String[] {"", ""};
  }
}
