package dev.authlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads RBAC manifests for a test and injects them as a {@link dev.authlab.authz.rbac.RbacPolicy}
 * parameter (constructor, test method, lifecycle method). Put it on the parameter, or on the test
 * class (or an enclosing class) to give every policy parameter the same manifests:
 *
 * <pre>{@code
 * @dev.authlab.testkit.RbacPolicy("k8s/rbac")
 * class TeamAccessTest {
 *   @Test void devsReadPods(dev.authlab.authz.rbac.RbacPolicy policy) { ... }
 * }
 * }</pre>
 *
 * <p>The annotation shares its simple name with the model class it injects; import one and name the
 * other in full. Paths are files or directories, relative to the working directory (under Maven
 * Surefire, usually the module's directory unless configured otherwise). The policy is loaded once
 * per test class and cached.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.PARAMETER})
@ExtendWith(RbacPolicyExtension.class)
public @interface RbacPolicy {

  /** Manifest files or directories (every .yaml, .yml and .json under them), applied in order. */
  String[] value();

  /** Start from the bootstrap roles and bindings of a new API server (cluster-admin, view, edit …). */
  boolean bootstrap() default true;

  /** Where Roles and RoleBindings without a namespace go. */
  String defaultNamespace() default "default";
}
