package dev.authlab.display;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.rbac.BindingRef;
import dev.authlab.authz.rbac.RbacExplanation;
import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.authz.rbac.Subjects;
import dev.authlab.display.RbacGraph.Column;
import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Mark;
import dev.authlab.display.RbacGraph.Node;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a policy (and perhaps a user and a request) into the nodes and edges of an {@link RbacGraph}.
 * Single use: {@link RbacGraph#diagram()} makes a new one each time, so its working state never leaks.
 */
final class DiagramBuilder {

  /** How upstream labels the objects the API server creates for itself. */
  private static final String BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
  private static final String BOOTSTRAP_VALUE = "rbac-defaults";
  /** Rules drawn in all, shared among the roles (see ruleLimit). */
  private static final int RULE_BUDGET = 30;

  private final RbacPolicy policy;
  private final Optional<UserInfo> user;
  private final Optional<Attributes> request;
  private final Optional<RbacExplanation> explanation;
  private final RbacGraph.Bootstrap bootstrap;

  private final Ids ids = new Ids();
  private final Map<Column, Map<String, Node>> columns = new EnumMap<>(Column.class);
  private final List<Edge> edges = new ArrayList<>();
  private final Set<String> edgeKeys = new HashSet<>();
  private final Set<String> grantingNodes = new HashSet<>();
  private final Set<String> grantingEdges = new HashSet<>();
  private int grantingRule = -1;
  private int ruleLimit = RbacGraph.RULE_LIMIT;

  DiagramBuilder(
      RbacPolicy policy,
      Optional<UserInfo> user,
      Optional<Attributes> request,
      Optional<RbacExplanation> explanation,
      RbacGraph.Bootstrap bootstrap) {
    this.policy = policy;
    this.bootstrap = bootstrap;
    this.user = user;
    this.request = request;
    this.explanation = explanation;
    for (Column column : Column.values()) {
      columns.put(column, new LinkedHashMap<>());
    }
  }

  /** One binding with the subjects drawn for it (all of them, or those that apply to the user). */
  private record Entry(
      BindingRef.Kind kind, String namespace, String name, RoleRef roleRef, List<Subject> subjects, int order, boolean bootstrap) {
    String key() {
      return bindingKey(kind, namespace, name);
    }

    String roleKind() {
      return roleRef == null || roleRef.getKind() == null ? "" : roleRef.getKind();
    }

    String roleName() {
      return roleRef == null || roleRef.getName() == null ? "" : roleRef.getName();
    }
  }

  /** What was drawn out of what applied, and how many bootstrap bindings were set aside. */
  private record Selection(List<Entry> shown, int candidates, int bootstrapHidden) {}

  Diagram build() {
    Optional<RbacExplanation.Granted> granted =
        explanation.filter(RbacExplanation.Granted.class::isInstance).map(RbacExplanation.Granted.class::cast);
    String grantingBinding = granted.map(g -> bindingKey(g.binding())).orElse("");
    granted.ifPresent(this::markPath);
    List<Entry> all = entries();
    Selection selection = select(all, grantingBinding);
    ruleLimit = ruleLimit(selection.shown());
    for (Entry entry : selection.shown()) {
      draw(entry);
    }
    List<Node> nodes = new ArrayList<>();
    columns.values().forEach(column -> nodes.addAll(column.values()));
    return new Diagram(title(granted), nodes, edges, notes(all.size(), selection));
  }

  private void markPath(RbacExplanation.Granted granted) {
    BindingRef ref = granted.binding();
    String subject = ids.subject(subjectKey(ref.subject(), ref.namespace()));
    String binding = ids.binding(bindingKey(ref));
    String role = ids.role(roleKey(ref.roleKind(), ref.roleName(), ref.namespace()));
    String rule = ruleId(role, granted.ruleIndex());
    grantingNodes.addAll(List.of(subject, binding, role, rule));
    grantingEdges.addAll(List.of(edgeKey(subject, binding), edgeKey(binding, role), edgeKey(role, rule)));
    grantingRule = granted.ruleIndex();
  }

  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    int order = 0;
    for (ClusterRoleBinding binding : policy.clusterRoleBindings()) {
      List<Subject> subjects = applying(binding.getSubjects(), "");
      if (!subjects.isEmpty() || user.isEmpty()) {
        entries.add(
            new Entry(BindingRef.Kind.ClusterRoleBinding, "", nameOf(binding), binding.getRoleRef(), subjects, order, isBootstrap(binding)));
      }
      order++;
    }
    for (RoleBinding binding : policy.roleBindings()) {
      String ns = namespaceOf(binding);
      List<Subject> subjects = applying(binding.getSubjects(), ns);
      if (!subjects.isEmpty() || user.isEmpty()) {
        entries.add(new Entry(BindingRef.Kind.RoleBinding, ns, nameOf(binding), binding.getRoleRef(), subjects, order, isBootstrap(binding)));
      }
      order++;
    }
    return entries;
  }

  private List<Subject> applying(List<Subject> subjects, String bindingNamespace) {
    List<Subject> all = subjects == null ? List.of() : subjects;
    if (user.isEmpty()) {
      return all;
    }
    return all.stream().filter(s -> Subjects.appliesTo(user.get(), s, bindingNamespace)).toList();
  }

  /** The API server's own defaults: labelled as upstream labels them, or named system:*. */
  private static boolean isBootstrap(HasMetadata binding) {
    Map<String, String> labels = binding.getMetadata() == null ? null : binding.getMetadata().getLabels();
    return (labels != null && BOOTSTRAP_VALUE.equals(labels.get(BOOTSTRAP_LABEL))) || nameOf(binding).startsWith("system:");
  }

  /**
   * Which bindings to draw. The whole policy: the policy's own bindings (bootstrap ones only when there
   * is nothing else). One user: everything that applies to them, their own bindings first. The granting
   * binding is always drawn. At most BINDING_LIMIT, drawn in policy order, the policy's own first.
   */
  private Selection select(List<Entry> all, String grantingBinding) {
    boolean ownExist = all.stream().anyMatch(e -> !e.bootstrap());
    boolean hide = bootstrap == RbacGraph.Bootstrap.HIDDEN || (user.isEmpty() && ownExist);
    List<Entry> candidates = new ArrayList<>();
    for (Entry entry : all) {
      if (!hide || !entry.bootstrap() || entry.key().equals(grantingBinding)) {
        candidates.add(entry);
      }
    }
    List<Entry> ranked = new ArrayList<>(candidates);
    ranked.sort(
        Comparator.comparing((Entry e) -> !e.key().equals(grantingBinding))
            .thenComparing(Entry::bootstrap)
            .thenComparingInt(Entry::order));
    List<Entry> chosen = new ArrayList<>(ranked.subList(0, Math.min(RbacGraph.BINDING_LIMIT, ranked.size())));
    // What the reader wrote comes first (on top, and first in the tree); the defaults follow.
    chosen.sort(Comparator.comparing(Entry::bootstrap).thenComparingInt(Entry::order));
    return new Selection(chosen, candidates.size(), all.size() - candidates.size());
  }

  /** Rules per role: up to RULE_LIMIT, fewer when many roles share the picture, so it stays about a screen high. */
  private static int ruleLimit(List<Entry> shown) {
    long roles = shown.stream().map(e -> e.roleKind() + "/" + e.roleName()).distinct().count();
    return (int) Math.max(2, Math.min(RbacGraph.RULE_LIMIT, RULE_BUDGET / Math.max(1, roles)));
  }

  private void draw(Entry entry) {
    String binding = node(Column.BINDINGS, ids.binding(entry.key()), entry.kind() + " " + qualified(entry.namespace(), entry.name()), Mark.PLAIN);
    for (Subject subject : entry.subjects()) {
      String id = node(Column.SUBJECTS, ids.subject(subjectKey(subject, entry.namespace())), subjectLabel(subject, entry.namespace()), Mark.PLAIN);
      edge(id, binding);
    }
    String roleId = ids.role(roleKey(entry.roleKind(), entry.roleName(), entry.namespace()));
    String roleLabel = entry.roleKind() + " " + ("Role".equals(entry.roleKind()) ? qualified(entry.namespace(), entry.roleName()) : entry.roleName());
    RbacPolicy.RoleLookup lookup = policy.lookup(entry.roleRef(), entry.namespace());
    boolean known = columns.get(Column.ROLES).containsKey(roleId);
    if (lookup instanceof RbacPolicy.RoleLookup.Found found) {
      node(Column.ROLES, roleId, roleLabel, Mark.PLAIN);
      edge(binding, roleId);
      if (!known) {
        drawRules(roleId, found.rules());
      }
    } else {
      node(Column.ROLES, roleId, roleLabel + " (not found)", Mark.MISSING);
      edge(binding, roleId);
    }
  }

  private void drawRules(String roleId, List<PolicyRule> rules) {
    boolean grantingRole = grantingNodes.contains(roleId);
    int drawn = 0;
    for (int i = 0; i < rules.size(); i++) {
      boolean granting = grantingRole && i == grantingRule;
      if (drawn < ruleLimit || granting) {
        String id = node(Column.RULES, ruleId(roleId, i), "rule " + i + ": " + RuleText.of(rules.get(i)), Mark.PLAIN);
        edge(roleId, id);
        drawn++;
      }
    }
    if (drawn < rules.size()) {
      String id = node(Column.RULES, roleId + "_more", "… " + (rules.size() - drawn) + (rules.size() - drawn == 1 ? " more rule" : " more rules"), Mark.ELIDED);
      edge(roleId, id);
    }
  }

  private String node(Column column, String id, String label, Mark mark) {
    Mark actual = mark == Mark.PLAIN && grantingNodes.contains(id) ? Mark.GRANTING : mark;
    columns.get(column).putIfAbsent(id, new Node(id, column, label, actual));
    return id;
  }

  private void edge(String from, String to) {
    String key = edgeKey(from, to);
    if (edgeKeys.add(key)) {
      edges.add(new Edge(from, to, grantingEdges.contains(key)));
    }
  }

  private String title(Optional<RbacExplanation.Granted> granted) {
    if (user.isEmpty()) {
      return "RBAC policy: subjects → bindings → roles → rules";
    }
    UserInfo who = user.get();
    String head = "RBAC for " + who.name() + (who.groups().isEmpty() ? "" : " (groups: " + String.join(", ", who.groups()) + ")");
    if (request.isEmpty()) {
      return head;
    }
    String verdict = granted.map(g -> "allowed by " + g.binding().shortName()).orElse("not allowed by RBAC");
    return head + ": " + RequestText.of(request.get()) + " → " + verdict;
  }

  private List<String> notes(int total, Selection selection) {
    List<String> notes = new ArrayList<>();
    if (total == 0 && user.isPresent()) {
      notes.add("No binding names " + user.get().name() + ", their groups or their service account: RBAC allows them nothing.");
    }
    if (selection.bootstrapHidden() > 0) {
      notes.add("Left out: " + selection.bootstrapHidden() + " bootstrap binding" + (selection.bootstrapHidden() == 1 ? "" : "s")
          + " (the API server's defaults, such as cluster-admin and system:*)" + (user.isEmpty() ? "; draw one user's with forSubject(user)." : "."));
    }
    int shown = selection.shown().size();
    if (shown < selection.candidates()) {
      notes.add("Showing " + shown + " of " + selection.candidates() + " bindings (the first " + RbacGraph.BINDING_LIMIT
          + ", the policy's own before bootstrap ones); " + (selection.candidates() - shown) + " left out.");
    }
    explanation.ifPresent(e -> notes.addAll(e.lines()));
    return notes;
  }

  // Keys identify objects; Ids turns them into safe, unique, stable node ids.

  private static String bindingKey(BindingRef ref) {
    return bindingKey(ref.kind(), ref.namespace(), ref.name());
  }

  private static String bindingKey(BindingRef.Kind kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  private static String roleKey(String kind, String name, String bindingNamespace) {
    return "Role".equals(kind) ? kind + "/" + bindingNamespace + "/" + name : kind + "//" + name;
  }

  private static String subjectKey(Subject subject, String bindingNamespace) {
    if (subject == null) {
      return "?//";
    }
    String kind = subject.getKind() == null ? "" : subject.getKind();
    return kind + "/" + subjectNamespace(subject, bindingNamespace) + "/" + (subject.getName() == null ? "" : subject.getName());
  }

  private static String subjectNamespace(Subject subject, String bindingNamespace) {
    if (!Subjects.SERVICE_ACCOUNT.equals(subject.getKind())) {
      return "";
    }
    return subject.getNamespace() == null || subject.getNamespace().isEmpty() ? bindingNamespace : subject.getNamespace();
  }

  private static String subjectLabel(Subject subject, String bindingNamespace) {
    String kind = subject.getKind() == null ? "" : subject.getKind();
    String name = subject.getName() == null ? "" : subject.getName();
    if (Subjects.SERVICE_ACCOUNT.equals(kind)) {
      String ns = subjectNamespace(subject, bindingNamespace);
      return kind + " " + (ns.isEmpty() ? "(no namespace)" : ns) + "/" + name;
    }
    return kind + " " + name;
  }

  private static String ruleId(String roleId, int index) {
    return roleId + "_r" + index;
  }

  private static String edgeKey(String from, String to) {
    return from + " " + to;
  }

  private static String qualified(String namespace, String name) {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  private static String nameOf(HasMetadata object) {
    return object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
  }

  private static String namespaceOf(HasMetadata object) {
    return object.getMetadata() == null || object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
  }

  /**
   * Node ids from object keys: letters, digits and underscores only (safe in Mermaid and XML), with a
   * counter when two keys sanitise alike ("a-b" and "a.b"). Same keys in the same order give the same ids.
   */
  private static final class Ids {
    private final Map<String, String> byKey = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    String subject(String key) {
      return id("s_", key);
    }

    String binding(String key) {
      return id("b_", key);
    }

    String role(String key) {
      return id("r_", key);
    }

    private String id(String prefix, String key) {
      return byKey.computeIfAbsent(prefix + key, k -> {
        String base = prefix + key.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        String id = base;
        for (int n = 2; !used.add(id); n++) {
          id = base + "_" + n;
        }
        return id;
      });
    }
  }
}
