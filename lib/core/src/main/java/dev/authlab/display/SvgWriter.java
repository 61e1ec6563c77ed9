package dev.authlab.display;

import dev.authlab.display.RbacGraph.Column;
import dev.authlab.display.RbacGraph.Diagram;
import dev.authlab.display.RbacGraph.Edge;
import dev.authlab.display.RbacGraph.Mark;
import dev.authlab.display.RbacGraph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A diagram as inline SVG in four columns, sized for a notebook (about 930 px wide, scaled down by
 * the browser when narrower). Rules are stacked first; each column to the left is then placed near
 * the middle of what it points at, which keeps most arrows short and roughly horizontal.
 */
final class SvgWriter {

  private static final int MARGIN = 10;
  private static final int TOP = 30;
  private static final int BOX_WIDTH = 200;
  private static final int GAP_X = 44;
  private static final int GAP_Y = 8;
  private static final int LINE_HEIGHT = 14;
  private static final int PADDING = 6;
  /** Characters per line at 11 px in a 200 px box; bold text is wider. */
  private static final int WRAP = 31;
  private static final int WRAP_BOLD = 27;
  private static final int MAX_LINES = 4;

  private SvgWriter() {}

  /** Where a node is drawn. */
  private record Box(Node node, List<String> lines, double y, double height) {
    double centre() {
      return y + height / 2;
    }

    double bottom() {
      return y + height;
    }

    Box at(double newY) {
      return new Box(node, lines, newY, height);
    }
  }

  static String svg(Diagram diagram) {
    Map<String, Box> boxes = layout(diagram);
    int width = MARGIN * 2 + 4 * BOX_WIDTH + 3 * GAP_X;
    double bottom = TOP;
    for (Box box : boxes.values()) {
      bottom = Math.max(bottom, box.bottom());
    }
    int height = (int) Math.ceil(bottom) + MARGIN;
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height)
        .append("\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" style=\"max-width:100%;height:auto;font-family:sans-serif\" role=\"img\">");
    out.append("<title>").append(Html.escape(diagram.title())).append("</title>");
    // A white ground, so the dark lines and labels stay readable on a dark notebook theme.
    out.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>");
    for (Column column : Column.values()) {
      out.append("<text x=\"").append(x(column) + BOX_WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"12\" fill=\"#475569\">")
          .append(column.label()).append("</text>");
    }
    // Plain arrows first, the granting path last so it is drawn on top.
    for (Edge edge : diagram.edges()) {
      if (!edge.granting()) {
        edge(out, edge, boxes);
      }
    }
    for (Edge edge : diagram.edges()) {
      if (edge.granting()) {
        edge(out, edge, boxes);
      }
    }
    for (Box box : boxes.values()) {
      node(out, box);
    }
    return out.append("</svg>").toString();
  }

  private static Map<String, Box> layout(Diagram diagram) {
    Map<String, List<String>> targets = new HashMap<>();
    Map<String, List<String>> sources = new HashMap<>();
    for (Edge edge : diagram.edges()) {
      targets.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
      sources.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge.from());
    }
    Map<String, Box> placed = new LinkedHashMap<>();
    Column[] columns = Column.values();
    for (int c = columns.length - 1; c >= 0; c--) {
      List<Box> boxes = new ArrayList<>();
      for (Node node : diagram.column(columns[c])) {
        List<String> lines = wrap(node.label(), node.granting() ? WRAP_BOLD : WRAP);
        boxes.add(new Box(node, lines, 0, lines.size() * LINE_HEIGHT + 2 * PADDING));
      }
      // Desired centre: the mean of what the node points at (already placed); none → keep its turn.
      Map<String, Double> desired = new HashMap<>();
      for (Box box : boxes) {
        double sum = 0;
        int n = 0;
        for (String target : targets.getOrDefault(box.node().id(), List.of())) {
          Box t = placed.get(target);
          if (t != null) {
            sum += t.centre();
            n++;
          }
        }
        desired.put(box.node().id(), n == 0 ? Double.NaN : sum / n);
      }
      if (columns[c] == Column.SUBJECTS) {
        // Subjects fan out to many bindings; ordering them by where they point avoids crossings.
        boxes.sort(Comparator.comparingDouble(b -> orLast(desired.get(b.node().id()))));
      }
      double next = TOP;
      for (Box box : boxes) {
        double want = desired.get(box.node().id());
        double y = Double.isNaN(want) ? next : Math.max(next, want - box.height() / 2);
        Box at = box.at(y);
        placed.put(box.node().id(), at);
        next = at.bottom() + GAP_Y;
      }
    }
    // Draw in the diagram's order, whatever order the columns were placed in.
    Map<String, Box> ordered = new LinkedHashMap<>();
    diagram.nodes().forEach(n -> ordered.put(n.id(), placed.get(n.id())));
    return ordered;
  }

  private static double orLast(Double value) {
    return value == null || value.isNaN() ? Double.MAX_VALUE : value;
  }

  private static void edge(StringBuilder out, Edge edge, Map<String, Box> boxes) {
    Box from = boxes.get(edge.from());
    Box to = boxes.get(edge.to());
    double x1 = x(from.node().column()) + BOX_WIDTH;
    double x2 = x(to.node().column());
    double y1 = from.centre();
    double y2 = to.centre();
    double bend = (x2 - x1) / 2;
    String colour = edge.granting() ? Look.GRANTING.stroke : "#94a3b8";
    String width = edge.granting() ? "3" : "1.2";
    out.append("<path d=\"M ").append(n(x1)).append(' ').append(n(y1))
        .append(" C ").append(n(x1 + bend)).append(' ').append(n(y1)).append(", ")
        .append(n(x2 - bend)).append(' ').append(n(y2)).append(", ")
        .append(n(x2)).append(' ').append(n(y2))
        .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(width)
        .append("\" data-from=\"").append(edge.from()).append("\" data-to=\"").append(edge.to())
        .append(edge.granting() ? "\" data-granting=\"true" : "").append("\"/>");
  }

  private static void node(StringBuilder out, Box box) {
    Node node = box.node();
    Look look = Look.of(node);
    int x = x(node.column());
    out.append("<g data-id=\"").append(node.id()).append(node.granting() ? "\" data-granting=\"true" : "").append("\">");
    out.append("<rect x=\"").append(x).append("\" y=\"").append(n(box.y())).append("\" width=\"").append(BOX_WIDTH)
        .append("\" height=\"").append(n(box.height())).append("\" rx=\"").append(node.column() == Column.SUBJECTS ? 12 : 4)
        .append("\" fill=\"").append(look.fill).append("\" stroke=\"").append(look.stroke)
        .append("\" stroke-width=\"").append(strokeWidth(look)).append('"')
        .append(look == Look.MISSING || look == Look.ELIDED ? " stroke-dasharray=\"4 3\"" : "").append("/>");
    out.append("<text x=\"").append(x + PADDING).append("\" y=\"").append(n(box.y() + PADDING + 11))
        .append("\" font-size=\"11\" fill=\"").append(look.text).append('"')
        .append(node.granting() ? " font-weight=\"bold\"" : "")
        .append(node.mark() == Mark.ELIDED ? " font-style=\"italic\"" : "").append('>');
    for (int i = 0; i < box.lines().size(); i++) {
      out.append("<tspan x=\"").append(x + PADDING).append("\" dy=\"").append(i == 0 ? 0 : LINE_HEIGHT).append("\">")
          .append(Html.escape(box.lines().get(i))).append("</tspan>");
    }
    out.append("</text></g>");
  }

  /** Outline width: the granting path bold, a missing role a little heavier. */
  private static String strokeWidth(Look look) {
    return switch (look) {
      case GRANTING -> "3";
      case MISSING -> "1.5";
      default -> "1";
    };
  }

  private static int x(Column column) {
    return MARGIN + column.ordinal() * (BOX_WIDTH + GAP_X);
  }

  /** Coordinates with at most one decimal, printed the same on every machine. */
  private static String n(double value) {
    return String.format(Locale.ROOT, "%.1f", value).replace(".0", "");
  }

  /** Where to break a word too long for a line: after the last ':', '-', '/', '.' or ',' that fits, else at the edge. */
  private static int breakPoint(String word, int wrap) {
    for (int i = wrap; i > wrap / 2; i--) {
      if (":-/.,".indexOf(word.charAt(i - 1)) >= 0) {
        return i;
      }
    }
    return wrap;
  }

  /** Breaks a label into lines of at most {@code wrap} characters, at spaces where possible; too many lines end in "…". */
  static List<String> wrap(String label, int wrap) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : label.split(" ")) {
      while (word.length() > wrap) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        int cut = breakPoint(word, wrap);
        lines.add(word.substring(0, cut));
        word = word.substring(cut);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > wrap) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    if (lines.size() > MAX_LINES) {
      List<String> cut = new ArrayList<>(lines.subList(0, MAX_LINES));
      String last = cut.get(MAX_LINES - 1);
      cut.set(MAX_LINES - 1, (last.length() >= wrap ? last.substring(0, wrap - 1) : last) + "…");
      return cut;
    }
    return lines;
  }
}
