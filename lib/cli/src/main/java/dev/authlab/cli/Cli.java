package dev.authlab.cli;

import picocli.CommandLine;

/** Builds the command line and maps every user mistake to one line on stderr and exit code 2. */
public final class Cli {

  private Cli() {}

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  public static int execute(String[] args, Io io) {
    CommandLine commandLine = new CommandLine(new AuthlabCommand(io));
    commandLine.setOut(io.out());
    commandLine.setErr(io.err());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(
        (ex, arguments) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("error: " + ex.getMessage());
          cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.BAD_INPUT;
        });
    commandLine.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            // The library reports unusable input (flags, files, manifests, PEM, kubeconfigs) as
            // IllegalArgumentException subclasses with one-line messages.
            cmd.getErr().println("error: " + oneLine(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
          }
          if (System.getenv("AUTHLAB_DEBUG") != null) {
            throw ex;
          }
          cmd.getErr().println("error: internal error (" + ex.getClass().getSimpleName() + ": " + oneLine(ex.getMessage())
              + "); this is a bug in the kit: please report it with the command you ran (AUTHLAB_DEBUG=1 shows the stack trace)");
          return ExitCodes.INTERNAL_ERROR;
        });
    int code = commandLine.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }
}
