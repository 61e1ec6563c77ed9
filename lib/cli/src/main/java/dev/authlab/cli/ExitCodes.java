package dev.authlab.cli;

/** Exit codes, as kubectl auth can-i uses them, plus 2 for unusable input. */
public final class ExitCodes {

  public static final int YES = 0;
  public static final int NO = 1;
  public static final int BAD_INPUT = 2;
  /** A bug in the kit, not in the input. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
