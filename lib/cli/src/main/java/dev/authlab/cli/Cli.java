package dev.authlab.cli;

import dev.authlab.manifest.ManifestException;
import picocli.CommandLine;

/** Builds the command line and maps every user mistake to one line on stderr and exit code 2. */
public final class Cli {

  private Cli() {}

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
          if (ex instanceof UserError || ex instanceof ManifestException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
          }
          throw ex;
        });
    int code = commandLine.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }
}
