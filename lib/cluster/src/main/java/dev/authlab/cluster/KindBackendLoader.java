package dev.authlab.cluster;

import java.util.Optional;

/**
 * The kind backend without a compile-time dependency on it: {@value #BACKEND_CLASS} (a {@link Backend}
 * with a public constructor taking {@link EnvironmentVariables}, or none) is loaded by name, and a
 * build without it gets a backend that says so.
 */
final class KindBackendLoader {

  static final String BACKEND_CLASS = "dev.authlab.cluster.kind.KindBackend";
  static final String NAME = "kind";

  /** What the kind backend runs on; the kit's shaded jar leaves them out, and then kind is simply missing. */
  static final java.util.List<String> DEPENDENCIES =
      java.util.List.of("org.testcontainers.containers.GenericContainer", "com.dajudge.kindcontainer.KindContainer");

  private KindBackendLoader() {}

  static Backend load(EnvironmentVariables env) {
    return load(env, DEPENDENCIES);
  }

  static Backend load(EnvironmentVariables env, java.util.List<String> dependencies) {
    for (String dependency : dependencies) {
      try {
        Class.forName(dependency, false, KindBackendLoader.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        return new Missing("this build has no " + dependency.substring(0, dependency.lastIndexOf('.'))
            + " (the kit's jar leaves Testcontainers and kindcontainer out; ./authlab, the notebooks and Maven add them, see docs/kind.md)");
      }
    }
    Class<?> type;
    try {
      type = Class.forName(BACKEND_CLASS, true, KindBackendLoader.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new Missing("the kind backend (" + BACKEND_CLASS + ") is not part of this build: " + e);
    }
    if (!Backend.class.isAssignableFrom(type)) {
      return new Missing(BACKEND_CLASS + " is not a " + Backend.class.getName());
    }
    try {
      try {
        return (Backend) type.getConstructor(EnvironmentVariables.class).newInstance(env);
      } catch (NoSuchMethodException e) {
        return (Backend) type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      return new Missing("cannot create the kind backend (" + BACKEND_CLASS + "): " + e);
    }
  }

  /** A kind backend that is not there. */
  private record Missing(String reason) implements Backend {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
      return Optional.of(reason);
    }

    @Override
    public ControlPlane start(ControlPlaneSpec spec) {
      throw new BackendUnavailableException(reason);
    }
  }
}
