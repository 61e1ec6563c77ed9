package dev.authlab.testkit;

import static dev.authlab.testkit.AuthlabAssertions.assertThat;
import static dev.authlab.testkit.AuthlabAssertions.user;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.manifest.ManifestException;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;

@RbacPolicy("examples/policy")
class RbacPolicyExtensionTest {

  private static final AtomicReference<ExtensionContext> CONTEXT = new AtomicReference<>();

  @RegisterExtension
  static final BeforeEachCallback CAPTURE = CONTEXT::set;

  private final dev.authlab.authz.rbac.RbacPolicy fromConstructor;

  RbacPolicyExtensionTest(dev.authlab.authz.rbac.RbacPolicy policy) {
    this.fromConstructor = policy;
  }

  @Test
  void injectsTheClassPolicyWithTheBootstrapRoles(dev.authlab.authz.rbac.RbacPolicy policy) {
    assertThat(policy).as(user("jane").inGroups("dev")).can("get", "pods").in("team-a");
    // view comes from the bootstrap policy, and aggregates the example's node-viewer
    assertThat(policy).as(AuthlabAssertions.group("sre")).can("list", "nodes").clusterWide();
    org.assertj.core.api.Assertions.assertThat(policy).isSameAs(fromConstructor);
  }

  @Test
  void aParameterAnnotationOverridesTheClass(
      @RbacPolicy(value = "examples/policy/team-a.yaml", bootstrap = false) dev.authlab.authz.rbac.RbacPolicy teamA,
      dev.authlab.authz.rbac.RbacPolicy everything) {
    org.assertj.core.api.Assertions.assertThat(teamA.clusterRoles()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(teamA.roles()).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(everything.clusterRole("cluster-admin")).isPresent();
    // the CI binding refers to the built-in edit role, missing without the bootstrap policy
    assertThatThrownBy(() -> assertThat(teamA).as(AuthlabAssertions.serviceAccount("team-a", "ci")).can("create", "deployments").in("team-a"))
        .hasMessageContaining("clusterrole.rbac.authorization.k8s.io \"edit\" not found");
  }

  @Test
  void thePolicyIsLoadedOncePerClass(dev.authlab.authz.rbac.RbacPolicy policy) {
    org.assertj.core.api.Assertions.assertThat(policy).isSameAs(fromConstructor);
  }

  @Nested
  class NestedClasses {
    @Test
    void seeTheEnclosingAnnotation(dev.authlab.authz.rbac.RbacPolicy policy) {
      assertThat(policy).as(user("olivia")).can("create", "rolebindings").in("team-a");
    }
  }

  @Test
  void aManifestErrorFailsWithItsOneLineMessage() throws Exception {
    Parameter parameter = RbacPolicyExtensionTest.class.getDeclaredMethod("missing", dev.authlab.authz.rbac.RbacPolicy.class).getParameters()[0];
    ParameterContext parameterContext = parameterContext(parameter);
    RbacPolicyExtension extension = new RbacPolicyExtension();
    org.assertj.core.api.Assertions.assertThat(extension.supportsParameter(parameterContext, CONTEXT.get())).isTrue();
    assertThatThrownBy(() -> extension.resolveParameter(parameterContext, CONTEXT.get()))
        .isInstanceOf(ParameterResolutionException.class)
        .hasMessage("no/such/dir: no such file or directory")
        .hasNoCause();
    assertThatThrownBy(() -> RbacPolicyExtension.load(List.of(), true, "default")).isInstanceOf(ManifestException.class);
  }

  @SuppressWarnings("unused")
  private static void missing(@RbacPolicy("no/such/dir") dev.authlab.authz.rbac.RbacPolicy policy) {}

  private static ParameterContext parameterContext(Parameter parameter) {
    return (ParameterContext)
        Proxy.newProxyInstance(
            RbacPolicyExtensionTest.class.getClassLoader(),
            new Class<?>[] {ParameterContext.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getParameter":
                  return parameter;
                case "findAnnotation":
                  return Optional.ofNullable(parameter.getAnnotation(annotationType(args[0])));
                case "isAnnotated":
                  return parameter.isAnnotationPresent(annotationType(args[0]));
                case "getIndex":
                  return 0;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends java.lang.annotation.Annotation> annotationType(Object type) {
    return (Class<? extends java.lang.annotation.Annotation>) type;
  }

  @BeforeEach
  void contextIsCaptured() {
    org.assertj.core.api.Assertions.assertThat(CONTEXT.get()).isNotNull();
  }
}
