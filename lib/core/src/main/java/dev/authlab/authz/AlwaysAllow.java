package dev.authlab.authz;

/** --authorization-mode=AlwaysAllow: every request is allowed, with an empty reason as upstream. */
public final class AlwaysAllow implements Authorizer {

  @Override
  public Decision authorize(Attributes attributes) {
    return new Decision.Allow("", Explanation.of("AlwaysAllow allows every request"));
  }

  @Override
  public String name() {
    return "AlwaysAllow";
  }
}
