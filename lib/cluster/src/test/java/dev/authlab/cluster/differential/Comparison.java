package dev.authlab.cluster.differential;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the cluster and the library gave the same answer to one SubjectAccessReview.
 *
 * <ul>
 *   <li>allowed and denied must be equal;
 *   <li>on an allow, the cluster's reason must be one the library could give: the API server names the
 *       first granting binding it meets, in its informer cache's (random) order;
 *   <li>otherwise the reasons must carry the same errors (roles that cannot be found): the same set,
 *       since the cluster lists them in that same random order;
 *   <li>the cluster must not report an evaluation error (the library has none to report).
 * </ul>
 */
final class Comparison {

  private Comparison() {}

  /** Empty when they agree, else what differs. */
  static Optional<String> disagreement(ReviewAnswer cluster, LibraryReviewer.Answer library) {
    ReviewAnswer mine = library.answer();
    if (!cluster.evaluationError().isEmpty() || !mine.evaluationError().isEmpty()) {
      return Optional.of("evaluation error: cluster " + quoted(cluster.evaluationError()) + ", library " + quoted(mine.evaluationError()));
    }
    if (cluster.allowed() != mine.allowed() || cluster.denied() != mine.denied()) {
      return Optional.of("verdict: cluster " + cluster.verdict() + ", library " + mine.verdict());
    }
    if (cluster.allowed()) {
      if (library.allowReasons().contains(cluster.reason())) {
        return Optional.empty();
      }
      return Optional.of(
          "allow reason: cluster " + quoted(cluster.reason()) + " is not one the library could give " + new TreeSet<>(library.allowReasons()));
    }
    Set<String> clusterErrors = errorsOf(cluster.reason());
    Set<String> libraryErrors = errorsOf(mine.reason());
    if (!clusterErrors.equals(libraryErrors)) {
      return Optional.of("reason: cluster " + quoted(cluster.reason()) + ", library " + quoted(mine.reason()));
    }
    return Optional.empty();
  }

  /**
   * The errors in a no-opinion reason: the union authorizer joins its members' reasons with newlines,
   * RBAC's is "RBAC: " and an aggregate error (one message, or several in brackets joined by ", ").
   */
  static Set<String> errorsOf(String reason) {
    Set<String> errors = new TreeSet<>();
    for (String line : reason.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String body = line.startsWith("RBAC: ") ? line.substring("RBAC: ".length()) : line;
      if (body.startsWith("[") && body.endsWith("]")) {
        for (String part : body.substring(1, body.length() - 1).split(", ", -1)) {
          errors.add(part);
        }
      } else {
        errors.add(body);
      }
    }
    return errors;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\n", "\\n") + "\"";
  }
}
