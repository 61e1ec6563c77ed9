package dev.authlab.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The RBAC objects read from some manifests, each with where it came from, in the order read, plus
 * notes about what was skipped.
 *
 * <p>Invariant: no two objects share kind, namespace and name (the second {@code kubectl create}
 * would fail), so {@link #sourceOf(HasMetadata)} can find an object's origin by its key. That also
 * works for copies, such as the ones an RBAC policy makes with fabric8's builders, which identity or
 * {@code equals} lookups would not.
 */
public record ManifestSet(
    List<Sourced<Role>> roles,
    List<Sourced<ClusterRole>> clusterRoles,
    List<Sourced<RoleBinding>> roleBindings,
    List<Sourced<ClusterRoleBinding>> clusterRoleBindings,
    List<Note> notes) {

  private static final ManifestSet EMPTY = new ManifestSet(List.of(), List.of(), List.of(), List.of(), List.of());

  /** @throws ManifestException if two objects have the same kind, namespace and name */
  public ManifestSet {
    roles = List.copyOf(roles);
    clusterRoles = List.copyOf(clusterRoles);
    roleBindings = List.copyOf(roleBindings);
    clusterRoleBindings = List.copyOf(clusterRoleBindings);
    notes = List.copyOf(notes);
    rejectDuplicates(Stream.of(roles, clusterRoles, roleBindings, clusterRoleBindings).flatMap(List::stream).toList());
  }

  public static ManifestSet empty() {
    return EMPTY;
  }

  /**
   * This set followed by {@code other}.
   *
   * @throws ManifestException if {@code other} defines an object this set already has
   */
  public ManifestSet concat(ManifestSet other) {
    return new ManifestSet(
        join(roles, other.roles),
        join(clusterRoles, other.clusterRoles),
        join(roleBindings, other.roleBindings),
        join(clusterRoleBindings, other.clusterRoleBindings),
        join(notes, other.notes));
  }

  /** Every object, without sources: roles, cluster roles, role bindings, then cluster role bindings. */
  public List<HasMetadata> objects() {
    return Stream.of(roles, clusterRoles, roleBindings, clusterRoleBindings)
        .flatMap(List::stream)
        .<HasMetadata>map(Sourced::object)
        .toList();
  }

  /** Where the object with this one's kind, namespace and name came from (it may be a copy). */
  public Optional<Source> sourceOf(HasMetadata object) {
    ObjectKey key = ObjectKey.of(object);
    return Stream.of(roles, clusterRoles, roleBindings, clusterRoleBindings)
        .flatMap(List::stream)
        .filter(s -> ObjectKey.of(s.object()).equals(key))
        .map(Sourced::source)
        .findFirst();
  }

  public int size() {
    return roles.size() + clusterRoles.size() + roleBindings.size() + clusterRoleBindings.size();
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  private static void rejectDuplicates(List<? extends Sourced<?>> all) {
    Map<ObjectKey, Source> seen = new HashMap<>();
    for (Sourced<?> sourced : all) {
      ObjectKey key = ObjectKey.of(sourced.object());
      Source first = seen.putIfAbsent(key, sourced.source());
      if (first != null) {
        throw ManifestException.at(sourced.source(), null,
            key.describe() + " is defined twice; first at " + first);
      }
    }
  }

  private static <T> List<T> join(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }
}
