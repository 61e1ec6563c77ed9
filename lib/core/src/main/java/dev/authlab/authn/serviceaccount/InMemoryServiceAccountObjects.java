package dev.authlab.authn.serviceaccount;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fixed set of ServiceAccounts, Pods, Secrets and Nodes held in memory. Immutable: {@link #with}
 * and {@link #without} give a new set (say, a pod deleted and created again with another uid), and
 * objects are copied in and out so nobody can change them behind the authenticator's back.
 */
public final class InMemoryServiceAccountObjects implements ServiceAccountObjects {

  private final Map<String, HasMetadata> objects;

  private InMemoryServiceAccountObjects(Map<String, HasMetadata> objects) {
    this.objects = Map.copyOf(objects);
  }

  public static InMemoryServiceAccountObjects empty() {
    return new InMemoryServiceAccountObjects(Map.of());
  }

  public static InMemoryServiceAccountObjects of(HasMetadata... objects) {
    return of(List.of(objects));
  }

  /** ServiceAccounts, Pods, Secrets and Nodes; other kinds are refused. A later object with the same key replaces an earlier one. */
  public static InMemoryServiceAccountObjects of(Collection<? extends HasMetadata> objects) {
    Map<String, HasMetadata> map = new LinkedHashMap<>();
    for (HasMetadata object : objects) {
      map.put(key(object), copy(object));
    }
    return new InMemoryServiceAccountObjects(map);
  }

  /** This set plus (or with a replacement for) the object. */
  public InMemoryServiceAccountObjects with(HasMetadata object) {
    Map<String, HasMetadata> map = new LinkedHashMap<>(objects);
    map.put(key(object), copy(object));
    return new InMemoryServiceAccountObjects(map);
  }

  /** This set without the object of this kind ("ServiceAccount", "Pod", "Secret", "Node"), namespace ("" for nodes) and name. */
  public InMemoryServiceAccountObjects without(String kind, String namespace, String name) {
    Map<String, HasMetadata> map = new LinkedHashMap<>(objects);
    map.remove(key(kind, namespace, name));
    return new InMemoryServiceAccountObjects(map);
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return find("ServiceAccount", namespace, name, ServiceAccount.class).map(sa -> new ServiceAccountBuilder(sa).build());
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return find("Pod", namespace, name, Pod.class).map(pod -> new PodBuilder(pod).build());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return find("Secret", namespace, name, Secret.class).map(secret -> new SecretBuilder(secret).build());
  }

  @Override
  public Optional<Node> node(String name) {
    return find("Node", "", name, Node.class).map(node -> new NodeBuilder(node).build());
  }

  private <T> Optional<T> find(String kind, String namespace, String name, Class<T> type) {
    return Optional.ofNullable(objects.get(key(kind, namespace, name))).map(type::cast);
  }

  private static String key(HasMetadata object) {
    Objects.requireNonNull(object, "object");
    String kind = kindOf(object);
    if (object.getMetadata() == null || object.getMetadata().getName() == null) {
      throw new IllegalArgumentException(kind + " without metadata.name cannot be stored");
    }
    String namespace = kind.equals("Node") ? "" : Objects.requireNonNullElse(object.getMetadata().getNamespace(), "");
    return key(kind, namespace, object.getMetadata().getName());
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }

  private static String kindOf(HasMetadata object) {
    if (object instanceof ServiceAccount) {
      return "ServiceAccount";
    }
    if (object instanceof Pod) {
      return "Pod";
    }
    if (object instanceof Secret) {
      return "Secret";
    }
    if (object instanceof Node) {
      return "Node";
    }
    throw new IllegalArgumentException(object.getKind() + " is not a ServiceAccount, Pod, Secret or Node");
  }

  private static HasMetadata copy(HasMetadata object) {
    if (object instanceof ServiceAccount sa) {
      return new ServiceAccountBuilder(sa).build();
    }
    if (object instanceof Pod pod) {
      return new PodBuilder(pod).build();
    }
    if (object instanceof Secret secret) {
      return new SecretBuilder(secret).build();
    }
    if (object instanceof Node node) {
      return new NodeBuilder(node).build();
    }
    throw new IllegalArgumentException(object.getKind() + " is not a ServiceAccount, Pod, Secret or Node");
  }
}
