package dev.authlab.cli;

import dev.authlab.authn.Impersonation;
import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** --as and --as-group, with the groups the API server's impersonation adds. */
public final class SubjectOptions {

  @Option(names = "--as", paramLabel = "USER", description = "The user to check, e.g. jane or system:serviceaccount:team-a:ci.")
  String as;

  @Option(names = "--as-group", paramLabel = "GROUP", description = "A group of that user (repeatable).")
  List<String> asGroups = new ArrayList<>();

  /**
   * The user the API server would act as for `kubectl --as USER --as-group G`: service accounts get
   * their groups, everyone but system:anonymous gets system:authenticated.
   */
  UserInfo user() {
    if (as == null) {
      if (!asGroups.isEmpty()) {
        throw new UserError("--as-group needs --as: the API server refuses to impersonate groups without a user");
      }
      throw new UserError("--as USER is required: offline there is no kubeconfig user to check as");
    }
    return Impersonation.userFor(as, asGroups, Map.of());
  }
}
