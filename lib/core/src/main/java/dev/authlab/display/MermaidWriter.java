package dev.authlab.display;

import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Node;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
    Map<Look, List<String>> members = new EnumMap<>(Look.class);
    for (Node node : diagram.nodes()) {
      members.computeIfAbsent(Look.of(node), k -> new ArrayList<>()).add(node.id());
    }
    for (Look look : Look.values()) {
      lines.add("  classDef " + look.cssClass() + " " + classDef(look));
    }
    members.forEach((look, ids) -> lines.add("  class " + String.join(",", ids) + " " + look.cssClass()));
    if (!grantingEdges.isEmpty()) {
      lines.add("  linkStyle " + String.join(",", grantingEdges) + " stroke:" + Look.GRANTING.stroke + ",stroke-width:3px");
    }
    return String.join("\n", lines);
  }

  /** The look in Mermaid's CSS-like syntax; the dashes and widths are Mermaid's own, not the SVG's. */
  private static String classDef(Look look) {
    String colours = "fill:" + look.fill + ",stroke:" + look.stroke;
    return switch (look) {
      case GRANTING -> colours + ",stroke-width:3px,color:" + look.text + ",font-weight:bold";
      case MISSING -> colours + ",color:" + look.text + ",stroke-dasharray:4 3";
      case ELIDED -> colours + ",color:" + look.text + ",stroke-dasharray:2 2";
      default -> colours + ",color:" + look.text;
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
