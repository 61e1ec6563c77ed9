package dev.authlab.authz.rbac;

import dev.authlab.gofmt.GoStrings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot of a cluster's RBAC objects, as the API server's informers would hold them: roles,
 * cluster roles (with aggregation already applied, as the controller would have done) and bindings,
 * indexed so that a decision only looks at the bindings that name the requesting user.
 *
 * <p>Objects are copied on the way in; the policy never changes after {@link Builder#build()}.
 */
public final class RbacPolicy {

  private final List<ClusterRole> clusterRoles;
  private final List<ClusterRoleBinding> clusterRoleBindings;
  private final List<Role> roles;
  private final List<RoleBinding> roleBindings;
  private final Map<String, ClusterRole> clusterRolesByName;
  private final Map<String, Map<String, Role>> rolesByNamespace;
  private final Map<String, List<RoleBinding>> roleBindingsByNamespace;
  private final BindingIndex index;

  private RbacPolicy(
      List<ClusterRole> clusterRoles,
      List<ClusterRoleBinding> clusterRoleBindings,
      List<Role> roles,
      List<RoleBinding> roleBindings) {
    this.clusterRoles = List.copyOf(ClusterRoleAggregator.aggregate(clusterRoles));
    this.clusterRoleBindings = List.copyOf(clusterRoleBindings);
    this.roles = List.copyOf(roles);
    this.roleBindings = List.copyOf(roleBindings);
    Map<String, ClusterRole> byName = new LinkedHashMap<>();
    for (ClusterRole role : this.clusterRoles) {
      byName.put(role.getMetadata().getName(), role);
    }
    this.clusterRolesByName = Map.copyOf(byName);
    Map<String, Map<String, Role>> byNamespace = new LinkedHashMap<>();
    for (Role role : this.roles) {
      byNamespace.computeIfAbsent(namespaceOf(role), ns -> new LinkedHashMap<>()).put(role.getMetadata().getName(), role);
    }
    Map<String, Map<String, Role>> frozen = new LinkedHashMap<>();
    byNamespace.forEach((ns, named) -> frozen.put(ns, Map.copyOf(named)));
    this.rolesByNamespace = Map.copyOf(frozen);
    Map<String, List<RoleBinding>> bindingsByNamespace = new LinkedHashMap<>();
    for (RoleBinding binding : this.roleBindings) {
      bindingsByNamespace.computeIfAbsent(namespaceOf(binding), ns -> new java.util.ArrayList<>()).add(binding);
    }
    Map<String, List<RoleBinding>> frozenBindings = new LinkedHashMap<>();
    bindingsByNamespace.forEach((ns, bindings) -> frozenBindings.put(ns, List.copyOf(bindings)));
    this.roleBindingsByNamespace = Map.copyOf(frozenBindings);
    this.index = new BindingIndex(this.clusterRoleBindings, this.roleBindings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A policy of exactly these objects (non-RBAC objects are ignored). */
  public static RbacPolicy of(Collection<? extends HasMetadata> objects) {
    return builder().addAll(objects).build();
  }

  public static RbacPolicy empty() {
    return builder().build();
  }

  public List<ClusterRole> clusterRoles() {
    return clusterRoles;
  }

  public List<ClusterRoleBinding> clusterRoleBindings() {
    return clusterRoleBindings;
  }

  public List<Role> roles() {
    return roles;
  }

  public List<RoleBinding> roleBindings() {
    return roleBindings;
  }

  /** The RoleBindings of one namespace, in policy order. */
  public List<RoleBinding> roleBindings(String namespace) {
    return roleBindingsByNamespace.getOrDefault(namespace, List.of());
  }

  public Optional<ClusterRole> clusterRole(String name) {
    return Optional.ofNullable(clusterRolesByName.get(name));
  }

  public Optional<Role> role(String namespace, String name) {
    return Optional.ofNullable(rolesByNamespace.getOrDefault(namespace, Map.of()).get(name));
  }

  /** Every namespace that has a Role or RoleBinding, sorted. */
  public Set<String> namespaces() {
    Set<String> namespaces = new TreeSet<>(rolesByNamespace.keySet());
    for (RoleBinding binding : roleBindings) {
      namespaces.add(namespaceOf(binding));
    }
    return namespaces;
  }

  BindingIndex index() {
    return index;
  }

  /**
   * The rules a binding's roleRef points at, as upstream's GetRoleReferenceRules resolves them: a
   * Role in the binding's namespace (never for a ClusterRoleBinding, whose namespace is empty) or a
   * ClusterRole; anything else is an error the authorizer reports but does not fail on.
   */
  public RoleLookup lookup(RoleRef roleRef, String bindingNamespace) {
    String kind = roleRef == null || roleRef.getKind() == null ? "" : roleRef.getKind();
    String name = roleRef == null || roleRef.getName() == null ? "" : roleRef.getName();
    switch (kind) {
      case "Role" -> {
        Role role = rolesByNamespace.getOrDefault(bindingNamespace, Map.of()).get(name);
        if (role == null) {
          return new RoleLookup.Missing(kind, name, "role.rbac.authorization.k8s.io " + GoStrings.quote(name) + " not found");
        }
        return new RoleLookup.Found(kind, name, Rules.orEmpty(role.getRules()));
      }
      case "ClusterRole" -> {
        ClusterRole role = clusterRolesByName.get(name);
        if (role == null) {
          return new RoleLookup.Missing(kind, name, "clusterrole.rbac.authorization.k8s.io " + GoStrings.quote(name) + " not found");
        }
        return new RoleLookup.Found(kind, name, Rules.orEmpty(role.getRules()));
      }
      default -> {
        return new RoleLookup.Missing(kind, name, "unsupported role reference kind: " + GoStrings.quote(kind));
      }
    }
  }

  /** What a roleRef resolved to. */
  public sealed interface RoleLookup {
    String kind();

    String name();

    record Found(String kind, String name, List<PolicyRule> rules) implements RoleLookup {
      public Found {
        rules = List.copyOf(rules);
      }
    }

    record Missing(String kind, String name, String error) implements RoleLookup {}
  }

  static String namespaceOf(HasMetadata object) {
    String ns = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  /**
   * Collects objects. A later object with the same kind, namespace and name replaces an earlier one,
   * as `kubectl apply` of a second manifest would, so user manifests can override bootstrap roles.
   */
  public static final class Builder {
    private final Map<String, ClusterRole> clusterRoles = new LinkedHashMap<>();
    private final Map<String, ClusterRoleBinding> clusterRoleBindings = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, RoleBinding> roleBindings = new LinkedHashMap<>();

    private Builder() {}

    public Builder add(HasMetadata object) {
      if (object instanceof ClusterRole role) {
        clusterRoles.put(key(role), new ClusterRoleBuilder(role).withMetadata(metadataOf(role)).build());
      } else if (object instanceof ClusterRoleBinding binding) {
        clusterRoleBindings.put(key(binding), new ClusterRoleBindingBuilder(binding).withMetadata(metadataOf(binding)).build());
      } else if (object instanceof Role role) {
        roles.put(key(role), new RoleBuilder(role).withMetadata(metadataOf(role)).build());
      } else if (object instanceof RoleBinding binding) {
        roleBindings.put(key(binding), new RoleBindingBuilder(binding).withMetadata(metadataOf(binding)).build());
      }
      return this;
    }

    /** Go's zero values: an object always has metadata and a name, "" when unset. */
    private static ObjectMeta metadataOf(HasMetadata object) {
      ObjectMeta meta = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
      return meta.getName() == null ? new ObjectMetaBuilder(meta).withName("").build() : meta;
    }

    public Builder addAll(Collection<? extends HasMetadata> objects) {
      objects.forEach(this::add);
      return this;
    }

    public Builder addAll(RbacPolicy other) {
      addAll(other.clusterRoles);
      addAll(other.clusterRoleBindings);
      addAll(other.roles);
      addAll(other.roleBindings);
      return this;
    }

    public RbacPolicy build() {
      return new RbacPolicy(
          List.copyOf(clusterRoles.values()),
          List.copyOf(clusterRoleBindings.values()),
          List.copyOf(roles.values()),
          List.copyOf(roleBindings.values()));
    }

    private static String key(HasMetadata object) {
      String name = object.getMetadata() == null || object.getMetadata().getName() == null ? "" : object.getMetadata().getName();
      return namespaceOf(object) + "/" + name;
    }
  }
}
