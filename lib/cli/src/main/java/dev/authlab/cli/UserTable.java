package dev.authlab.cli;

import dev.authlab.authn.UserInfo;
import java.util.TreeMap;

/** A user as `kubectl auth whoami` prints it: attribute and value, extra keys sorted. */
final class UserTable {

  private UserTable() {}

  static void print(Io io, UserInfo user) {
    TabWriter table = new TabWriter();
    table.row("ATTRIBUTE", "VALUE");
    table.row("Username", user.name());
    if (!user.uid().isEmpty()) {
      table.row("UID", user.uid());
    }
    table.row("Groups", "[" + String.join(" ", user.groups()) + "]");
    new TreeMap<>(user.extra()).forEach((key, values) -> table.row("Extra: " + key, "[" + String.join(" ", values) + "]"));
    table.flush(io.out());
  }
}
