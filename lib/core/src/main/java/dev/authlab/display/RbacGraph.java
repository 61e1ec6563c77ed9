package dev.authlab.display;

import dev.authlab.authn.UserInfo;
import dev.authlab.authz.Attributes;
import dev.authlab.authz.Decision;
import dev.authlab.authz.rbac.RbacAuthorizer;
import dev.authlab.authz.rbac.RbacExplanation;
import dev.authlab.authz.rbac.RbacPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An RBAC policy as a graph in four columns: subjects → bindings → roles → rules. Immutable: the
 * narrowing methods return new graphs.
 *
 * <ul>
 *   <li>{@link #of(RbacPolicy)}: the policy's own bindings (the API server's bootstrap defaults only
 *       when there is nothing else), up to {@link #BINDING_LIMIT}; the picture says what was left out;
 *   <li>{@link #forSubject(UserInfo)}: only the bindings that apply to one user, directly, through a
 *       group or as a service account;
 *   <li>{@link #highlighting(UserInfo, Attributes)}: the same, with the path RBAC allowed the request
 *       through drawn bold, or a note that nothing grants it and the nearest misses.
 * </ul>
 *
 * <p>{@link #withoutBootstrap()} also hides the default bindings that apply to a user.
 */
public final class RbacGraph {

  /** At most this many bindings are drawn; the rest are counted in a note. */
  public static final int BINDING_LIMIT = 15;

  /**
   * At most this many rules are drawn per role (plus the granting one; fewer, down to 2, when many
   * roles are drawn); the rest become one "… N more rules" box.
   */
  public static final int RULE_LIMIT = 6;

  private final RbacPolicy policy;
  private final Optional<UserInfo> subject;
  private final Optional<Attributes> request;
  private final Bootstrap bootstrap;

  /** Whether the API server's default bindings are drawn. */
  enum Bootstrap {
    WHEN_RELEVANT,
    HIDDEN
  }

  private RbacGraph(RbacPolicy policy, Optional<UserInfo> subject, Optional<Attributes> request, Bootstrap bootstrap) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.subject = subject;
    this.request = request;
    this.bootstrap = bootstrap;
  }

  public static RbacGraph of(RbacPolicy policy) {
    return new RbacGraph(policy, Optional.empty(), Optional.empty(), Bootstrap.WHEN_RELEVANT);
  }

  /** Only what applies to this user: the bindings naming them, their groups or their service account. */
  public RbacGraph forSubject(UserInfo user) {
    return new RbacGraph(policy, Optional.of(user), Optional.empty(), bootstrap);
  }

  /**
   * Leaves out the API server's default bindings (labelled kubernetes.io/bootstrapping=rbac-defaults
   * or named system:*), such as system:discovery for every authenticated user, unless one of them
   * grants the highlighted request. The picture counts what was left out.
   */
  public RbacGraph withoutBootstrap() {
    return new RbacGraph(policy, subject, request, Bootstrap.HIDDEN);
  }

  /**
   * What applies to the user, with the path that grants the request highlighted. The request is
   * asked as {@code user}, whatever user it carries.
   */
  public RbacGraph highlighting(UserInfo user, Attributes request) {
    return new RbacGraph(policy, Optional.of(user), Optional.of(as(user, request)), bootstrap);
  }

  /** {@link #highlighting(UserInfo, Attributes)} for the request's own user. */
  public RbacGraph highlighting(Attributes request) {
    return highlighting(request.user(), request);
  }

  public RbacPolicy policy() {
    return policy;
  }

  public Optional<UserInfo> subject() {
    return subject;
  }

  public Optional<Attributes> request() {
    return request;
  }

  /** What RBAC said about the highlighted request: the granting path or the near misses; empty when none is highlighted. */
  public Optional<RbacExplanation> explanation() {
    return request.map(this::explain);
  }

  /** The grant being highlighted, if the request is allowed. */
  public Optional<RbacExplanation.Granted> grantingPath() {
    return explanation().filter(RbacExplanation.Granted.class::isInstance).map(RbacExplanation.Granted.class::cast);
  }

  /** The nodes and edges drawn, in drawing order; what the pictures are made from. */
  public Diagram diagram() {
    return new DiagramBuilder(policy, subject, request, explanation(), bootstrap).build();
  }

  public Picture picture() {
    Diagram diagram = diagram();
    String html = "<div>" + Html.title(diagram.title()) + SvgWriter.svg(diagram) + notesHtml(diagram.notes()) + "</div>";
    return new Picture(html, TreeWriter.text(diagram), MermaidWriter.mermaid(diagram));
  }

  /** A one-line summary for JShell; draw it with {@link #picture()}. */
  @Override
  public String toString() {
    Diagram diagram = diagram();
    return "RbacGraph[" + diagram.title() + "; " + diagram.column(Column.BINDINGS).size() + " bindings, "
        + diagram.column(Column.ROLES).size() + " roles drawn]";
  }

  private RbacExplanation explain(Attributes attributes) {
    Decision decision = new RbacAuthorizer(policy).authorize(attributes);
    if (decision.explanation() instanceof RbacExplanation explanation) {
      return explanation;
    }
    throw new IllegalStateException("RbacAuthorizer explained itself without an RbacExplanation: " + decision.explanation());
  }

  private static Attributes as(UserInfo user, Attributes request) {
    if (request instanceof Attributes.Resource resource) {
      return resource.as(user);
    }
    Attributes.NonResource url = (Attributes.NonResource) request;
    return new Attributes.NonResource(user, url.verb(), url.path());
  }

  private static String notesHtml(List<String> notes) {
    if (notes.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<div style=\"white-space:pre-wrap;font-family:monospace;font-size:0.9em;margin-top:0.3em\">");
    out.append(Html.escape(String.join("\n", notes)));
    return out.append("</div>").toString();
  }

  /** The four columns, left to right. */
  public enum Column {
    SUBJECTS,
    BINDINGS,
    ROLES,
    RULES;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a node is drawn. */
  public enum Mark {
    PLAIN,
    /** On the path that grants the highlighted request. */
    GRANTING,
    /** A role a binding refers to that does not exist: the binding grants nothing. */
    MISSING,
    /** Stands for rules left out of the drawing. */
    ELIDED
  }

  /** A box: {@code id} is safe as a Mermaid id and an XML attribute (letters, digits, underscores). */
  public record Node(String id, Column column, String label, Mark mark) {
    public boolean granting() {
      return mark == Mark.GRANTING;
    }
  }

  /** An arrow between two nodes of neighbouring columns. */
  public record Edge(String from, String to, boolean granting) {}

  /** Everything drawn, in a stable order. */
  public record Diagram(String title, List<Node> nodes, List<Edge> edges, List<String> notes) {
    public Diagram {
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
      notes = List.copyOf(notes);
    }

    public List<Node> column(Column column) {
      return nodes.stream().filter(n -> n.column() == column).toList();
    }

    public Optional<Node> node(String id) {
      return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public List<Node> granting() {
      return nodes.stream().filter(Node::granting).toList();
    }
  }
}
