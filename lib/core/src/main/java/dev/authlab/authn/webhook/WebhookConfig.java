package dev.authlab.authn.webhook;

import dev.authlab.authn.CachedTokenAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.gofmt.GoDurations;
import dev.authlab.manifest.ManifestWriter;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The webhook token authenticator's configuration, mirroring kube-apiserver's flags: the
 * kubeconfig-format file of --authentication-token-webhook-config-file (webhook URL, the CA that
 * signs its serving certificate, the client certificate or token the API server presents),
 * --authentication-token-webhook-cache-ttl and --authentication-token-webhook-version.
 *
 * <p>{@link #authenticator} builds what kube-apiserver builds from these flags (the webhook behind a
 * token cache); {@link #writeApiServerConfig} writes the same configuration for a real API server.
 * Keys and tokens never appear in {@link #toString()}.
 */
public record WebhookConfig(
    String server,
    Optional<String> certificateAuthorityPem,
    Optional<ClientCertificate> clientCertificate,
    Optional<String> bearerToken,
    TlsVerification tlsVerification,
    Optional<String> tlsServerName,
    Duration cacheTtl,
    WebhookVersion version) {

  /** --authentication-token-webhook-cache-ttl's default. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(2);

  /** The file {@link #writeApiServerConfig} writes. */
  public static final String CONFIG_FILE_NAME = "authentication-token-webhook.kubeconfig";

  /** How the API server checks the webhook's serving certificate. */
  public enum TlsVerification {
    /** Against the CA (or the system trust store without one), including the host name. */
    VERIFY,
    /** insecure-skip-tls-verify: not at all. */
    INSECURE_SKIP_VERIFY
  }

  /** The certificate and key the API server presents to the webhook (users[].user.client-*). */
  public record ClientCertificate(String certificatePem, String privateKeyPem) {
    public ClientCertificate {
      Objects.requireNonNull(certificatePem, "certificatePem");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    @Override
    public String toString() {
      return "ClientCertificate[certificatePem=" + certificatePem.length() + " chars, privateKeyPem=<redacted>]";
    }
  }

  public WebhookConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(certificateAuthorityPem, "certificateAuthorityPem");
    Objects.requireNonNull(clientCertificate, "clientCertificate");
    Objects.requireNonNull(bearerToken, "bearerToken");
    Objects.requireNonNull(tlsVerification, "tlsVerification");
    Objects.requireNonNull(tlsServerName, "tlsServerName");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(version, "version");
    if (server.isBlank()) {
      throw new IllegalArgumentException("the webhook server URL is empty");
    }
  }

  /** A webhook at {@code server} whose serving certificate is signed by {@code caPem}; defaults elsewhere. */
  public static WebhookConfig of(String server, String caPem) {
    return new WebhookConfig(server, Optional.of(caPem), Optional.empty(), Optional.empty(), TlsVerification.VERIFY,
        Optional.empty(), DEFAULT_CACHE_TTL, WebhookVersion.V1);
  }

  public WebhookConfig withClientCertificate(String certificatePem, String privateKeyPem) {
    return new WebhookConfig(server, certificateAuthorityPem, Optional.of(new ClientCertificate(certificatePem, privateKeyPem)),
        bearerToken, tlsVerification, tlsServerName, cacheTtl, version);
  }

  public WebhookConfig withBearerToken(String token) {
    return new WebhookConfig(server, certificateAuthorityPem, clientCertificate, Optional.of(token), tlsVerification, tlsServerName,
        cacheTtl, version);
  }

  public WebhookConfig withCertificateAuthority(Optional<String> caPem) {
    return new WebhookConfig(server, caPem, clientCertificate, bearerToken, tlsVerification, tlsServerName, cacheTtl, version);
  }

  public WebhookConfig withTlsVerification(TlsVerification verification) {
    return new WebhookConfig(server, certificateAuthorityPem, clientCertificate, bearerToken, verification, tlsServerName, cacheTtl,
        version);
  }

  public WebhookConfig withTlsServerName(String name) {
    return new WebhookConfig(server, certificateAuthorityPem, clientCertificate, bearerToken, tlsVerification, Optional.of(name),
        cacheTtl, version);
  }

  public WebhookConfig withServer(String newServer) {
    return new WebhookConfig(newServer, certificateAuthorityPem, clientCertificate, bearerToken, tlsVerification, tlsServerName,
        cacheTtl, version);
  }

  public WebhookConfig withCacheTtl(Duration ttl) {
    return new WebhookConfig(server, certificateAuthorityPem, clientCertificate, bearerToken, tlsVerification, tlsServerName, ttl,
        version);
  }

  public WebhookConfig withVersion(WebhookVersion newVersion) {
    return new WebhookConfig(server, certificateAuthorityPem, clientCertificate, bearerToken, tlsVerification, tlsServerName,
        cacheTtl, newVersion);
  }

  /**
   * What kube-apiserver builds from these flags: the webhook authenticator (with the API server's
   * --api-audiences as its implicit audiences) behind a token cache that keeps answers for the
   * cache TTL, successes and failures alike, but never errors.
   *
   * @throws WebhookConfigException when the certificate data is unusable, as kube-apiserver would
   *     fail to start
   */
  public TokenAuthenticator authenticator(List<String> apiAudiences) {
    WebhookTokenAuthenticator webhook = WebhookTokenAuthenticator.builder(this).implicitAudiences(apiAudiences).build();
    return CachedTokenAuthenticator.of(webhook, CachedTokenAuthenticator.ErrorCaching.DO_NOT_CACHE_ERRORS, cacheTtl, cacheTtl,
        Clock.systemUTC());
  }

  /** The kubeconfig-format file kube-apiserver reads: one cluster, one user, one current context. */
  public Config kubeconfig() {
    Cluster cluster = new Cluster();
    cluster.setServer(server);
    certificateAuthorityPem.ifPresent(ca -> cluster.setCertificateAuthorityData(base64(ca)));
    if (tlsVerification == TlsVerification.INSECURE_SKIP_VERIFY) {
      cluster.setInsecureSkipTlsVerify(true);
    }
    tlsServerName.ifPresent(cluster::setTlsServerName);
    AuthInfo user = new AuthInfo();
    clientCertificate.ifPresent(client -> {
      user.setClientCertificateData(base64(client.certificatePem()));
      user.setClientKeyData(base64(client.privateKeyPem()));
    });
    bearerToken.ifPresent(user::setToken);
    Context context = new Context();
    context.setCluster("webhook");
    context.setUser("kube-apiserver");
    Config config = new Config();
    config.setApiVersion("v1");
    config.setKind("Config");
    config.setClusters(new ArrayList<>(List.of(new NamedCluster(cluster, "webhook"))));
    config.setUsers(new ArrayList<>(List.of(new NamedAuthInfo("kube-apiserver", user))));
    config.setContexts(new ArrayList<>(List.of(new NamedContext(context, "webhook"))));
    config.setCurrentContext("webhook");
    return config;
  }

  /**
   * Writes {@value #CONFIG_FILE_NAME} into {@code dir} (readable by its owner only, since it may
   * hold a key or token) and returns the kube-apiserver flags that use it.
   */
  public List<String> writeApiServerConfig(Path dir) {
    Path file = dir.resolve(CONFIG_FILE_NAME).toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Files.writeString(file, ManifestWriter.toYaml(kubeconfig()), StandardCharsets.UTF_8);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new WebhookConfigException(file + ": cannot write the webhook kubeconfig: " + e.getClass().getSimpleName());
    }
    return List.of(
        "--authentication-token-webhook-config-file=" + file,
        "--authentication-token-webhook-cache-ttl=" + GoDurations.format(cacheTtl),
        "--authentication-token-webhook-version=" + version.value());
  }

  /**
   * Reads a kubeconfig-format webhook file as kube-apiserver does (current context, relative paths
   * against the file's directory, client-go's validation and messages), with the default cache TTL
   * and version; set those with {@link #withCacheTtl} and {@link #withVersion}.
   *
   * @throws WebhookConfigException with a one-line message naming the file
   */
  public static WebhookConfig read(Path file) {
    return KubeconfigLoader.load(file);
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "WebhookConfig[server=" + server
        + ", certificateAuthority=" + (certificateAuthorityPem.isPresent() ? "<pem>" : "none")
        + ", clientCertificate=" + (clientCertificate.isPresent() ? "<pem>, key <redacted>" : "none")
        + ", bearerToken=" + (bearerToken.isPresent() ? "<redacted>" : "none")
        + ", tlsVerification=" + tlsVerification
        + ", tlsServerName=" + tlsServerName.orElse("none")
        + ", cacheTtl=" + GoDurations.format(cacheTtl)
        + ", version=" + version.value() + "]";
  }
}
