package dev.authlab.cluster.kind;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.Issuer;
import dev.authlab.authn.oidc.JwtAuthenticator;
import dev.authlab.authn.webhook.WebhookConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one {@link AuthnSettings} and a list of authorization modes become on a kind node, computed
 * without Docker so it can be tested anywhere.
 *
 * <p>{@link #of} checks the input and rewrites the URLs of servers on the host's loopback interface
 * (a TokenReview webhook, an OIDC issuer's discovery document) to the Testcontainers host alias
 * {@value #HOST_ALIAS}; {@link #hostEndpoints} lists them, so their ports can be exposed before the
 * node starts. {@link #render} then writes the node's copy of the settings with
 * {@link AuthnSettings#writeApiServerConfig} into a scratch directory, maps every file to
 * {@value #NODE_DIR}, and gives the flags and static pod manifest edits ({@link KindNodeConfig}).
 *
 * <p>Rules, each one also in docs/kind.md:
 * <ul>
 *   <li>A flag given here replaces kubeadm's flag of the same name; for the methods the settings
 *       configure, kubeadm's whole flag family goes ({@code --requestheader-*},
 *       {@code --service-account-*}, {@code --authentication-token-webhook-*}, {@code --oidc-*}).
 *       Methods the settings leave out keep kubeadm's flags: the node's own components need the
 *       cluster CA, the front-proxy CA and the service-account key.
 *   <li>The client CA bundle gets kind's cluster CA appended, or the kubelet, the controller manager,
 *       the scheduler and the admin could no longer authenticate.
 *   <li>Bootstrap-token authentication is turned off ({@code --enable-bootstrap-token-auth=false}):
 *       it is not part of {@link AuthnSettings}, and kindcontainer's fixed token
 *       {@code abcdef.0123456789abcdef} would otherwise authenticate.
 *   <li>A webhook on the host is called at {@value #HOST_ALIAS} with {@code tls-server-name} set to
 *       the original host (unless one is set or TLS is not verified), so its certificate for
 *       127.0.0.1 still verifies.
 *   <li>An OIDC issuer on the host keeps its URL (tokens carry it in {@code iss}); the node reads the
 *       discovery document from a {@code discoveryURL} at {@value #HOST_ALIAS}. The issuer must serve
 *       a certificate for {@value #HOST_ALIAS} and a discovery document whose {@code jwks_uri} the node
 *       can reach. The legacy {@code --oidc-*} flags have no discovery URL, so they are refused for
 *       an issuer on the host.
 * </ul>
 */
public final class KindApiServerPatch {

  /** Where the settings' files live in the node, mounted read-only into kube-apiserver. */
  public static final String NODE_DIR = "/etc/kubernetes/authlab";

  /** The name containers use for the Docker host (Testcontainers' {@code GenericContainer.INTERNAL_HOST_HOSTNAME}). */
  public static final String HOST_ALIAS = "host.testcontainers.internal";

  public static final String API_SERVER_MANIFEST = "/etc/kubernetes/manifests/kube-apiserver.yaml";

  public static final String CONTROLLER_MANAGER_MANIFEST = "/etc/kubernetes/manifests/kube-controller-manager.yaml";

  /** kubeadm's cluster CA in the node: it signed the kubelet's, the controllers' and the admin's client certificates. */
  public static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";

  /** The modes that need no configuration file. ABAC and Webhook would need one the spec cannot carry. */
  public static final List<String> SUPPORTED_AUTHORIZATION_MODES = List.of("AlwaysAllow", "AlwaysDeny", "Node", "RBAC");

  /** kube-apiserver flags whose value is a file the node must have, and that file's mode. */
  static final Map<String, Integer> FILE_FLAGS = fileFlags();

  /** Set on every kind node: the one authenticator kubeadm adds that AuthnSettings does not model. */
  static final String NO_BOOTSTRAP_TOKENS = "--enable-bootstrap-token-auth=false";

  private final AuthnSettings settings;
  private final AuthnSettings nodeSettings;
  private final List<String> authorizationModes;
  private final List<HostEndpoint> hostEndpoints;

  private KindApiServerPatch(AuthnSettings settings, AuthnSettings nodeSettings, List<String> authorizationModes, List<HostEndpoint> hostEndpoints) {
    this.settings = settings;
    this.nodeSettings = nodeSettings;
    this.authorizationModes = List.copyOf(authorizationModes);
    this.hostEndpoints = List.copyOf(hostEndpoints);
  }

  /**
   * Checks the settings and modes and rewrites host endpoints.
   *
   * @throws IllegalArgumentException (one line) for an unsupported authorization mode, or legacy
   *     {@code --oidc-*} flags pointing at the host
   */
  public static KindApiServerPatch of(AuthnSettings settings, List<String> authorizationModes) {
    Objects.requireNonNull(settings, "settings");
    List<String> modes = List.copyOf(authorizationModes);
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("--authorization-mode needs at least one mode (e.g. RBAC)");
    }
    for (String mode : modes) {
      if (!SUPPORTED_AUTHORIZATION_MODES.contains(mode)) {
        throw new IllegalArgumentException("authorization mode \"" + mode + "\" is not supported on kind; use "
            + String.join(", ", SUPPORTED_AUTHORIZATION_MODES));
      }
    }
    List<HostEndpoint> endpoints = new ArrayList<>();
    Optional<AuthnSettings.Jwt> jwt = settings.jwt().map(j -> nodeJwt(j, endpoints));
    Optional<WebhookConfig> webhook = settings.webhook().map(w -> nodeWebhook(w, endpoints));
    AuthnSettings node = new AuthnSettings(settings.tokenFile(), settings.clientCa(), settings.requestHeader(), settings.serviceAccounts(),
        jwt, webhook, settings.anonymous(), settings.apiAudiences());
    return new KindApiServerPatch(settings, node, modes, endpoints);
  }

  /** The settings as given: what the library is configured with. */
  public AuthnSettings settings() {
    return settings;
  }

  /** The settings as the node gets them: host endpoints rewritten to {@value #HOST_ALIAS}. */
  public AuthnSettings nodeSettings() {
    return nodeSettings;
  }

  public List<String> authorizationModes() {
    return authorizationModes;
  }

  /** Servers on the host the node must reach, in flag order. */
  public List<HostEndpoint> hostEndpoints() {
    return hostEndpoints;
  }

  /** The host ports to pass to {@code Testcontainers.exposeHostPorts}, ascending, each once. */
  public List<Integer> hostPorts() {
    return List.copyOf(new TreeSet<>(hostEndpoints.stream().map(HostEndpoint::port).toList()));
  }

  /**
   * Writes the node's settings into {@code scratchDir} and maps them into the node.
   *
   * @param clusterCaPem kind's cluster CA ({@value #CLUSTER_CA}), appended to the client CA bundle
   * @param scratchDir a directory on the host this call may write to; the caller deletes it
   * @throws IllegalStateException when a flag refers to a file in {@code scratchDir} that is not in
   *     {@link #FILE_FLAGS} (a new AuthnSettings flag this class does not know yet)
   */
  public KindNodeConfig render(String clusterCaPem, Path scratchDir) {
    Objects.requireNonNull(clusterCaPem, "clusterCaPem");
    Path root = scratchDir.toAbsolutePath().normalize();
    List<String> hostFlags = nodeSettings.writeApiServerConfig(root);
    Map<String, NodeFile> files = new LinkedHashMap<>();
    List<String> flags = new ArrayList<>();
    for (String flag : hostFlags) {
      String name = StaticPodManifest.flagName(flag);
      String value = flag.length() > name.length() ? flag.substring(name.length() + 1) : "";
      if (!FILE_FLAGS.containsKey(name)) {
        if (value.contains(root.toString())) {
          throw new IllegalStateException("kube-apiserver flag " + name + " refers to " + value
              + ", a file KindApiServerPatch does not know how to copy into the node");
        }
        flags.add(flag);
        continue;
      }
      Path hostFile = Path.of(value).toAbsolutePath().normalize();
      String nodePath = hostFile.startsWith(root)
          ? NODE_DIR + "/" + root.relativize(hostFile).toString().replace('\\', '/')
          : NODE_DIR + "/" + name.substring(2) + "/" + hostFile.getFileName();
      String content = read(hostFile, name);
      if (name.equals("--client-ca-file")) {
        content = (content.endsWith("\n") ? content : content + "\n") + clusterCaPem;
      }
      files.putIfAbsent(nodePath, new NodeFile(nodePath, content, FILE_FLAGS.get(name)));
      flags.add(name + "=" + nodePath);
    }
    flags.add("--authorization-mode=" + String.join(",", authorizationModes));
    flags.add(NO_BOOTSTRAP_TOKENS);

    List<String> replaced = new ArrayList<>();
    nodeSettings.requestHeader().ifPresent(r -> replaced.add("--requestheader-"));
    nodeSettings.serviceAccounts().ifPresent(s -> replaced.add("--service-account-"));
    nodeSettings.webhook().ifPresent(w -> replaced.add("--authentication-token-webhook-"));
    nodeSettings.jwt().ifPresent(j -> replaced.add("--oidc-"));

    List<String> controllerManager = new ArrayList<>();
    flags.stream()
        .filter(f -> f.startsWith("--service-account-signing-key-file="))
        .findFirst()
        .ifPresent(f -> controllerManager.add("--service-account-private-key-file=" + f.substring(f.indexOf('=') + 1)));
    return new KindNodeConfig(List.copyOf(files.values()), flags, replaced, controllerManager);
  }

  private static AuthnSettings.Jwt nodeJwt(AuthnSettings.Jwt jwt, List<HostEndpoint> endpoints) {
    if (jwt instanceof AuthnSettings.Jwt.Legacy legacy) {
      Optional<URI> issuer = parse(legacy.flags().issuerUrl());
      if (issuer.isPresent() && HostEndpoint.isLoopback(issuer.get())) {
        throw new IllegalArgumentException("--oidc-issuer-url " + legacy.flags().issuerUrl()
            + " is on the host, which a kind node reaches only by another name, and the --oidc-* flags cannot set a discovery URL;"
            + " use an AuthenticationConfiguration (LegacyOidcFlags.toAuthenticationConfiguration()) instead");
      }
      return jwt;
    }
    AuthenticationConfiguration configuration = ((AuthnSettings.Jwt.Structured) jwt).configuration();
    List<JwtAuthenticator> authenticators = new ArrayList<>();
    for (JwtAuthenticator authenticator : configuration.jwt()) {
      authenticators.add(nodeAuthenticator(authenticator, endpoints));
    }
    return new AuthnSettings.Jwt.Structured(new AuthenticationConfiguration(authenticators, configuration.anonymous()));
  }

  private static JwtAuthenticator nodeAuthenticator(JwtAuthenticator authenticator, List<HostEndpoint> endpoints) {
    Issuer issuer = authenticator.issuer();
    String document = issuer.discoveryURL().isEmpty() ? wellKnown(issuer.url()) : issuer.discoveryURL();
    Optional<URI> url = parse(document);
    if (issuer.url().isEmpty() || url.isEmpty() || !HostEndpoint.isLoopback(url.get())) {
      return authenticator;
    }
    URI nodeUrl = HostEndpoint.withHost(url.get(), HOST_ALIAS);
    endpoints.add(new HostEndpoint("OIDC discovery for issuer " + issuer.url(), url.get(), nodeUrl));
    return authenticator.withIssuer(issuer.withDiscoveryURL(nodeUrl.toString()));
  }

  private static WebhookConfig nodeWebhook(WebhookConfig webhook, List<HostEndpoint> endpoints) {
    Optional<URI> server = parse(webhook.server());
    if (server.isEmpty() || !HostEndpoint.isLoopback(server.get())) {
      return webhook;
    }
    URI nodeUrl = HostEndpoint.withHost(server.get(), HOST_ALIAS);
    endpoints.add(new HostEndpoint("authentication webhook", server.get(), nodeUrl));
    WebhookConfig node = webhook.withServer(nodeUrl.toString());
    boolean verified = webhook.tlsVerification() == WebhookConfig.TlsVerification.VERIFY && "https".equalsIgnoreCase(server.get().getScheme());
    if (verified && webhook.tlsServerName().isEmpty()) {
      node = node.withTlsServerName(HostEndpoint.tlsName(server.get()));
    }
    return node;
  }

  /** go-oidc's discovery location: the issuer without one trailing slash, then the well-known path. */
  static String wellKnown(String issuerUrl) {
    String base = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
    return base + "/.well-known/openid-configuration";
  }

  private static Optional<URI> parse(String url) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() == null || uri.getHost() == null ? Optional.empty() : Optional.of(uri);
    } catch (URISyntaxException e) {
      // Not a URL this class can rewrite; kube-apiserver reports it with its own words.
      return Optional.empty();
    }
  }

  private static String read(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(flag + " " + file + ": cannot read it to copy it into the node: " + e.getMessage(), e);
    }
  }

  private static Map<String, Integer> fileFlags() {
    Map<String, Integer> flags = new LinkedHashMap<>();
    flags.put("--token-auth-file", NodeFile.PRIVATE);
    flags.put("--client-ca-file", NodeFile.PUBLIC);
    flags.put("--requestheader-client-ca-file", NodeFile.PUBLIC);
    flags.put("--service-account-key-file", NodeFile.PUBLIC);
    flags.put("--service-account-signing-key-file", NodeFile.PRIVATE);
    flags.put("--authentication-config", NodeFile.PRIVATE);
    flags.put("--authentication-token-webhook-config-file", NodeFile.PRIVATE);
    flags.put("--oidc-ca-file", NodeFile.PUBLIC);
    return java.util.Collections.unmodifiableMap(flags);
  }
}
