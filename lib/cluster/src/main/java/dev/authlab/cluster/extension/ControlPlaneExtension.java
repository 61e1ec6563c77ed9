package dev.authlab.cluster.extension;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.cluster.Backend;
import dev.authlab.cluster.ClusterTier;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlaneSpec;
import dev.authlab.cluster.ControlPlanes;
import dev.authlab.cluster.EnvironmentVariables;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Starts the control plane a {@link WithControlPlane} class asks for, once per class or once per run
 * for equal settings, and passes it to test methods, constructors and {@code @BeforeAll} methods as
 * a {@link ControlPlane} parameter. Shared control planes live in the root store and are stopped when
 * the run ends; a class's own in the class's store, stopped after its last test.
 *
 * <p>Without a backend the class is skipped with the one-line reason ({@code Assumptions}); with
 * {@code AUTHLAB_REQUIRE_CLUSTER=1} it fails with it instead, so CI cannot pass by skipping. The
 * environment and the backend choice can be injected:
 *
 * <pre>{@code
 * @RegisterExtension
 * static ControlPlaneExtension cluster = new ControlPlaneExtension(EnvironmentVariables.of(Map.of(...)), ControlPlanes::choose);
 * }</pre>
 */
public final class ControlPlaneExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  /** {@code 1} or {@code true}: fail instead of skipping when there is no backend. */
  public static final String REQUIRE_VARIABLE = ClusterTier.REQUIRE_VARIABLE;

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
  private static final String CLASS_KEY = "control-plane";
  private static final String SKIP_KEY = "skip-reason";

  private final EnvironmentVariables environment;
  private final Function<EnvironmentVariables, ControlPlanes.Choice> chooser;

  /** Reads the process environment and picks the backend as {@link ControlPlanes#choose} does. */
  public ControlPlaneExtension() {
    this(EnvironmentVariables.system(), ControlPlanes::choose);
  }

  public ControlPlaneExtension(EnvironmentVariables environment, Function<EnvironmentVariables, ControlPlanes.Choice> chooser) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.chooser = Objects.requireNonNull(chooser, "chooser");
  }

  /** Whether a missing backend fails the tests ({@code AUTHLAB_REQUIRE_CLUSTER=1}) rather than skipping them. */
  public static boolean clusterRequired(EnvironmentVariables env) {
    return ClusterTier.required(env);
  }

  /**
   * The chosen backend; otherwise skips the current test or class with the reason (a
   * {@code TestAbortedException}), or fails it ({@code AssertionFailedError}) when a cluster is required.
   * Tests that start control planes themselves call this too, so they skip and fail alike.
   */
  public static Backend backendOrSkip(ControlPlanes.Choice choice, EnvironmentVariables env) {
    if (choice instanceof ControlPlanes.Choice.Chosen chosen) {
      return chosen.backend();
    }
    String reason = ((ControlPlanes.Choice.Unavailable) choice).reason();
    if (clusterRequired(env)) {
      return Assertions.fail(REQUIRE_VARIABLE + "=" + env.get(REQUIRE_VARIABLE).orElse("") + " and " + reason);
    }
    return Assumptions.abort(reason);
  }

  /** {@link #backendOrSkip} for the process environment. */
  public static Backend backendOrSkip() {
    EnvironmentVariables env = EnvironmentVariables.system();
    return backendOrSkip(ControlPlanes.choose(env), env);
  }

  /**
   * Starts (or finds) the control plane. Without a backend, fails the class when a cluster is
   * required; otherwise remembers the reason, and each test is skipped with it (so reports list
   * every test as skipped, with the reason, rather than an empty class).
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store classStore = context.getStore(NAMESPACE);
    if (classStore.get(CLASS_KEY) != null || classStore.get(SKIP_KEY) != null) {
      return; // a @Nested class inside a class that already has one (or already skips)
    }
    Class<?> testClass = context.getRequiredTestClass();
    Optional<WithControlPlane> annotation = annotation(testClass);
    ControlPlaneSpec spec = spec(testClass, annotation);
    Backend backend;
    try {
      backend = backendOrSkip(chooser.apply(environment), environment);
    } catch (TestAbortedException skipped) {
      classStore.put(SKIP_KEY, skipped.getMessage());
      return;
    }
    boolean shared = annotation.map(a -> a.sharing() == WithControlPlane.Sharing.SHARED).orElse(true);
    ExtensionContext.Store store = shared ? context.getRoot().getStore(NAMESPACE) : classStore;
    Started started = store.getOrComputeIfAbsent(new Key(backend.name(), spec), key -> Started.start(backend, spec), Started.class);
    // a holder, not the control plane itself: JUnit closes AutoCloseable store values when their scope
    // ends, and a shared control plane must outlive the class that happened to start it
    classStore.put(CLASS_KEY, new ClassControlPlane(started.controlPlane()));
  }

  /** The control plane a class uses; deliberately not AutoCloseable (see beforeAll). */
  private record ClassControlPlane(ControlPlane controlPlane) {}

  @Override
  public void beforeEach(ExtensionContext context) {
    skipIfNoBackend(context);
  }

  private static void skipIfNoBackend(ExtensionContext context) {
    String reason = context.getStore(NAMESPACE).get(SKIP_KEY, String.class);
    if (reason != null) {
      Assumptions.abort(reason);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return ControlPlane.class.isAssignableFrom(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    skipIfNoBackend(context);
    ClassControlPlane held = context.getStore(NAMESPACE).get(CLASS_KEY, ClassControlPlane.class);
    ControlPlane controlPlane = held == null ? null : held.controlPlane();
    if (controlPlane == null) {
      throw new ParameterResolutionException("no control plane was started for " + context.getRequiredTestClass().getName()
          + "; is the class annotated with @WithControlPlane (or the extension registered with @RegisterExtension as a static field)?");
    }
    Class<?> wanted = parameter.getParameter().getType();
    if (!wanted.isInstance(controlPlane)) {
      throw new ParameterResolutionException("the control plane is a " + controlPlane.getClass().getSimpleName() + ", not a "
          + wanted.getSimpleName() + "; ask for a ControlPlane to run on any backend");
    }
    return controlPlane;
  }

  /** The annotation on the class, a superclass, or an enclosing class (for {@code @Nested} classes). */
  static Optional<WithControlPlane> annotation(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      WithControlPlane found = type.getAnnotation(WithControlPlane.class);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** What the annotation asks for: defaults, or what its settings method returns. */
  static ControlPlaneSpec spec(Class<?> testClass, Optional<WithControlPlane> annotation) {
    if (annotation.isEmpty()) {
      return ControlPlaneSpec.defaults();
    }
    WithControlPlane with = annotation.get();
    ControlPlaneSpec base = new ControlPlaneSpec(AuthnSettings.defaults(), List.of(with.authorizationModes()),
        Duration.ofSeconds(with.startTimeoutSeconds()));
    if (with.settings().isEmpty()) {
      return base;
    }
    Object value = invokeSettings(testClass, with.settings());
    if (value instanceof ControlPlaneSpec spec) {
      return spec;
    }
    if (value instanceof AuthnSettings settings) {
      return new ControlPlaneSpec(settings, base.authorizationModes(), base.startTimeout());
    }
    throw new ExtensionConfigurationException("@WithControlPlane(settings = \"" + with.settings() + "\"): the method returned "
        + (value == null ? "null" : "a " + value.getClass().getName()) + ", not AuthnSettings or ControlPlaneSpec");
  }

  private static Object invokeSettings(Class<?> testClass, String name) {
    Method method = settingsMethod(testClass, name).orElseThrow(() -> new ExtensionConfigurationException(
        "@WithControlPlane(settings = \"" + name + "\"): " + testClass.getName()
            + " has no static no-argument method of that name (nor do its superclasses or enclosing classes)"));
    try {
      method.setAccessible(true);
      return method.invoke(null);
    } catch (InvocationTargetException e) {
      throw new ExtensionConfigurationException("@WithControlPlane(settings = \"" + name + "\"): " + method.getName()
          + "() threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExtensionConfigurationException("@WithControlPlane(settings = \"" + name + "\"): cannot call it: " + e, e);
    }
  }

  private static Optional<Method> settingsMethod(Class<?> testClass, String name) {
    for (Class<?> outer = testClass; outer != null; outer = outer.getEnclosingClass()) {
      for (Class<?> type = outer; type != null && type != Object.class; type = type.getSuperclass()) {
        try {
          Method method = type.getDeclaredMethod(name);
          if (Modifier.isStatic(method.getModifiers())) {
            return Optional.of(method);
          }
        } catch (NoSuchMethodException e) {
          // not declared here; try the superclass, then the enclosing class
        }
      }
    }
    return Optional.empty();
  }

  /** Equal keys share a control plane. */
  private record Key(String backend, ControlPlaneSpec spec) {}

  /** A started control plane, or why it did not start (remembered, so other classes fail fast, not after another timeout). */
  private static final class Started implements AutoCloseable {
    private final Optional<ControlPlane> controlPlane;
    private final Optional<RuntimeException> failure;

    private Started(Optional<ControlPlane> controlPlane, Optional<RuntimeException> failure) {
      this.controlPlane = controlPlane;
      this.failure = failure;
    }

    static Started start(Backend backend, ControlPlaneSpec spec) {
      try {
        return new Started(Optional.of(backend.start(spec)), Optional.empty());
      } catch (RuntimeException e) {
        return new Started(Optional.empty(), Optional.of(e));
      }
    }

    ControlPlane controlPlane() {
      if (failure.isPresent()) {
        throw failure.get();
      }
      return controlPlane.orElseThrow();
    }

    @Override
    public void close() {
      controlPlane.ifPresent(ControlPlane::close);
    }
  }
}
