package dev.authlab.authz;

/**
 * --authorization-mode=AlwaysDeny. Upstream's mode does not say deny: it abstains with the reason
 * "Everything is forbidden.", so a later mode could still allow. We keep that quirk.
 */
public final class AlwaysDeny implements Authorizer {

  public static final String REASON = "Everything is forbidden.";

  @Override
  public Decision authorize(Attributes attributes) {
    return new Decision.NoOpinion(
        REASON, Explanation.of("AlwaysDeny abstains with \"" + REASON + "\"; a later mode may still allow"));
  }

  @Override
  public String name() {
    return "AlwaysDeny";
  }
}
