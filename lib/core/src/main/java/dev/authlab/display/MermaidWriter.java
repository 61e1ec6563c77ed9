package dev.authlab.display;

import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Mark;
import dev.authlab.display.RbacGraph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * A diagram as a Mermaid flowchart, left to right: the edges put subjects, bindings, roles and rules
 * in successive ranks, so the four columns come out without subgraphs. The granting path uses
 * classDef (nodes) and linkStyle (edges, by their 0-based order).
 */
final class MermaidWriter {

  private MermaidWriter() {}

  static String mermaid(Diagram diagram) {
    List<String> lines = new ArrayList<>();
    lines.add("flowchart LR");
    for (Node node : diagram.nodes()) {
      lines.add("  " + node.id() + shape(node));
    }
    List<String> grantingEdges = new ArrayList<>();
    for (int i = 0; i < diagram.edges().size(); i++) {
      Edge edge = diagram.edges().get(i);
      lines.add("  " + edge.from() + (edge.granting() ? " ==> " : " --> ") + edge.to());
      if (edge.granting()) {
        grantingEdges.add(Integer.toString(i));
      }
    }
    lines.add("  classDef subject fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e");
    lines.add("  classDef binding fill:#ede9fe,stroke:#6d28d9,color:#3b0764");
    lines.add("  classDef role fill:#dcfce7,stroke:#15803d,color:#14532d");
    lines.add("  classDef rule fill:#f8fafc,stroke:#94a3b8,color:#0f172a");
    lines.add("  classDef missing fill:#fee2e2,stroke:#dc2626,color:#7f1d1d,stroke-dasharray:4 3");
    lines.add("  classDef elided fill:#ffffff,stroke:#94a3b8,color:#64748b,stroke-dasharray:2 2");
    lines.add("  classDef granting fill:#fde68a,stroke:#b45309,stroke-width:3px,color:#451a03,font-weight:bold");
    for (String cls : List.of("subject", "binding", "role", "rule", "missing", "elided", "granting")) {
      List<String> ids = new ArrayList<>();
      for (Node node : diagram.nodes()) {
        if (cssClass(node).equals(cls)) {
          ids.add(node.id());
        }
      }
      if (!ids.isEmpty()) {
        lines.add("  class " + String.join(",", ids) + " " + cls);
      }
    }
    if (!grantingEdges.isEmpty()) {
      lines.add("  linkStyle " + String.join(",", grantingEdges) + " stroke:#b45309,stroke-width:3px");
    }
    return String.join("\n", lines);
  }

  static String cssClass(Node node) {
    if (node.mark() == Mark.GRANTING) {
      return "granting";
    }
    if (node.mark() == Mark.MISSING) {
      return "missing";
    }
    if (node.mark() == Mark.ELIDED) {
      return "elided";
    }
    return switch (node.column()) {
      case SUBJECTS -> "subject";
      case BINDINGS -> "binding";
      case ROLES -> "role";
      case RULES -> "rule";
    };
  }

  private static String shape(Node node) {
    String label = "\"" + label(node.label()) + "\"";
    return switch (node.column()) {
      case SUBJECTS -> "([" + label + "])";
      case ROLES -> "[[" + label + "]]";
      default -> "[" + label + "]";
    };
  }

  /** Mermaid's entity codes inside a quoted label, so quotes, brackets and markup cannot end it early. */
  static String label(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("#quot;");
        case '<' -> out.append("#lt;");
        case '>' -> out.append("#gt;");
        case '&' -> out.append("#amp;");
        case '#' -> out.append("#35;");
        case '\n', '\r' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
