package dev.authlab.authn.oidc;

import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.IssuedCertificate;
import dev.authlab.pki.KeyAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A small OpenID provider for notebooks, labs and tests: HTTPS on 127.0.0.1 and a free port, with a
 * certificate from its own throw-away CA ({@link #caPem()} is what an authenticator's
 * certificateAuthority needs), a discovery document and a JWKS with RSA and EC signing keys, key
 * rotation, and a builder for ID tokens signed with the current key. Nothing is static; close it to
 * stop the server.
 *
 * <pre>{@code
 * try (OidcIssuer idp = OidcIssuer.start()) {
 *   String token = idp.token().subject("jane").email("jane@example.com", true).groups("dev").sign();
 * }
 * }</pre>
 */
public final class OidcIssuer implements AutoCloseable {

  public static final String DEFAULT_AUDIENCE = "kubernetes";
  public static final String JWKS_PATH = "/openid/v1/jwks";

  private final HttpsServer server;
  private final String url;
  private final String caPem;
  private final Clock clock;
  private final List<RSAKey> rsaKeys = new ArrayList<>();
  private final ECKey ecKey;
  private volatile RSAKey currentRsa;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, String> extraRoutes = new ConcurrentHashMap<>();

  private OidcIssuer(Clock clock) throws GeneralSecurityException, IOException, OperatorCreationException, JOSEException {
    this.clock = clock;
    this.currentRsa = newRsaKey();
    this.rsaKeys.add(currentRsa);
    this.ecKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate();

    // The serving certificate is real TLS, so its CA is what an authenticator's certificateAuthority trusts.
    CertificateAuthority ca = CertificateAuthority.selfSigned("authlab-oidc-issuer-ca", KeyAlgorithm.ECDSA_P256);
    IssuedCertificate serving = ca.issue(CertificateSpec.servingCertificate("127.0.0.1", List.of("localhost"), List.of("127.0.0.1")), KeyAlgorithm.ECDSA_P256);
    this.caPem = ca.certificatePem();

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("serving", serving.privateKey(), password, new Certificate[] {serving.certificate(), ca.certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", this::handle);
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Starts a provider on a free loopback port, tokens timed by the system clock. */
  public static OidcIssuer start() {
    return start(Clock.systemUTC());
  }

  /** Starts a provider whose tokens get iat/nbf/exp from {@code clock}. */
  public static OidcIssuer start(Clock clock) {
    try {
      return new OidcIssuer(clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the OIDC issuer: " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException | JOSEException e) {
      throw new IllegalStateException("cannot create the OIDC issuer's keys or certificate: " + e.getMessage(), e);
    }
  }

  /** The issuer URL: https://127.0.0.1:PORT, what tokens carry in iss. */
  public String url() {
    return url;
  }

  /** The CA certificate (PEM) that signed the serving certificate. */
  public String caPem() {
    return caPem;
  }

  public String jwksUrl() {
    return url + JWKS_PATH;
  }

  /** An issuer for a JwtAuthenticator: this URL, these audiences (default "kubernetes"), this CA. */
  public Issuer issuer(String... audiences) {
    String[] auds = audiences.length == 0 ? new String[] {DEFAULT_AUDIENCE} : audiences;
    return Issuer.of(url, auds).withCertificateAuthority(caPem);
  }

  /** The kid of the RSA key tokens are signed with now. */
  public String currentKeyId() {
    return currentRsa.getKeyID();
  }

  /** The JWKS served: every RSA key not retired, and the EC key. */
  public synchronized JWKSet publicKeys() {
    List<JWK> keys = new ArrayList<>();
    rsaKeys.forEach(k -> keys.add(k.toPublicJWK()));
    keys.add(ecKey.toPublicJWK());
    return new JWKSet(keys);
  }

  /** Makes a new RSA key current; earlier keys stay published until {@link #retireOldKeys()}. Returns the new kid. */
  public synchronized String rotateKey() {
    try {
      currentRsa = newRsaKey();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key: " + e.getMessage(), e);
    }
    rsaKeys.add(currentRsa);
    return currentRsa.getKeyID();
  }

  /** Stops publishing every RSA key but the current one. */
  public synchronized void retireOldKeys() {
    rsaKeys.removeIf(k -> k != currentRsa);
  }

  /** Serves {@code body} (200, application/json) at {@code path}, e.g. a distributed claims endpoint. */
  public void serve(String path, String body) {
    extraRoutes.put(path, body);
  }

  /** How many requests {@code path} has had (e.g. {@link #JWKS_PATH}), to watch caching. */
  public int requestCount(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  /** A token builder with iss = this URL, aud = "kubernetes", iat = now, exp = now + 10 minutes. */
  public TokenBuilder token() {
    return new TokenBuilder();
  }

  /** Signs these claims as they are (no defaults) with the current RSA key, RS256. */
  public String mint(Map<String, Object> claims) {
    return sign(claims, JWSAlgorithm.RS256, currentRsa.getKeyID());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Builds and signs an ID token. */
  public final class TokenBuilder {
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JWSAlgorithm algorithm = JWSAlgorithm.RS256;
    private String keyId;

    private TokenBuilder() {
      Instant now = clock.instant();
      claims.put("iss", url);
      claims.put("aud", DEFAULT_AUDIENCE);
      claims.put("iat", now.getEpochSecond());
      claims.put("exp", now.plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    public TokenBuilder subject(String sub) {
      return claim("sub", sub);
    }

    public TokenBuilder email(String email, boolean verified) {
      claim("email", email);
      return claim("email_verified", verified);
    }

    public TokenBuilder groups(String... groups) {
      return claim("groups", List.of(groups));
    }

    public TokenBuilder audience(String... audiences) {
      return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    public TokenBuilder issuer(String iss) {
      return claim("iss", iss);
    }

    public TokenBuilder issuedAt(Instant at) {
      return claim("iat", at.getEpochSecond());
    }

    public TokenBuilder notBefore(Instant at) {
      return claim("nbf", at.getEpochSecond());
    }

    public TokenBuilder expiresAt(Instant at) {
      return claim("exp", at.getEpochSecond());
    }

    public TokenBuilder expiresIn(Duration d) {
      return expiresAt(clock.instant().plus(d));
    }

    /** Any claim; {@code null} removes it. */
    public TokenBuilder claim(String name, Object value) {
      if (value == null) {
        claims.remove(name);
      } else {
        claims.put(name, value);
      }
      return this;
    }

    /** RS256/384/512 and PS256/384/512 use the current RSA key, ES256 the EC key. */
    public TokenBuilder algorithm(JWSAlgorithm alg) {
      this.algorithm = alg;
      return this;
    }

    /** Puts another kid in the header (the signature still uses the chosen key). */
    public TokenBuilder keyId(String kid) {
      this.keyId = kid;
      return this;
    }

    public String sign() {
      String kid = keyId != null ? keyId : JWSAlgorithm.Family.EC.contains(algorithm) ? ecKey.getKeyID() : currentRsa.getKeyID();
      return OidcIssuer.this.sign(claims, algorithm, kid);
    }
  }

  private String sign(Map<String, Object> claims, JWSAlgorithm alg, String kid) {
    try {
      JWSSigner signer = JWSAlgorithm.Family.EC.contains(alg) ? new ECDSASigner(ecKey) : new RSASSASigner(currentRsa);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), JWTClaimsSet.parse(claims));
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException | java.text.ParseException e) {
      throw new IllegalArgumentException("cannot sign the token: " + e.getMessage(), e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String body;
    int status = 200;
    if (path.equals(Discovery.WELL_KNOWN)) {
      body = "{\"issuer\":\"" + url + "\",\"jwks_uri\":\"" + jwksUrl() + "\",\"response_types_supported\":[\"id_token\"],"
          + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}";
    } else if (path.equals(JWKS_PATH)) {
      body = publicKeys().toString();
    } else if (extraRoutes.containsKey(path)) {
      body = extraRoutes.get(path);
    } else {
      status = 404;
      body = "404 page not found";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static RSAKey newRsaKey() throws JOSEException {
    return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint(true).generate();
  }

}
