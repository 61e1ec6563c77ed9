package dev.authlab.cli;

/** Entry point of the `authlab` command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(args, Io.system()));
  }
}
