package dev.authlab.display;

import dev.authlab.display.RbacGraph.Node;
import java.util.Locale;

/**
 * The colours of each kind of box, one palette for the SVG and the Mermaid so the two pictures of a
 * graph agree. A box's mark (granting, missing, elided) outranks its column.
 */
enum Look {
  SUBJECT("#e0f2fe", "#0369a1", "#0c4a6e"),
  BINDING("#ede9fe", "#6d28d9", "#3b0764"),
  ROLE("#dcfce7", "#15803d", "#14532d"),
  RULE("#f8fafc", "#94a3b8", "#0f172a"),
  MISSING("#fee2e2", "#dc2626", "#7f1d1d"),
  ELIDED("#ffffff", "#94a3b8", "#64748b"),
  GRANTING("#fde68a", "#b45309", "#451a03");

  final String fill;
  final String stroke;
  final String text;

  Look(String fill, String stroke, String text) {
    this.fill = fill;
    this.stroke = stroke;
    this.text = text;
  }

  static Look of(Node node) {
    return switch (node.mark()) {
      case GRANTING -> GRANTING;
      case MISSING -> MISSING;
      case ELIDED -> ELIDED;
      case PLAIN -> switch (node.column()) {
        case SUBJECTS -> SUBJECT;
        case BINDINGS -> BINDING;
        case ROLES -> ROLE;
        case RULES -> RULE;
      };
    };
  }

  /** The Mermaid class name: "subject", "granting" … */
  String cssClass() {
    return name().toLowerCase(Locale.ROOT);
  }
}
