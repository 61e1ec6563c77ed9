package dev.authlab.authz.rbac;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Formatting of error lists the way apimachinery's aggregate error does. */
final class Errors {

  private Errors() {}

  static String aggregate(List<String> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    if (errors.size() == 1) {
      return errors.get(0);
    }
    Set<String> distinct = new LinkedHashSet<>(errors);
    String joined = String.join(", ", distinct);
    return distinct.size() == 1 ? joined : "[" + joined + "]";
  }
}
