package dev.authlab.kubeconfig;

import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.Preferences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLSchema;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Builds, writes and reads kubeconfig files with fabric8's {@link Config} model.
 *
 * <p>The factories build a kubeconfig for one user of one cluster, with the credentials embedded as
 * base64 ({@code certificate-authority-data}, {@code client-certificate-data},
 * {@code client-key-data}), one context named {@code user@cluster} (kubeadm's naming, as in
 * {@code kubernetes-admin@kubernetes}) and that context current.
 *
 * <p>{@link #write} writes what {@code kubectl config view --raw} prints: keys in alphabetical
 * order (kubectl goes through JSON, whose maps it sorts), {@code preferences: {}}, mode 0600.
 */
public final class Kubeconfigs {

  /** The source name used for text passed to {@link #parse(String)}. */
  public static final String INPUT = "input";

  private static final String API_VERSION = "v1";
  private static final String KIND = "Config";
  private static final String DUPLICATE = "Duplicate Object property ";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  // Immutable Jackson 3 mappers, safe to share. Reading follows Manifests: YAML 1.2 core schema and
  // duplicate keys as errors. Writing follows ManifestWriter's kubectl-like YAML.
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().yamlSchema(YAMLSchema.CORE).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectWriter YAML_WRITER = YAMLMapper.builder()
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build()
      .writer();

  private Kubeconfigs() {}

  // ---- building

  /**
   * A kubeconfig for a user who authenticates with a client certificate, as
   * {@code kubeadm kubeconfig user --client-name NAME} writes one.
   *
   * @param caPem the CA bundle that signed the API server's serving certificate
   * @param certPem the user's client certificate (and any intermediates)
   * @param keyPem the user's private key
   * @throws IllegalArgumentException if a name is blank, the URL is not http(s), or a PEM argument
   *     does not hold what its name says (the message names the argument)
   */
  public static Config forClientCertificate(String clusterName, String serverUrl, String caPem,
      String userName, String certPem, String keyPem) {
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
    checkPem(certPem, "certPem", Pem::parseCertificates);
    checkPem(keyPem, "keyPem", Pem::parsePrivateKey);
    AuthInfo user = new AuthInfoBuilder()
        .withClientCertificateData(base64(certPem))
        .withClientKeyData(base64(keyPem))
        .build();
    return single(clusterName, serverUrl, caPem, userName, user);
  }

  /** A kubeconfig for a user who authenticates with a bearer token (a static token, a service account token). */
  public static Config forToken(String clusterName, String serverUrl, String caPem, String userName, String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("token must be non-empty and without whitespace");
    }
    return single(clusterName, serverUrl, caPem, userName, new AuthInfoBuilder().withToken(token).build());
  }

  /** {@code user@cluster}, the context name the factories use. */
  public static String contextName(String userName, String clusterName) {
    return userName + "@" + clusterName;
  }

  private static Config single(String clusterName, String serverUrl, String caPem, String userName, AuthInfo user) {
    requireName(clusterName, "clusterName");
    requireName(userName, "userName");
    checkServer(serverUrl);
    Objects.requireNonNull(caPem, "caPem");
    checkPem(caPem, "caPem", Pem::parseCertificates);
    String context = contextName(userName, clusterName);
    return new ConfigBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withClusters(new NamedClusterBuilder()
            .withName(clusterName)
            .withNewCluster()
            .withServer(serverUrl)
            .withCertificateAuthorityData(base64(caPem))
            .endCluster()
            .build())
        .withContexts(new NamedContextBuilder()
            .withName(context)
            .withNewContext()
            .withCluster(clusterName)
            .withUser(userName)
            .endContext()
            .build())
        .withCurrentContext(context)
        .withPreferences(new Preferences())
        .withUsers(new NamedAuthInfo(userName, user))
        .build();
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static void checkServer(String serverUrl) {
    Objects.requireNonNull(serverUrl, "serverUrl");
    URI uri;
    try {
      uri = new URI(serverUrl);
    } catch (URISyntaxException e) {
      throw badServer(serverUrl, e);
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
      throw badServer(serverUrl, null);
    }
  }

  private static IllegalArgumentException badServer(String serverUrl, Throwable cause) {
    return new IllegalArgumentException(
        "serverUrl must be an http(s) URL with a host, such as https://127.0.0.1:6443, got \"" + serverUrl + "\"", cause);
  }

  /** Parses a PEM argument so that swapped or truncated arguments fail here, naming the argument. */
  private static void checkPem(String pem, String argument, BiFunction<String, String, ?> parser) {
    try {
      parser.apply(pem, argument);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  // ---- writing

  /** The kubeconfig as kubectl prints it. */
  public static String toYaml(Config config) {
    Objects.requireNonNull(config, "config");
    ObjectNode tree = YAML.valueToTree(config);
    // kubectl always writes these, also for a Config built without them
    if (!tree.hasNonNull("apiVersion")) {
      tree.put("apiVersion", API_VERSION);
    }
    if (!tree.hasNonNull("kind")) {
      tree.put("kind", KIND);
    }
    if (!tree.hasNonNull("preferences")) {
      tree.putObject("preferences");
    }
    String text = YAML_WRITER.writeValueAsString(sorted(tree));
    return text.endsWith("\n") ? text : text + "\n";
  }

  /**
   * Writes the kubeconfig, creating parent directories. Where the file system has POSIX permissions
   * the file is made mode 0600 before the content goes in (kubectl only sets it on files it creates;
   * this also tightens an existing file, since the file holds credentials).
   */
  public static void write(Config config, Path file) {
    Objects.requireNonNull(file, "file");
    String yaml = toYaml(config);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
          Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
      }
      Files.writeString(file, yaml, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + reason(e), e);
    }
  }

  /** A copy with every object's keys in alphabetical order; lists keep their order. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        fields.put(field.getKey(), sorted(field.getValue()));
      }
      ObjectNode copy = YAML.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = YAML.createArrayNode();
      for (JsonNode element : node) {
        copy.add(sorted(element));
      }
      return copy;
    }
    return node;
  }

  // ---- reading

  /**
   * Reads a kubeconfig and checks that it hangs together: names are present and unique, every
   * context names a cluster and a user that exist, and the current context exists.
   *
   * @throws KubeconfigException naming the file: missing or unreadable, not YAML, not a kubeconfig,
   *     or inconsistent
   */
  public static Config read(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KubeconfigException(file.toString(), reason(e), e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new KubeconfigException(file.toString(), "not UTF-8 text", e);
    }
    return parse(text, file.toString());
  }

  /** As {@link #read(Path)}, from text; errors name {@code input}. */
  public static Config parse(String yaml) {
    return parse(yaml, INPUT);
  }

  /** As {@link #read(Path)}, from text; errors name {@code source}. */
  public static Config parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw syntaxError(source, e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new KubeconfigException(source, "empty, expected a kubeconfig (kind: Config)");
    }
    if (!tree.isObject()) {
      throw new KubeconfigException(source, "expected a kubeconfig (kind: Config), got " + describe(tree));
    }
    checkHeader(tree, "kind", KIND, source);
    checkHeader(tree, "apiVersion", API_VERSION, source);
    Config config;
    try {
      config = YAML.treeToValue(tree, Config.class);
    } catch (JacksonException e) {
      String path = path(e);
      throw new KubeconfigException(source, (path.isEmpty() ? "" : path + ": ") + mappingProblem(tree, e), e);
    }
    checkConsistent(config, source);
    return config;
  }

  private static void checkHeader(JsonNode tree, String field, String expected, String source) {
    JsonNode value = tree.get(field);
    // kubectl reads a kubeconfig without apiVersion and kind; when present they must be right
    if (value != null && !value.isNull() && !(value.isString() && expected.equals(value.stringValue()))) {
      throw new KubeconfigException(source, field + ": expected \"" + expected + "\", got " + describe(value));
    }
  }

  private static void checkConsistent(Config config, String source) {
    Set<String> clusters = names(config.getClusters(), NamedCluster::getName, "clusters", source);
    Set<String> users = names(config.getUsers(), NamedAuthInfo::getName, "users", source);
    Set<String> contexts = names(config.getContexts(), NamedContext::getName, "contexts", source);
    for (NamedContext context : list(config.getContexts())) {
      if (context.getContext() == null) {
        throw new KubeconfigException(source, "context \"" + context.getName() + "\" has no context: section");
      }
      String cluster = context.getContext().getCluster();
      if (cluster != null && !cluster.isEmpty() && !clusters.contains(cluster)) {
        throw new KubeconfigException(source,
            "context \"" + context.getName() + "\" names cluster \"" + cluster + "\", which is not in clusters");
      }
      String user = context.getContext().getUser();
      if (user != null && !user.isEmpty() && !users.contains(user)) {
        throw new KubeconfigException(source,
            "context \"" + context.getName() + "\" names user \"" + user + "\", which is not in users");
      }
    }
    String current = config.getCurrentContext();
    if (current != null && !current.isEmpty() && !contexts.contains(current)) {
      throw new KubeconfigException(source, "current-context \"" + current + "\" is not in contexts");
    }
  }

  private static <T> Set<String> names(List<T> entries, Function<T, String> name, String section, String source) {
    Set<String> seen = new HashSet<>();
    List<T> all = list(entries);
    for (int i = 0; i < all.size(); i++) {
      T entry = all.get(i);
      String entryName = entry == null ? null : name.apply(entry);
      if (entryName == null || entryName.isEmpty()) {
        throw new KubeconfigException(source, section + "[" + i + "]: has no name");
      }
      if (!seen.add(entryName)) {
        throw new KubeconfigException(source, section + ": \"" + entryName + "\" appears more than once");
      }
    }
    return seen;
  }

  private static <T> List<T> list(List<T> entries) {
    return entries == null ? List.of() : new ArrayList<>(entries);
  }

  // ---- error text

  private static KubeconfigException syntaxError(String source, JacksonException e) {
    int line;
    int column;
    String problem;
    if (e.getCause() instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
      // snakeyaml's mark points at the offending character; Jackson's at where its token began
      line = yaml.getProblemMark().get().getLine() + 1;
      column = yaml.getProblemMark().get().getColumn() + 1;
      problem = yaml.getProblem();
    } else {
      TokenStreamLocation location = e.getLocation();
      line = location == null ? -1 : location.getLineNr();
      column = location == null ? -1 : location.getColumnNr();
      problem = e.getOriginalMessage();
    }
    problem = oneLine(problem);
    if (problem.startsWith(DUPLICATE)) {
      problem = "duplicate field " + problem.substring(DUPLICATE.length());
    }
    String at = line > 0 ? "line " + line + ", column " + column + ": " : "";
    return new KubeconfigException(source, at + "invalid YAML: " + problem, e);
  }

  /** "expected a list, got a string "oops"" rather than Jackson's Java type names, when it can tell. */
  private static String mappingProblem(JsonNode tree, JacksonException e) {
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      JsonNode actual = tree;
      for (JacksonException.Reference reference : e.getPath()) {
        if (actual == null) {
          break;
        }
        actual = reference.getPropertyName() != null ? actual.get(reference.getPropertyName()) : actual.get(reference.getIndex());
      }
      Class<?> target = mismatch.getTargetType();
      String expected = Collection.class.isAssignableFrom(target) ? "a list"
          : Boolean.class.equals(target) || boolean.class.equals(target) ? "true or false"
          : String.class.equals(target) ? "a string"
          : Number.class.isAssignableFrom(target) || target.isPrimitive() ? "a number"
          : Map.class.isAssignableFrom(target) || target.getName().startsWith("io.fabric8.") ? "an object"
          : null;
      if (expected != null && actual != null) {
        return "expected " + expected + ", got " + describe(actual);
      }
    }
    return oneLine(e.getOriginalMessage());
  }

  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(JsonNode node) {
    if (node.isString()) {
      return "a string \"" + node.stringValue() + "\"";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isNumber()) {
      return "a number " + node;
    }
    if (node.isBoolean()) {
      return "a boolean " + node;
    }
    return "null";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }
}
