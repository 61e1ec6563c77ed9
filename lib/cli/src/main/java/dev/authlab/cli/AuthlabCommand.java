package dev.authlab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `authlab`: the kit's commands; run bare, it prints what they are. */
@Command(
    name = "authlab",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Explore how the Kubernetes API server decides who you are and what you may do.",
    subcommands = {RequestCommand.class, CanICommand.class, CheckCommand.class, WhoCanCommand.class, ReviewCommand.class, EscalationCommand.class, WhoamiCommand.class, TokenCommand.class, PkiCommand.class, KubeconfigCommand.class, DemoCommand.class, ClusterCommand.class, GradeCommand.class})
public final class AuthlabCommand implements Runnable {

  private final Io io;

  @Spec CommandSpec spec;

  public AuthlabCommand(Io io) {
    this.io = io;
  }

  Io io() {
    return io;
  }

  @Override
  public void run() {
    spec.commandLine().usage(io.out());
  }
}
