package dev.authlab.labs.lab12_attacks_and_defences;

import dev.authlab.authz.rbac.RbacPolicy;
import dev.authlab.manifest.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Lab 12: attacks and defences. Given; the work is in {@link EscalationAudit} and
 * {@value #FIXED_RESOURCE}.
 *
 * <p>{@value #LEAKY_RESOURCE} is the shop's policy today. Its subjects and what each of them really
 * needs (the legitimate access your fixed policy must keep, exactly):
 *
 * <ul>
 *   <li>group {@code lab12-shop-devs}, in {@value #NAMESPACE}: {@code get}, {@code list},
 *       {@code watch} pods; {@code get} pods/log; {@code get}, {@code list}, {@code watch},
 *       {@code create}, {@code update}, {@code patch}, {@code delete} deployments (apps);
 *   <li>service account {@code lab12-shop/release-bot}, in {@value #NAMESPACE}: {@code get},
 *       {@code list}, {@code watch}, {@code update}, {@code patch} deployments (apps);
 *   <li>user {@code sam.helpdesk}, cluster-wide: {@code get}, {@code list} pods;
 *   <li>user {@code kim.lead}, in {@value #NAMESPACE}: {@code get}, {@code list}, {@code watch},
 *       {@code create}, {@code update}, {@code patch}, {@code delete} roles and rolebindings
 *       (rbac.authorization.k8s.io): she manages her team's access, within what she holds herself;
 *   <li>group {@code lab12-platform-oncall}, cluster-wide: {@code get}, {@code list}, {@code watch}
 *       pods and deployments (apps);
 *   <li>service account {@code lab12-shop/web}, in {@value #NAMESPACE}: {@code get}, {@code list},
 *       {@code watch} configmaps;
 *   <li>group {@code lab12-shop-viewers}, in {@value #NAMESPACE}: {@code get}, {@code list},
 *       {@code watch} pods.
 * </ul>
 */
public final class ShopPolicies {

  public static final String NAMESPACE = "lab12-shop";

  /** The policy as it is (read it; do not edit it). */
  public static final String LEAKY_RESOURCE = "lab12/leaky-policy.yaml";

  /** Your fixed policy: starts as a copy of the leaky one. */
  public static final String FIXED_RESOURCE = "lab12/fixed-policy.yaml";

  private ShopPolicies() {}

  public static RbacPolicy leaky() {
    return load(LEAKY_RESOURCE);
  }

  public static RbacPolicy fixed() {
    return load(FIXED_RESOURCE);
  }

  /** A policy of exactly the RBAC objects in a class-path resource (no built-in roles). */
  public static RbacPolicy load(String resource) {
    try (InputStream in = ShopPolicies.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return RbacPolicy.of(Manifests.read(resource, in, NAMESPACE).objects());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
