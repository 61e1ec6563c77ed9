package dev.authlab.cluster.extension;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a real control plane, started once before its first test, on the
 * backend {@code AUTHLAB_BACKEND} picks (local binaries or kind). Test methods, constructors and
 * {@code @BeforeAll} methods get it as a {@link dev.authlab.cluster.ControlPlane} parameter.
 *
 * <pre>{@code
 * @WithControlPlane(settings = "authn")
 * class TokenFileTest {
 *   static AuthnSettings authn() { return AuthnSettings.builder().tokenFile(...).build(); }
 *
 *   @Test
 *   void tokenIsAlice(ControlPlane cp) { ... cp.whoami(new Credential.Token("...")) ... }
 * }
 * }</pre>
 *
 * <p>Classes asking for equal settings share one control plane for the whole run ({@link Sharing#SHARED}).
 * Without a backend the class is skipped with a one-line reason, or fails with it when
 * {@code AUTHLAB_REQUIRE_CLUSTER=1} (as in CI). The class is tagged {@code cluster}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("cluster")
@ExtendWith(ControlPlaneExtension.class)
public @interface WithControlPlane {

  /**
   * The name of a static, no-argument method of the test class (or an enclosing class) that returns
   * the {@link dev.authlab.authn.AuthnSettings} (or a whole {@link dev.authlab.cluster.ControlPlaneSpec})
   * to start with. Empty: kube-apiserver's defaults.
   */
  String settings() default "";

  /** {@code --authorization-mode}, in order; ignored when {@link #settings} returns a ControlPlaneSpec. */
  String[] authorizationModes() default {"Node", "RBAC"};

  /** How long the start may take; ignored when {@link #settings} returns a ControlPlaneSpec. */
  long startTimeoutSeconds() default 60;

  /** Whether other test classes may use the same control plane. */
  Sharing sharing() default Sharing.SHARED;

  enum Sharing {
    /** One control plane for every class with equal settings, stopped when the test run ends. */
    SHARED,
    /** A control plane of this class's own, stopped after its last test (for tests that change cluster-wide state). */
    PER_CLASS
  }
}
