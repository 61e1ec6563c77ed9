package dev.authlab.cli.check;

/** The kinds of expectation an expectations file can state, by the key it uses. */
public enum CheckKind {
  CAN("can"),
  CANNOT("cannot"),
  CAN_ONLY("canOnly"),
  CANNOT_ESCALATE("cannotEscalate"),
  CANNOT_IMPERSONATE("cannotImpersonate");

  private final String key;

  CheckKind(String key) {
    this.key = key;
  }

  /** The key in the expectations file, e.g. {@code canOnly}. */
  public String key() {
    return key;
  }
}
