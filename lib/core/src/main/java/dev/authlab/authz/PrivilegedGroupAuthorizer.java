package dev.authlab.authz;

import dev.authlab.authn.UserInfo;
import java.util.List;

/**
 * kube-apiserver puts this in front of every configured mode: members of system:masters are allowed
 * everything, before RBAC is consulted, so no RBAC change can lock them out. Others get no opinion.
 */
public final class PrivilegedGroupAuthorizer implements Authorizer {

  private final List<String> groups;

  public PrivilegedGroupAuthorizer(List<String> groups) {
    this.groups = List.copyOf(groups);
  }

  /** The API server's own: system:masters. */
  public static PrivilegedGroupAuthorizer systemMasters() {
    return new PrivilegedGroupAuthorizer(List.of(UserInfo.SYSTEM_PRIVILEGED_GROUP));
  }

  @Override
  public Decision authorize(Attributes attributes) {
    for (String group : attributes.user().groups()) {
      if (groups.contains(group)) {
        return new Decision.Allow(
            "", Explanation.of("member of " + group + ", which the API server allows everything without consulting RBAC"));
      }
    }
    return new Decision.NoOpinion("", Explanation.of("not in a privileged group " + groups));
  }

  @Override
  public String name() {
    return "PrivilegedGroups";
  }
}
