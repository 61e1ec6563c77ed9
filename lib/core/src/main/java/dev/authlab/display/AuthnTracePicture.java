package dev.authlab.display;

import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.Trace;
import dev.authlab.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An authentication result as a table: one row per authenticator the request met (in the order it
 * met them), what each said and why, then the outcome: who the request is from, or the 401 and why.
 * The row that decided (the authenticator that recognised the user, or the ones that failed) is bold.
 */
public final class AuthnTracePicture {

  public static final String DEFAULT_TITLE = "authentication";

  private AuthnTracePicture() {}

  public static Picture of(AuthnResult result) {
    return of(DEFAULT_TITLE, result);
  }

  public static Picture of(String title, AuthnResult result) {
    return table(title, result).picture();
  }

  /** The table behind the picture, for callers who want to add a note or a row. */
  public static HtmlTable table(String title, AuthnResult result) {
    HtmlTable table = HtmlTable.of("authenticator", "verdict", "reason").titled(title + ": " + headline(result));
    List<Trace.Step> steps = result.trace().steps();
    for (Trace.Step step : steps) {
      table = table.row(step.authenticator(), step.verdict().label(), step.reason());
    }
    for (int i : deciding(result, steps)) {
      table = table.emphasise(i);
    }
    if (steps.isEmpty()) {
      table = table.withNote("(no authenticator recorded a step)");
    }
    for (String line : outcome(result)) {
      table = table.withNote(line);
    }
    return table;
  }

  /** One line: "authenticated as jane" or "401 Unauthorized". */
  static String headline(AuthnResult result) {
    if (result instanceof AuthnResult.Authenticated authenticated) {
      return "authenticated as " + authenticated.user().name();
    }
    return "401 Unauthorized";
  }

  private static List<Integer> deciding(AuthnResult result, List<Trace.Step> steps) {
    List<Integer> rows = new ArrayList<>();
    Trace.Verdict decisive = result instanceof AuthnResult.Authenticated ? Trace.Verdict.AUTHENTICATED : Trace.Verdict.FAILED;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).verdict() == decisive) {
        rows.add(i);
        // The first authenticator to recognise the user is the one the union returns.
        if (decisive == Trace.Verdict.AUTHENTICATED) {
          break;
        }
      }
    }
    return rows;
  }

  private static List<String> outcome(AuthnResult result) {
    List<String> lines = new ArrayList<>();
    if (result instanceof AuthnResult.Authenticated authenticated) {
      lines.addAll(describe(authenticated.user()));
      if (!authenticated.audiences().isEmpty()) {
        lines.add("audiences: " + String.join(", ", authenticated.audiences()));
      }
    } else if (result instanceof AuthnResult.Failed failed) {
      lines.add("401 Unauthorized: the credential was rejected: " + failed.reason());
    } else if (result instanceof AuthnResult.NoOpinion noOpinion) {
      lines.add("401 Unauthorized: no authenticator recognised a credential"
          + (noOpinion.reason().isEmpty() ? "" : " (" + noOpinion.reason() + ")"));
    }
    return lines;
  }

  /** The user as the authorizers will see it; extra keys sorted so the output is stable. */
  static List<String> describe(UserInfo user) {
    List<String> lines = new ArrayList<>();
    lines.add("user: " + user.name());
    if (!user.uid().isEmpty()) {
      lines.add("uid: " + user.uid());
    }
    lines.add("groups: " + (user.groups().isEmpty() ? "(none)" : String.join(", ", user.groups())));
    Map<String, List<String>> extra = new TreeMap<>(user.extra());
    extra.forEach((key, values) -> lines.add("extra " + key + ": " + String.join(", ", values)));
    return lines;
  }
}
