package dev.authlab.testkit;

import dev.authlab.authz.rbac.BootstrapPolicy;
import dev.authlab.manifest.ManifestException;
import dev.authlab.manifest.Manifests;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Resolves {@link dev.authlab.authz.rbac.RbacPolicy} parameters from {@link RbacPolicy} annotations
 * (on the parameter, else the test class or an enclosing class). Policies are cached in the test
 * class's extension store, keyed by paths, bootstrap flag and default namespace. A manifest error
 * fails the test with the manifest's one-line message.
 */
public class RbacPolicyExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RbacPolicyExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == dev.authlab.authz.rbac.RbacPolicy.class
        && annotationFor(parameterContext, extensionContext).isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    RbacPolicy annotation = annotationFor(parameterContext, extensionContext).orElseThrow();
    Key key = new Key(List.of(annotation.value()), annotation.bootstrap(), annotation.defaultNamespace());
    ExtensionContext.Store store = classContext(extensionContext).getStore(NAMESPACE);
    try {
      return store.getOrComputeIfAbsent(key, k -> load(k.paths(), k.bootstrap(), k.defaultNamespace()), dev.authlab.authz.rbac.RbacPolicy.class);
    } catch (ManifestException e) {
      throw new ParameterResolutionException(e.getMessage());
    }
  }

  /**
   * The policy of these manifests, on top of the bootstrap policy when asked: what the extension
   * injects.
   *
   * @throws ManifestException when a path is missing or a manifest is invalid
   */
  public static dev.authlab.authz.rbac.RbacPolicy load(List<String> paths, boolean bootstrap, String defaultNamespace) {
    if (paths.isEmpty()) {
      throw new ManifestException("@RbacPolicy", null, "no manifest paths given");
    }
    dev.authlab.authz.rbac.RbacPolicy.Builder builder = dev.authlab.authz.rbac.RbacPolicy.builder();
    if (bootstrap) {
      builder.addAll(BootstrapPolicy.objects());
    }
    for (String path : paths) {
      builder.addAll(Manifests.load(Path.of(path), defaultNamespace).objects());
    }
    return builder.build();
  }

  private static Optional<RbacPolicy> annotationFor(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Optional<RbacPolicy> onParameter = parameterContext.findAnnotation(RbacPolicy.class);
    if (onParameter.isPresent()) {
      return onParameter;
    }
    List<AnnotatedElement> classes = new ArrayList<>();
    Optional<ExtensionContext> context = Optional.of(extensionContext);
    while (context.isPresent()) {
      context.get().getTestClass().ifPresent(classes::add);
      context = context.get().getParent();
    }
    for (AnnotatedElement type : classes) {
      Optional<RbacPolicy> found = AnnotationSupport.findAnnotation(type, RbacPolicy.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** The context of the test class, so a policy is loaded once per class, not per method. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private record Key(List<String> paths, boolean bootstrap, String defaultNamespace) {}
}
