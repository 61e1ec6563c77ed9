package dev.authlab.labs.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.cluster.ControlPlane;
import dev.authlab.manifest.ManifestSet;
import dev.authlab.testkit.Access;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A reader's RBAC manifests on a real API server: applied as the admin, then asked about. */
public final class RbacOnCluster {

  private RbacOnCluster() {}

  /**
   * Fails at once if even the kit's model of RBAC ({@code onPaper}) leaves one of {@code needed}
   * refused (waiting for the API server could not change that; {@code libraryTest} says what is
   * missing); then applies the namespaces and the manifests as the admin (server-side apply: safe to repeat).
   */
  public static void apply(ControlPlane cp, ManifestSet manifests, RbacPolicy onPaper, List<Ask> needed, String libraryTest,
      List<String> namespaces) {
    List<String> refusedOnPaper = new ArrayList<>();
    for (Ask ask : needed) {
      if (!Access.can(onPaper, ask.subject(), ask.request()).passed()) {
        refusedOnPaper.add(ask.toString());
      }
    }
    assertThat(refusedOnPaper).withFailMessage("your manifests do not grant these yet, so the API server was not asked "
        + "(the library checks, " + libraryTest + ", say what is missing):%n  %s", String.join("\n  ", refusedOnPaper)).isEmpty();
    KubernetesClient admin = cp.adminClient();
    for (String ns : namespaces) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .createOr(NonDeletingOperation::update);
    }
    for (HasMetadata object : manifests.objects()) {
      try {
        admin.resource(object).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        throw new AssertionError("the API server refused " + object.getKind() + " " + object.getMetadata().getName() + ": " + Calls.message(e), e);
      }
    }
  }

  /** Polls until each ask is allowed (the authorizer's cache follows writes within moments); returns those still refused after {@code within}. */
  public static List<Ask> awaitAllowed(ControlPlane cp, List<Ask> asks, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<Ask> refused = new ArrayList<>(asks);
    while (true) {
      refused.removeIf(ask -> allowed(cp, ask));
      if (refused.isEmpty() || System.nanoTime() > deadline) {
        return refused;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refused;
      }
    }
  }

  /** Whether the API server's authorizer allows the ask now. */
  public static boolean allowed(ControlPlane cp, Ask ask) {
    return Boolean.TRUE.equals(cp.review(ask.review()).getAllowed());
  }
}
