package dev.authlab.cli;

import dev.authlab.request.RequestInfo;
import dev.authlab.request.RequestInfoResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `authlab request METHOD URL`: the RequestInfo the API server derives from a request line. */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    description = {
      "Show how the API server reads a request: verb, API group, namespace, resource, subresource, name.",
      "Prints one JSON object. With --batch, reads 'METHOD URL' lines from stdin and prints one object per line."
    })
public final class RequestCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "GET, POST, PUT, PATCH, DELETE …")
  String method;

  @Parameters(index = "1", arity = "0..1", paramLabel = "URL", description = "Path and query, e.g. /api/v1/namespaces/default/pods?watch=1")
  String url;

  @Option(names = "--batch", description = "Read METHOD URL lines from stdin (blank lines and # comments are skipped).")
  boolean batch;

  @Override
  public Integer call() {
    Io io = parent.io();
    RequestInfoResolver resolver = new RequestInfoResolver();
    if (batch) {
      if (method != null) {
        throw new UserError("--batch reads requests from stdin; give no METHOD or URL arguments");
      }
      return batch(io, resolver);
    }
    if (method == null || url == null) {
      throw new UserError("give METHOD and URL, e.g. authlab request GET /api/v1/namespaces/default/pods");
    }
    io.out().println(resolve(resolver, method, url).toJson());
    return 0;
  }

  private static RequestInfo resolve(RequestInfoResolver resolver, String method, String url) {
    try {
      return resolver.resolve(method, url);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** One JSON object per input line; a bad line gets an error object in its place, so output lines up with input. */
  private static int batch(Io io, RequestInfoResolver resolver) {
    int failures = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] parts = trimmed.split("\\s+");
        String problem;
        if (parts.length != 2) {
          problem = "expected 'METHOD URL', got " + parts.length + " field" + (parts.length == 1 ? "" : "s");
        } else {
          try {
            io.out().println(resolver.resolve(parts[0], parts[1]).toJson());
            continue;
          } catch (IllegalArgumentException e) {
            problem = e.getMessage();
          }
        }
        failures++;
        io.out().println("{\"line\":" + number + ",\"error\":" + Json.quote(problem) + "}");
        io.err().println("error: stdin line " + number + ": " + problem);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return failures == 0 ? 0 : ExitCodes.BAD_INPUT;
  }
}
