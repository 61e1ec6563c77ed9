package dev.authlab.cli.check;

import dev.authlab.cli.UserError;
import dev.authlab.discovery.ApiResources;
import dev.authlab.manifest.Manifests;
import dev.authlab.testkit.Request;
import dev.authlab.testkit.Subject;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * An expectations file: subjects, each with what it can and cannot do. Parsed up front into
 * {@link Check}s; a mistake is one line naming the file, the subject and the line.
 *
 * <pre>
 * subjects:
 * - user: jane
 *   groups: [dev]
 *   namespace: team-a            # optional: for lines without -n or -A (else "default")
 *   can: [get pods, get pods/log]
 *   cannot: [get secrets, delete deployments web]
 *   canOnly:
 *     namespace: team-a
 *     rules: ["get,list,watch pods,pods/log"]
 *   cannotEscalate: true          # or a namespace: there and cluster-wide only
 *   cannotImpersonate: true
 * - serviceAccount: team-a/ci
 *   can: [create deployments -n team-a]
 * - group: sre                      # any member of the group
 *   cannot: [get secrets -A]
 * </pre>
 */
public final class Expectations {

  private static final Set<String> SUBJECT_KEYS =
      Set.of("user", "serviceAccount", "group", "groups", "namespace", "can", "cannot", "canOnly", "cannotEscalate", "cannotImpersonate");
  private static final Set<String> CAN_ONLY_KEYS = Set.of("namespace", "rules");

  private final List<Check> checks;

  private Expectations(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The checks in file order: per subject, can, cannot, canOnly, cannotEscalate, cannotImpersonate. */
  public List<Check> checks() {
    return checks;
  }

  /** Reads and parses a file; warnings (unknown resource types) go to {@code warnings} with their place. */
  public static Expectations load(Path file, Consumer<String> warnings) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), text, warnings);
  }

  public static Expectations parse(String fileName, String text, Consumer<String> warnings) {
    List<Manifests.Document> documents = Manifests.documents(fileName, text);
    List<Manifests.Document> present = documents.stream().filter(d -> !d.node().isMissingNode() && !d.node().isNull()).toList();
    if (present.size() != 1) {
      throw new UserError(fileName + ": expected one YAML document with a subjects: list, found " + present.size());
    }
    JsonNode root = present.get(0).node();
    if (!root.isObject() || !root.has("subjects")) {
      throw new UserError(fileName + ": expected a mapping with a subjects: list at the top");
    }
    for (String key : root.propertyNames()) {
      if (!key.equals("subjects")) {
        throw new UserError(fileName + ": unknown key '" + key + "' at the top (only subjects:)");
      }
    }
    JsonNode subjects = root.get("subjects");
    if (!subjects.isArray() || subjects.isEmpty()) {
      throw new UserError(fileName + ": subjects: must be a non-empty list");
    }
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      new SubjectReader(fileName, i, subjects.get(i), warnings).readInto(checks);
    }
    return new Expectations(checks);
  }

  /** Reads one entry of subjects:, knowing where it is for error messages. */
  private static final class SubjectReader {
    private final String fileName;
    private final int index;
    private final JsonNode node;
    private final Consumer<String> warnings;
    private String where;

    SubjectReader(String fileName, int index, JsonNode node, Consumer<String> warnings) {
      this.fileName = fileName;
      this.index = index;
      this.node = node;
      this.warnings = warnings;
      this.where = fileName + ": subjects[" + index + "]";
    }

    void readInto(List<Check> checks) {
      if (!node.isObject()) {
        throw error("expected a mapping with user:, serviceAccount: or group:");
      }
      for (String key : node.propertyNames()) {
        if (!SUBJECT_KEYS.contains(key)) {
          throw error("unknown key '" + key + "' (expected one of user, serviceAccount, group, groups, namespace, can, cannot, canOnly, cannotEscalate, cannotImpersonate)");
        }
      }
      SubjectSpec subject = subject();
      where = where + " (" + subject.label() + ")";
      String defaultNamespace = node.has("namespace") ? text(node.get("namespace"), "namespace") : Manifests.DEFAULT_NAMESPACE;
      LineParser parser = new LineParser(ApiResources.builtIn(), w -> warnings.accept("warning: " + where + ": " + w));
      int before = checks.size();
      List<String> canLines = lines("can");
      for (int i = 0; i < canLines.size(); i++) {
        checks.add(new Check.Can(subject, canLines.get(i), request(parser, "can", i, canLines.get(i), defaultNamespace)));
      }
      List<String> cannotLines = lines("cannot");
      for (int i = 0; i < cannotLines.size(); i++) {
        checks.add(new Check.Cannot(subject, cannotLines.get(i), request(parser, "cannot", i, cannotLines.get(i), defaultNamespace)));
      }
      if (node.has("canOnly")) {
        checks.add(canOnly(parser, subject, defaultNamespace));
      }
      Optional<Optional<String>> escalate = scope("cannotEscalate");
      escalate.ifPresent(ns -> checks.add(new Check.CannotEscalate(subject, ns)));
      Optional<Optional<String>> impersonate = scope("cannotImpersonate");
      impersonate.ifPresent(ns -> checks.add(new Check.CannotImpersonate(subject, ns)));
      if (checks.size() == before) {
        throw error("no checks: give can, cannot, canOnly, cannotEscalate or cannotImpersonate");
      }
    }

    private SubjectSpec subject() {
      boolean isUser = node.has("user");
      boolean isServiceAccount = node.has("serviceAccount");
      boolean isGroup = node.has("group");
      if ((isUser ? 1 : 0) + (isServiceAccount ? 1 : 0) + (isGroup ? 1 : 0) != 1) {
        throw error("give exactly one of user:, serviceAccount: or group:");
      }
      if (isGroup) {
        if (node.has("groups")) {
          throw error("group: stands for any member of one group; give groups: with user: instead");
        }
        String group = text(node.get("group"), "group");
        return new SubjectSpec(index, "group " + group, Subject.group(group));
      }
      List<String> groups = node.has("groups") ? list(node.get("groups"), "groups") : List.of();
      String groupsLabel = groups.isEmpty() ? "" : " [" + String.join(",", groups) + "]";
      if (isUser) {
        String name = text(node.get("user"), "user");
        return new SubjectSpec(index, name + groupsLabel, Subject.user(name).inGroups(groups.toArray(String[]::new)));
      }
      String sa = text(node.get("serviceAccount"), "serviceAccount");
      int slash = sa.indexOf('/');
      if (slash <= 0 || slash == sa.length() - 1 || sa.indexOf('/', slash + 1) >= 0) {
        throw error("serviceAccount: '" + sa + "' is not NAMESPACE/NAME, e.g. team-a/ci");
      }
      Subject subject = Subject.serviceAccount(sa.substring(0, slash), sa.substring(slash + 1));
      return new SubjectSpec(index, "sa " + sa + groupsLabel, subject.inGroups(groups.toArray(String[]::new)));
    }

    private Request request(LineParser parser, String key, int i, String line, String defaultNamespace) {
      try {
        return parser.request(line, defaultNamespace);
      } catch (LineParser.LineException e) {
        throw error(key + "[" + i + "] \"" + line + "\": " + e.getMessage());
      }
    }

    private Check.CanOnly canOnly(LineParser parser, SubjectSpec subject, String defaultNamespace) {
      JsonNode canOnly = node.get("canOnly");
      if (!canOnly.isObject()) {
        throw error("canOnly: expected a mapping with namespace: and rules:");
      }
      for (String key : canOnly.propertyNames()) {
        if (!CAN_ONLY_KEYS.contains(key)) {
          throw error("canOnly: unknown key '" + key + "' (expected namespace, rules)");
        }
      }
      String namespace = canOnly.has("namespace") ? text(canOnly.get("namespace"), "canOnly.namespace") : defaultNamespace;
      if (!canOnly.has("rules")) {
        throw error("canOnly: rules: is required (an empty list means: nothing at all)");
      }
      List<String> lines = list(canOnly.get("rules"), "canOnly.rules");
      List<PolicyRule> rules = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        try {
          rules.addAll(parser.rule(lines.get(i)));
        } catch (LineParser.LineException e) {
          throw error("canOnly.rules[" + i + "] \"" + lines.get(i) + "\": " + e.getMessage());
        }
      }
      return new Check.CanOnly(subject, namespace, lines, rules);
    }

    private List<String> lines(String key) {
      return node.has(key) ? list(node.get(key), key) : List.of();
    }

    /** Absent or false: no check; true: everywhere; a namespace: there (and cluster-wide). */
    private Optional<Optional<String>> scope(String key) {
      if (!node.has(key)) {
        return Optional.empty();
      }
      JsonNode value = node.get(key);
      if (value.isBoolean()) {
        return value.booleanValue() ? Optional.of(Optional.empty()) : Optional.empty();
      }
      if (value.isString() && !value.stringValue().isBlank()) {
        return Optional.of(Optional.of(value.stringValue().strip()));
      }
      throw error(key + ": expected true, false or a namespace, got " + value);
    }

    private String text(JsonNode value, String key) {
      if (!value.isString() || value.stringValue().isBlank()) {
        throw error(key + ": expected a non-empty string, got " + value);
      }
      return value.stringValue().strip();
    }

    private List<String> list(JsonNode value, String key) {
      if (!value.isArray()) {
        throw error(key + ": expected a list of strings, got " + value);
      }
      List<String> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        items.add(text(value.get(i), key + "[" + i + "]"));
      }
      return items;
    }

    private UserError error(String message) {
      return new UserError(where + ": " + message);
    }
  }
}
