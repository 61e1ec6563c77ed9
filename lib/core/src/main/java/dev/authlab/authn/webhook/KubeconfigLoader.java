package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoErrors;
import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Loads a webhook kubeconfig the way kube-apiserver does (client-go's clientcmd with the file as the
 * only source): decode into fabric8's {@link Config}, resolve relative paths against the file's
 * directory, pick the current context (an unset one selects the cluster and user named ""), then
 * validate with clientcmd's rules and messages.
 */
final class KubeconfigLoader {

  // the YAML 1.2 core schema reads true/false/null as Go's YAML library does
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().yamlSchema(YAMLSchema.CORE).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private static final String EMPTY_CONFIG = "no configuration has been provided, try setting KUBERNETES_MASTER environment variable";
  private static final String EMPTY_CLUSTER = "cluster has no server defined";

  private KubeconfigLoader() {}

  static WebhookConfig load(Path file) {
    String shown = file.toString();
    if (!Files.exists(file)) {
      throw new WebhookConfigException("stat " + shown + ": no such file or directory");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw loadError(shown, osError("read", shown, e));
    }
    Config config = decode(shown, text);
    Path base = file.toAbsolutePath().getParent();
    return resolve(shown, config, base);
  }

  // ---- decoding

  private static Config decode(String shown, String text) {
    JsonNode tree;
    try {
      tree = text.isBlank() ? JSON.createObjectNode() : YAML.readTree(text);
    } catch (JacksonException e) {
      throw loadError(shown, syntax(e));
    }
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      tree = JSON.createObjectNode();
    }
    if (!tree.isObject()) {
      throw loadError(shown, "json: cannot unmarshal " + GoJsonTypes.of(tree) + " into Go value of type v1.Config");
    }
    checkShape(shown, tree);
    try {
      return JSON.treeToValue(tree, Config.class);
    } catch (JacksonException e) {
      throw loadError(shown, GoStrings.trimSpace(String.valueOf(e.getOriginalMessage())).lines().findFirst().orElse("invalid kubeconfig"));
    }
  }

  private static String syntax(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    String problem = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("invalid YAML");
    if (location != null && location.getLineNr() > 0) {
      return "yaml: line " + location.getLineNr() + ": " + problem;
    }
    return "yaml: " + problem;
  }

  private static WebhookConfigException loadError(String shown, String problem) {
    // client-go's own wrapping already names the file
    return new WebhookConfigException("error loading config file " + GoStrings.quote(shown) + ": " + problem);
  }

  /** The field types Go's decoder insists on, with its "cannot unmarshal" texts, for the fields we read. */
  private static void checkShape(String shown, JsonNode root) {
    expect(shown, root, "current-context", "Config", "current-context", Kind.STRING);
    expect(shown, root, "apiVersion", "Config", "apiVersion", Kind.STRING);
    expect(shown, root, "kind", "Config", "kind", Kind.STRING);
    checkList(shown, root, "clusters", "[]v1.NamedCluster", "NamedCluster", "cluster", "Cluster", List.of(
        new Field("server", Kind.STRING), new Field("certificate-authority", Kind.STRING),
        new Field("certificate-authority-data", Kind.BYTES), new Field("insecure-skip-tls-verify", Kind.BOOL),
        new Field("tls-server-name", Kind.STRING), new Field("proxy-url", Kind.STRING),
        new Field("disable-compression", Kind.BOOL)));
    checkList(shown, root, "users", "[]v1.NamedAuthInfo", "NamedAuthInfo", "user", "AuthInfo", List.of(
        new Field("client-certificate", Kind.STRING), new Field("client-certificate-data", Kind.BYTES),
        new Field("client-key", Kind.STRING), new Field("client-key-data", Kind.BYTES), new Field("token", Kind.STRING),
        new Field("tokenFile", Kind.STRING), new Field("username", Kind.STRING), new Field("password", Kind.STRING),
        new Field("as", Kind.STRING)));
    checkList(shown, root, "contexts", "[]v1.NamedContext", "NamedContext", "context", "Context", List.of(
        new Field("cluster", Kind.STRING), new Field("user", Kind.STRING), new Field("namespace", Kind.STRING)));
  }

  private enum Kind {
    STRING("string"),
    BOOL("bool"),
    BYTES("[]uint8"),
    OBJECT("");

    final String goType;

    Kind(String goType) {
      this.goType = goType;
    }
  }

  private record Field(String name, Kind kind) {}

  private static void checkList(
      String shown, JsonNode root, String listName, String listType, String namedStruct, String innerName, String innerStruct,
      List<Field> fields) {
    JsonNode list = root.get(listName);
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw loadError(shown, cannotUnmarshal(list, "Config", listName, listType));
    }
    for (JsonNode item : list) {
      if (item.isNull()) {
        continue;
      }
      if (!item.isObject()) {
        throw loadError(shown, cannotUnmarshal(item, "Config", listName, "v1." + namedStruct));
      }
      expect(shown, item, "name", namedStruct, listName + ".name", Kind.STRING);
      JsonNode inner = item.get(innerName);
      if (inner == null || inner.isNull()) {
        continue;
      }
      if (!inner.isObject()) {
        throw loadError(shown, cannotUnmarshal(inner, namedStruct, listName + "." + innerName, "v1." + innerStruct));
      }
      for (Field field : fields) {
        expect(shown, inner, field.name(), innerStruct, listName + "." + innerName + "." + field.name(), field.kind());
      }
    }
  }

  private static void expect(String shown, JsonNode parent, String name, String struct, String path, Kind kind) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    boolean ok = switch (kind) {
      case STRING -> value.isString();
      case BOOL -> value.isBoolean();
      case BYTES -> value.isString();
      case OBJECT -> value.isObject();
    };
    if (!ok) {
      throw loadError(shown, cannotUnmarshal(value, struct, path, kind.goType));
    }
    if (kind == Kind.BYTES) {
      decodeBase64(shown, value.asString());
    }
  }

  private static String cannotUnmarshal(JsonNode value, String struct, String path, String goType) {
    return "json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go struct field " + struct + "." + path + " of type " + goType;
  }

  /** Go's base64.StdEncoding as encoding/json uses it for []byte: padded, CR and LF ignored. */
  static byte[] decodeBase64(String shown, String value) {
    String compact = value.replace("\r", "").replace("\n", "");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
          || c == '=' || c == '\r' || c == '\n';
      if (!alphabet) {
        throw loadError(shown, "illegal base64 data at input byte " + i);
      }
    }
    try {
      if (compact.length() % 4 != 0) {
        throw new IllegalArgumentException("length");
      }
      return java.util.Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw loadError(shown, "illegal base64 data at input byte " + Math.max(0, compact.length() - compact.length() % 4));
    }
  }

  // ---- resolving and validating, as clientcmd's DirectClientConfig

  private static WebhookConfig resolve(String shown, Config config, Path base) {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    for (NamedCluster named : nonNull(config.getClusters())) {
      if (named != null) {
        clusters.put(orEmpty(named.getName()), named.getCluster() == null ? new Cluster() : named.getCluster());
      }
    }
    Map<String, AuthInfo> users = new LinkedHashMap<>();
    for (NamedAuthInfo named : nonNull(config.getUsers())) {
      if (named != null) {
        users.put(orEmpty(named.getName()), named.getUser() == null ? new AuthInfo() : named.getUser());
      }
    }
    Map<String, Context> contexts = new LinkedHashMap<>();
    for (NamedContext named : nonNull(config.getContexts())) {
      if (named != null) {
        contexts.put(orEmpty(named.getName()), named.getContext() == null ? new Context() : named.getContext());
      }
    }
    String contextName = orEmpty(config.getCurrentContext());
    Context context = contexts.getOrDefault(contextName, new Context());
    String clusterName = orEmpty(context.getCluster());
    String userName = orEmpty(context.getUser());
    Optional<Cluster> cluster = Optional.ofNullable(clusters.get(clusterName));
    AuthInfo user = users.getOrDefault(userName, new AuthInfo());

    List<String> errors = new ArrayList<>();
    if (!contextName.isEmpty() && !contexts.containsKey(contextName)) {
      errors.add("context was not found for specified context: " + contextName);
    }
    errors.addAll(validateUser(userName, user, base));
    errors.addAll(validateCluster(clusterName, cluster, base));
    if (errors.size() == 1 && errors.get(0).equals(EMPTY_CLUSTER)) {
      throw new WebhookConfigException(shown + ": invalid configuration: " + EMPTY_CONFIG);
    }
    if (!errors.isEmpty()) {
      throw new WebhookConfigException(shown + ": invalid configuration: " + GoErrors.aggregate(errors));
    }
    Cluster c = cluster.orElseThrow();
    refuseUnsupported(shown, c, user);
    return build(shown, c, user, base);
  }

  private static List<String> validateCluster(String name, Optional<Cluster> found, Path base) {
    List<String> errors = new ArrayList<>();
    if (found.isEmpty()) {
      return List.of(EMPTY_CLUSTER);
    }
    Cluster cluster = found.get();
    if (orEmpty(cluster.getServer()).isEmpty()) {
      errors.add(name.isEmpty() ? "default cluster has no server defined" : "no server found for cluster " + GoStrings.quote(name));
    }
    String caFile = orEmpty(cluster.getCertificateAuthority());
    if (!caFile.isEmpty() && !orEmpty(cluster.getCertificateAuthorityData()).isEmpty()) {
      errors.add("certificate-authority-data and certificate-authority are both specified for " + name
          + ". certificate-authority-data will override.");
    }
    if (!caFile.isEmpty()) {
      String path = resolvePath(base, caFile);
      openError(path).ifPresent(e -> errors.add("unable to read certificate-authority " + path + " for " + name + " due to " + e));
    }
    return errors;
  }

  private static List<String> validateUser(String name, AuthInfo user, Path base) {
    List<String> errors = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    if (!orEmpty(user.getToken()).isEmpty()) {
      methods.add("token");
    }
    if (!orEmpty(user.getUsername()).isEmpty() || !orEmpty(user.getPassword()).isEmpty()) {
      methods.add("basicAuth");
    }
    String certFile = orEmpty(user.getClientCertificate());
    String certData = orEmpty(user.getClientCertificateData());
    String keyFile = orEmpty(user.getClientKey());
    String keyData = orEmpty(user.getClientKeyData());
    if (!certFile.isEmpty() || !certData.isEmpty()) {
      if (!certFile.isEmpty() && !certData.isEmpty()) {
        errors.add("client-cert-data and client-cert are both specified for " + name + ". client-cert-data will override.");
      }
      if (!keyFile.isEmpty() && !keyData.isEmpty()) {
        errors.add("client-key-data and client-key are both specified for " + name + "; client-key-data will override");
      }
      if (keyFile.isEmpty() && keyData.isEmpty()) {
        errors.add("client-key-data or client-key must be specified for " + name + " to use the clientCert authentication method.");
      }
      if (!certFile.isEmpty()) {
        String path = resolvePath(base, certFile);
        openError(path).ifPresent(e -> errors.add("unable to read client-cert " + path + " for " + name + " due to " + e));
      }
      if (!keyFile.isEmpty()) {
        String path = resolvePath(base, keyFile);
        openError(path).ifPresent(e -> errors.add("unable to read client-key " + path + " for " + name + " due to " + e));
      }
    }
    if (methods.size() > 1) {
      errors.add("more than one authentication method found for " + name + "; found " + GoStrings.list(methods)
          + ", only one is allowed");
    }
    boolean impersonationExtras = !nonNull(user.getAsGroups()).isEmpty() || !orEmpty(user.getAsUid()).isEmpty()
        || (user.getAsUserExtra() != null && !user.getAsUserExtra().isEmpty());
    if (impersonationExtras && orEmpty(user.getAs()).isEmpty()) {
      errors.add("requesting uid, groups or user-extra for " + name + " without impersonating a user");
    }
    return errors;
  }

  private static void refuseUnsupported(String shown, Cluster cluster, AuthInfo user) {
    List<String> unsupported = new ArrayList<>();
    if (!orEmpty(cluster.getProxyUrl()).isEmpty()) {
      unsupported.add("proxy-url");
    }
    if (user.getExec() != null) {
      unsupported.add("exec credential plugins");
    }
    if (user.getAuthProvider() != null) {
      unsupported.add("auth-provider");
    }
    if (!orEmpty(user.getUsername()).isEmpty() || !orEmpty(user.getPassword()).isEmpty()) {
      unsupported.add("basic authentication (username/password)");
    }
    if (!orEmpty(user.getAs()).isEmpty()) {
      unsupported.add("impersonation (as)");
    }
    if (!unsupported.isEmpty()) {
      // kube-apiserver accepts these; the kit's webhook client does not implement them
      throw new WebhookConfigException(shown + ": not supported by authlab's webhook client: " + String.join(", ", unsupported));
    }
  }

  private static WebhookConfig build(String shown, Cluster cluster, AuthInfo user, Path base) {
    Optional<String> ca = Optional.empty();
    if (!orEmpty(cluster.getCertificateAuthorityData()).isEmpty()) {
      ca = Optional.of(new String(decodeBase64(shown, cluster.getCertificateAuthorityData()), StandardCharsets.UTF_8));
    } else if (!orEmpty(cluster.getCertificateAuthority()).isEmpty()) {
      ca = Optional.of(readFile(shown, resolvePath(base, cluster.getCertificateAuthority())));
    }
    Optional<WebhookConfig.ClientCertificate> client = Optional.empty();
    boolean hasCert = !orEmpty(user.getClientCertificateData()).isEmpty() || !orEmpty(user.getClientCertificate()).isEmpty();
    boolean hasKey = !orEmpty(user.getClientKeyData()).isEmpty() || !orEmpty(user.getClientKey()).isEmpty();
    if (hasCert && hasKey) {
      String cert = !orEmpty(user.getClientCertificateData()).isEmpty()
          ? new String(decodeBase64(shown, user.getClientCertificateData()), StandardCharsets.UTF_8)
          : readFile(shown, resolvePath(base, user.getClientCertificate()));
      String key = !orEmpty(user.getClientKeyData()).isEmpty()
          ? new String(decodeBase64(shown, user.getClientKeyData()), StandardCharsets.UTF_8)
          : readFile(shown, resolvePath(base, user.getClientKey()));
      client = Optional.of(new WebhookConfig.ClientCertificate(cert, key));
    }
    Optional<String> token = Optional.empty();
    if (!orEmpty(user.getTokenFile()).isEmpty()) {
      // client-go prefers the token file (re-read every minute; the kit reads it once)
      String path = resolvePath(base, user.getTokenFile());
      try {
        token = Optional.of(GoStrings.trimSpace(Files.readString(Path.of(path), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        if (orEmpty(user.getToken()).isEmpty()) {
          throw new WebhookConfigException(shown + ": failed to read token file " + GoStrings.quote(path) + ": " + osError("open", path, e));
        }
        token = Optional.of(user.getToken());
      }
    } else if (!orEmpty(user.getToken()).isEmpty()) {
      token = Optional.of(user.getToken());
    }
    WebhookConfig.TlsVerification verification = Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())
        ? WebhookConfig.TlsVerification.INSECURE_SKIP_VERIFY
        : WebhookConfig.TlsVerification.VERIFY;
    Optional<String> serverName = Optional.ofNullable(cluster.getTlsServerName()).filter(s -> !s.isEmpty());
    WebhookConfig config = new WebhookConfig(cluster.getServer(), ca, client, token, verification, serverName,
        WebhookConfig.DEFAULT_CACHE_TTL, WebhookVersion.V1);
    try {
      WebhookTransport.checkConfig(config);
    } catch (WebhookConfigException e) {
      throw new WebhookConfigException(shown + ": " + e.getMessage());
    }
    return config;
  }

  private static String readFile(String shown, String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new WebhookConfigException(shown + ": " + osError("read", path, e));
    }
  }

  /** clientcmd's ResolveLocalPaths: relative paths are relative to the kubeconfig's directory. */
  private static String resolvePath(Path base, String path) {
    Path p = Path.of(path);
    if (p.isAbsolute() || base == null) {
      return path;
    }
    return base.resolve(p).normalize().toString();
  }

  /** What Go's os.Open would say about this path, if anything. */
  private static Optional<String> openError(String path) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      return Optional.of("open " + path + ": no such file or directory");
    }
    if (!Files.isReadable(p)) {
      return Optional.of("open " + path + ": permission denied");
    }
    return Optional.empty();
  }

  private static String osError(String op, String path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return op + " " + path + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return op + " " + path + ": permission denied";
    }
    if (Files.isDirectory(Path.of(path))) {
      return "read " + path + ": is a directory";
    }
    return op + " " + path + ": " + e.getClass().getSimpleName();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
