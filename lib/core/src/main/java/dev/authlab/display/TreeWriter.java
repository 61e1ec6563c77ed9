package dev.authlab.display;

import dev.authlab.display.RbacGraph.Column;
import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A diagram as an indented tree for terminals: each subject, its bindings, their roles and the roles'
 * rules, with "▶" in front of every step of the granting path. A role bound twice is printed twice:
 * repetition reads better in a tree than cross-references.
 */
final class TreeWriter {

  static final String MARK = "▶ ";
  private static final String INDENT = "    ";

  private TreeWriter() {}

  static String text(Diagram diagram) {
    Map<String, Node> byId = new LinkedHashMap<>();
    diagram.nodes().forEach(n -> byId.put(n.id(), n));
    Map<String, List<Node>> children = new LinkedHashMap<>();
    for (Edge edge : diagram.edges()) {
      children.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(byId.get(edge.to()));
    }
    List<String> lines = new ArrayList<>();
    lines.add(diagram.title());
    List<Node> subjects = diagram.column(Column.SUBJECTS);
    for (Node subject : subjects) {
      print(subject, 0, children, lines);
    }
    // Bindings without subjects (possible when the whole policy is drawn) hang under a placeholder.
    Set<String> pointedAt = new HashSet<>();
    diagram.edges().forEach(e -> pointedAt.add(e.to()));
    List<Node> orphans = diagram.column(Column.BINDINGS).stream().filter(b -> !pointedAt.contains(b.id())).toList();
    if (!orphans.isEmpty()) {
      lines.add("  (no subjects)");
      orphans.forEach(binding -> print(binding, 1, children, lines));
    }
    if (subjects.isEmpty() && orphans.isEmpty()) {
      lines.add("  (nothing to draw)");
    }
    if (!diagram.notes().isEmpty()) {
      lines.add("");
      lines.addAll(diagram.notes());
    }
    return String.join("\n", lines);
  }

  private static void print(Node node, int depth, Map<String, List<Node>> children, List<String> lines) {
    lines.add(INDENT.repeat(depth) + (node.granting() ? MARK : "  ") + node.label());
    for (Node child : children.getOrDefault(node.id(), List.of())) {
      print(child, depth + 1, children, lines);
    }
  }
}
