package dev.authlab.gofmt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** apimachinery's error texts that several plugins report. */
public final class GoErrors {

  private GoErrors() {}

  /**
   * utilerrors.NewAggregate(errs).Error(): nothing for no errors, one error as is, several
   * de-duplicated in order, comma-joined and bracketed (no brackets when all were the same).
   */
  public static String aggregate(List<String> errors) {
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
