package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Reads RBAC manifests (YAML or JSON, as {@code kubectl apply -f} takes them) into fabric8 model
 * objects, and rejects what the API server would reject when they are created.
 *
 * <ul>
 *   <li>A file may hold several YAML documents ({@code ---}), a stream of JSON objects, or a
 *       {@code kind: List} ({@code v1 List}, {@code RoleList}, {@code ClusterRoleList},
 *       {@code RoleBindingList}, {@code ClusterRoleBindingList}) whose items are read in turn.
 *       Empty documents are skipped.
 *   <li>A directory is read like {@code kubectl apply -R -f DIR}: recursively, entries in name order
 *       within each directory, only files ending in {@code .yaml}, {@code .yml} or {@code .json}.
 *   <li>Objects other than {@code rbac.authorization.k8s.io/v1} Role, ClusterRole, RoleBinding and
 *       ClusterRoleBinding are skipped with a {@link Note}.
 *   <li>A Role or RoleBinding without {@code metadata.namespace} goes to the default namespace, as
 *       kubectl puts it in the namespace of the current context. That is {@value #DEFAULT_NAMESPACE}
 *       unless a caller passes another. A namespace on a ClusterRole or ClusterRoleBinding is
 *       dropped (with a note), as the API server drops it.
 *   <li>Bindings get the API server's v1 defaults before they are checked: an empty
 *       {@code roleRef.apiGroup}, and an empty {@code apiGroup} on a User or Group subject, become
 *       {@code rbac.authorization.k8s.io}.
 *   <li>Problems are {@link ManifestException}s with a one-line message: file, document, field, what
 *       is wrong. The first problem stops the load, as {@code kubectl apply} stops at a bad file.
 * </ul>
 */
public final class Manifests {

  /** The namespace kubectl uses when neither the manifest nor the context names one. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final String RBAC_V1 = RbacValidation.GROUP + "/v1";
  private static final Set<String> REMOVED_RBAC_VERSIONS = Set.of("v1beta1", "v1alpha1");
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
  private static final Map<String, Class<? extends HasMetadata>> RBAC_KINDS = Map.of(
      "Role", Role.class,
      "ClusterRole", ClusterRole.class,
      "RoleBinding", RoleBinding.class,
      "ClusterRoleBinding", ClusterRoleBinding.class);
  private static final Map<String, String> RBAC_LIST_KINDS = Map.of(
      "RoleList", "Role",
      "ClusterRoleList", "ClusterRole",
      "RoleBindingList", "RoleBinding",
      "ClusterRoleBindingList", "ClusterRoleBinding");

  // Jackson 3 mappers are immutable, so sharing them is safe. Duplicate keys are an error, as with
  // kubectl's strict decoding, instead of the last one silently winning. Trailing tokens are the
  // next documents of the same file, read one by one. The YAML 1.2 core schema reads ~, Null and
  // True as kubectl's YAML library does (Jackson's default JSON schema would read them as strings).
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().yamlSchema(YAMLSchema.CORE).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Manifests() {}

  /** Reads a manifest file, or every manifest file under a directory; Role namespaces default to "default". */
  public static ManifestSet load(Path fileOrDirectory) {
    return load(fileOrDirectory, DEFAULT_NAMESPACE);
  }

  /**
   * Reads a manifest file (whatever its name), or every {@code .yaml}, {@code .yml} and {@code .json}
   * file under a directory.
   *
   * @param defaultNamespace where Roles and RoleBindings without a namespace go
   * @throws ManifestException if a path cannot be read, a directory holds no manifest files, or a
   *     manifest is invalid
   */
  public static ManifestSet load(Path fileOrDirectory, String defaultNamespace) {
    Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
    requireNamespace(defaultNamespace);
    String shown = fileOrDirectory.toString();
    if (!Files.exists(fileOrDirectory)) {
      throw new ManifestException(shown, null, "no such file or directory");
    }
    if (!Files.isDirectory(fileOrDirectory)) {
      return parse(shown, readFile(fileOrDirectory), defaultNamespace);
    }
    List<Path> files = new ArrayList<>();
    collect(fileOrDirectory, files);
    if (files.isEmpty()) {
      throw new ManifestException(shown, null, "no .yaml, .yml or .json files in this directory");
    }
    Collector out = new Collector();
    for (Path file : files) {
      parseInto(file.toString(), readFile(file), defaultNamespace, out);
    }
    return out.build();
  }

  /** Parses YAML or JSON text; {@code sourceName} is what errors and sources call it. */
  public static ManifestSet parse(String sourceName, String yamlOrJson) {
    return parse(sourceName, yamlOrJson, DEFAULT_NAMESPACE);
  }

  public static ManifestSet parse(String sourceName, String yamlOrJson, String defaultNamespace) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(yamlOrJson, "yamlOrJson");
    requireNamespace(defaultNamespace);
    Collector out = new Collector();
    parseInto(sourceName, yamlOrJson, defaultNamespace, out);
    return out.build();
  }

  /** Reads YAML or JSON from a stream (such as stdin, for {@code -f -}) to its end; does not close it. */
  public static ManifestSet read(String sourceName, InputStream in) {
    return read(sourceName, in, DEFAULT_NAMESPACE);
  }

  public static ManifestSet read(String sourceName, InputStream in, String defaultNamespace) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ManifestException(sourceName, null, "cannot read: " + e.getMessage(), e);
    }
    return parse(sourceName, decode(sourceName, bytes), defaultNamespace);
  }

  private static void requireNamespace(String namespace) {
    if (!RbacValidation.isNamespaceName(namespace)) {
      throw new IllegalArgumentException("not a valid namespace name: " + namespace);
    }
  }

  // ---- files

  /** Depth first, entries sorted by name in each directory: the order filepath.Walk gives kubectl. */
  private static void collect(Path directory, List<Path> files) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      throw ioProblem(directory, e);
    } catch (DirectoryIteratorException e) {
      throw ioProblem(directory, e.getCause());
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    for (Path entry : entries) {
      // like kubectl, do not follow symlinked directories (no loops); symlinked files are read
      if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        collect(entry, files);
      } else if (isManifestName(entry) && Files.isRegularFile(entry)) {
        files.add(entry);
      }
    }
  }

  private static boolean isManifestName(Path file) {
    String name = file.getFileName().toString();
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static String readFile(Path file) {
    try {
      return decode(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw ioProblem(file, e);
    }
  }

  private static ManifestException ioProblem(Path path, IOException e) {
    String shown = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : path.toString();
    String problem;
    if (e instanceof NoSuchFileException) {
      problem = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      problem = "permission denied";
    } else if (e instanceof NotDirectoryException) {
      problem = "not a directory";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      problem = "cannot read: " + f.getReason();
    } else {
      problem = "cannot read: " + e.getMessage();
    }
    return new ManifestException(shown, null, problem, e);
  }

  private static String decode(String sourceName, byte[] bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new ManifestException(sourceName, null, "not UTF-8 text", e);
    }
  }

  // ---- documents

  private static void parseInto(String sourceName, String text, String defaultNamespace, Collector out) {
    for (Document document : documents(sourceName, text)) {
      readDocument(document.node(), document.source(), defaultNamespace, out);
    }
  }

  /**
   * The documents of a YAML stream or of JSON (one value, or several one after another as in JSON
   * lines), each with its 1-based position, as trees. Syntax errors name the document, line and
   * column. Used for inputs that are not RBAC manifests, such as review requests.
   */
  public static List<Document> documents(String sourceName, String text) {
    // kubectl's rule: JSON if the first non-blank character opens an object, YAML otherwise
    boolean json = text.stripLeading().startsWith("{");
    ObjectMapper mapper = json ? JSON : YAML;
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = json ? mapper.createParser(text) : new NoAliases((YAMLParser) mapper.createParser(text))) {
      while (true) {
        JsonNode node;
        try {
          if (parser.nextToken() == null) {
            break;
          }
          node = mapper.readTree(parser);
        } catch (JacksonException e) {
          throw syntaxError(Source.of(sourceName, documents.size() + 1), json, e);
        }
        documents.add(new Document(Source.of(sourceName, documents.size() + 1), node));
      }
    }
    return documents;
  }

  /** One document of a file or stream, as a tree, and where it is. */
  public record Document(Source source, JsonNode node) {}

  private static void readDocument(JsonNode node, Source source, String defaultNamespace, Collector out) {
    if (isAbsent(node)) {
      return; // empty document, e.g. a trailing ---
    }
    requireObject(node, source);
    String apiVersion = requiredString(node, "apiVersion", source);
    String kind = requiredString(node, "kind", source);
    if (!isList(apiVersion, kind)) {
      readObject(node, source, defaultNamespace, out);
      return;
    }
    checkRbacVersion(apiVersion, source);
    JsonNode items = node.get("items");
    if (isAbsent(items)) {
      return;
    }
    if (!items.isArray()) {
      throw ManifestException.at(source, "items", "expected a list of objects, got " + Text.describe(items));
    }
    // Lists read from the API (RoleList...) leave out each item's apiVersion and kind; fill them in
    String itemKind = RBAC_LIST_KINDS.get(kind);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      Source itemSource = source.item(i);
      if (isAbsent(item)) {
        continue;
      }
      requireObject(item, itemSource);
      if (itemKind != null) {
        ObjectNode filled = (ObjectNode) item.deepCopy();
        if (isAbsent(filled.get("apiVersion"))) {
          filled.put("apiVersion", apiVersion);
        }
        if (isAbsent(filled.get("kind"))) {
          filled.put("kind", itemKind);
        }
        item = filled;
      }
      if (isList(requiredString(item, "apiVersion", itemSource), requiredString(item, "kind", itemSource))) {
        throw ManifestException.at(itemSource, "kind", "a list inside a list is not supported; flatten the items");
      }
      readObject(item, itemSource, defaultNamespace, out);
    }
  }

  private static void readObject(JsonNode node, Source source, String defaultNamespace, Collector out) {
    String apiVersion = requiredString(node, "apiVersion", source);
    String kind = requiredString(node, "kind", source);
    if (isRbacGroup(apiVersion)) {
      checkRbacVersion(apiVersion, source);
      Class<? extends HasMetadata> type = RBAC_KINDS.get(kind);
      if (type == null) {
        throw ManifestException.at(source, "kind", Text.quote(kind) + " is not a kind of " + RBAC_V1
            + "; use Role, ClusterRole, RoleBinding or ClusterRoleBinding");
      }
      out.add(bind(node, type, source, defaultNamespace, out), source);
    } else if (!apiVersion.contains("/") && RBAC_KINDS.containsKey(kind)) {
      // "apiVersion: v1" on a Role: the core group has no such kind, so the API server would refuse it
      throw ManifestException.at(source, "apiVersion", Text.quote(apiVersion) + " has no kind " + kind + "; use " + RBAC_V1);
    } else {
      String name = node.path("metadata").path("name").asString("");
      out.note(source, "skipped " + apiVersion + " " + kind + (name.isEmpty() ? "" : " " + name) + " (not an RBAC object)");
    }
  }

  private static <T extends HasMetadata> T bind(
      JsonNode node, Class<T> type, Source source, String defaultNamespace, Collector out) {
    try {
      Shape.check(node, type);
      // binding a tree does not depend on the text format it came from
      T object = JSON.treeToValue(node, type);
      scope(object, source, defaultNamespace, out);
      if (object instanceof Role role) {
        RbacValidation.validate(role);
      } else if (object instanceof ClusterRole role) {
        RbacValidation.validate(role);
      } else if (object instanceof RoleBinding binding) {
        RbacValidation.validate(binding);
      } else if (object instanceof ClusterRoleBinding binding) {
        RbacValidation.validate(binding);
      }
      return object;
    } catch (FieldError e) {
      throw ManifestException.at(source, e.field(), e.problem());
    } catch (JacksonException e) {
      // Shape.check should have caught this; keep Jackson's own path and words just in case
      throw new ManifestException(source.toString(), path(e), Text.oneLine(e.getOriginalMessage()), e);
    }
  }

  /** Namespaced objects get the default namespace; cluster-scoped ones lose any namespace. */
  private static void scope(HasMetadata object, Source source, String defaultNamespace, Collector out) {
    ObjectMeta meta = object.getMetadata();
    if (meta == null) {
      meta = new ObjectMeta();
      object.setMetadata(meta);
    }
    boolean namespaced = object instanceof Role || object instanceof RoleBinding;
    String namespace = meta.getNamespace();
    if (namespaced && (namespace == null || namespace.isEmpty())) {
      meta.setNamespace(defaultNamespace);
    } else if (!namespaced && namespace != null) {
      meta.setNamespace(null);
      if (!namespace.isEmpty()) {
        out.note(source, "ignored metadata.namespace " + Text.quote(namespace) + ": " + object.getKind() + " is cluster-scoped");
      }
    }
  }

  private static void checkRbacVersion(String apiVersion, Source source) {
    if (!isRbacGroup(apiVersion) || apiVersion.equals(RBAC_V1)) {
      return;
    }
    String version = apiVersion.substring(Math.min(apiVersion.length(), RbacValidation.GROUP.length() + 1));
    String problem = REMOVED_RBAC_VERSIONS.contains(version)
        ? apiVersion + " was removed in Kubernetes 1.22 and is not served any more; use " + RBAC_V1
        : Text.quote(apiVersion) + " is not a served version; use " + RBAC_V1;
    throw ManifestException.at(source, "apiVersion", problem);
  }

  private static boolean isRbacGroup(String apiVersion) {
    return apiVersion.equals(RbacValidation.GROUP) || apiVersion.startsWith(RbacValidation.GROUP + "/");
  }

  private static boolean isList(String apiVersion, String kind) {
    return (apiVersion.equals("v1") && kind.equals("List")) || (isRbacGroup(apiVersion) && RBAC_LIST_KINDS.containsKey(kind));
  }

  private static String requiredString(JsonNode node, String field, Source source) {
    JsonNode value = node.get(field);
    if (isAbsent(value) || (value.isString() && value.stringValue().isEmpty())) {
      throw ManifestException.at(source, field, "required; every object needs apiVersion and kind");
    }
    if (!value.isString()) {
      throw ManifestException.at(source, field, "expected a string, got " + Text.describe(value));
    }
    return value.stringValue();
  }

  private static void requireObject(JsonNode node, Source source) {
    if (!node.isObject()) {
      throw ManifestException.at(source, null,
          "expected an object with apiVersion and kind, got " + Text.describe(node));
    }
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  // ---- Jackson errors

  private static ManifestException syntaxError(Source source, boolean json, JacksonException e) {
    String format = json ? "invalid JSON: " : "invalid YAML: ";
    int line;
    int column;
    String problem;
    if (e.getCause() instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
      // snakeyaml's own mark points at the offending character; Jackson's is where its token began
      Mark mark = yaml.getProblemMark().get();
      line = mark.getLine() + 1;
      column = mark.getColumn() + 1;
      problem = yaml.getProblem();
    } else {
      TokenStreamLocation location = e.getLocation();
      line = location == null ? -1 : location.getLineNr();
      column = location == null ? -1 : location.getColumnNr();
      problem = e.getOriginalMessage();
    }
    problem = Text.oneLine(problem);
    if (problem.startsWith("Duplicate Object property ")) {
      problem = "duplicate field " + problem.substring("Duplicate Object property ".length());
    }
    String at = line > 0 ? "line " + line + ", column " + column + ": " : "";
    return new ManifestException(source.toString(), null, at + format + problem, e);
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

  /**
   * Refuses YAML aliases ({@code *name}): Jackson's tree model would read the alias name as a string
   * instead of the anchored value, which could silently change a rule.
   */
  private static final class NoAliases extends JsonParserDelegate {
    private final YAMLParser yaml;

    NoAliases(YAMLParser yaml) {
      super(yaml);
      this.yaml = yaml;
    }

    @Override
    public JsonToken nextToken() {
      JsonToken token = super.nextToken();
      if (yaml.isCurrentAlias()) {
        throw new StreamReadException(yaml,
            "aliases (*" + yaml.getString() + ") are not supported; repeat the value instead",
            yaml.currentTokenLocation());
      }
      return token;
    }
  }

  /** Accumulates one load; never shared. */
  private static final class Collector {
    private final List<Sourced<Role>> roles = new ArrayList<>();
    private final List<Sourced<ClusterRole>> clusterRoles = new ArrayList<>();
    private final List<Sourced<RoleBinding>> roleBindings = new ArrayList<>();
    private final List<Sourced<ClusterRoleBinding>> clusterRoleBindings = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();

    void add(HasMetadata object, Source source) {
      if (object instanceof Role role) {
        roles.add(new Sourced<>(role, source));
      } else if (object instanceof ClusterRole role) {
        clusterRoles.add(new Sourced<>(role, source));
      } else if (object instanceof RoleBinding binding) {
        roleBindings.add(new Sourced<>(binding, source));
      } else if (object instanceof ClusterRoleBinding binding) {
        clusterRoleBindings.add(new Sourced<>(binding, source));
      }
    }

    void note(Source source, String message) {
      notes.add(new Note(source, message));
    }

    ManifestSet build() {
      return new ManifestSet(roles, clusterRoles, roleBindings, clusterRoleBindings, notes);
    }
  }
}
