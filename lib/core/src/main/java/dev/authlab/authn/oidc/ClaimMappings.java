package dev.authlab.authn.oidc;

import java.util.List;
import java.util.Objects;

/** How claims become the user: username (required), groups, uid and extra. */
public record ClaimMappings(
    PrefixedClaimOrExpression username, PrefixedClaimOrExpression groups, ClaimOrExpression uid, List<ExtraMapping> extra) {

  public ClaimMappings {
    username = Objects.requireNonNullElse(username, PrefixedClaimOrExpression.none());
    groups = Objects.requireNonNullElse(groups, PrefixedClaimOrExpression.none());
    uid = Objects.requireNonNullElse(uid, ClaimOrExpression.none());
    extra = List.copyOf(extra);
  }

  public static ClaimMappings username(PrefixedClaimOrExpression username) {
    return new ClaimMappings(username, PrefixedClaimOrExpression.none(), ClaimOrExpression.none(), List.of());
  }

  public ClaimMappings withGroups(PrefixedClaimOrExpression newGroups) {
    return new ClaimMappings(username, newGroups, uid, extra);
  }

  public ClaimMappings withUid(ClaimOrExpression newUid) {
    return new ClaimMappings(username, groups, newUid, extra);
  }

  public ClaimMappings withExtra(List<ExtraMapping> newExtra) {
    return new ClaimMappings(username, groups, uid, newExtra);
  }
}
