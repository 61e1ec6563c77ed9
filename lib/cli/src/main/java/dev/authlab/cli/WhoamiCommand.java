package dev.authlab.cli;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.UserInfo;
import dev.authlab.manifest.ManifestWriter;
import dev.authlab.pki.Pem;
import dev.authlab.pki.PemException;
import dev.authlab.pki.KeyPairs;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `authlab whoami`: who a credential makes you, for an API server with these authentication flags. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = {
      "Authenticate a credential as a kube-apiserver with these authentication flags would, and print who it makes you,",
      "like `kubectl auth whoami` (a SelfSubjectReview with -o yaml|json). Exit 0 when authenticated, 1 for a 401,",
      "2 for unusable flags or files. The flags are kube-apiserver's own."
    })
public final class WhoamiCommand implements Callable<Integer> {

  enum Output {
    table,
    yaml,
    json
  }

  @ParentCommand AuthlabCommand parent;

  @Mixin AuthnFlags authn;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token to send (Authorization: Bearer TOKEN).")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from a file (keeps it out of shell history).")
  Path tokenFile;

  @Option(names = "--client-certificate", paramLabel = "FILE", description = "Client certificate (PEM, leaf first, intermediates after) presented over TLS.")
  Path clientCertificate;

  @Option(names = "--client-key", paramLabel = "FILE", description = "Its private key; checked to match, as TLS would.")
  Path clientKey;

  @Option(names = "--proxy-cert", paramLabel = "FILE", description = "The authenticating proxy's client certificate, for -H X-Remote-User: … headers.")
  Path proxyCertificate;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A request header (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--path", paramLabel = "PATH", description = "Request path (default: the SelfSubjectReview endpoint).")
  String path = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default), yaml or json.")
  Output output = Output.table;

  @Option(names = "--explain", description = "Print each authenticator the request went through and what it said.")
  boolean explain;

  @Mixin ObjectsOptions objects;

  @Override
  public Integer call() {
    Io io = parent.io();
    AuthnSettings settings = authn.settings();
    AuthenticationRequest request = request(settings);
    AuthnResult result = settings.authenticator(objects.environment()).authenticate(request);
    if (explain) {
      io.err().println("authentication trace:");
      for (String line : result.trace().lines()) {
        io.err().println("  " + line);
      }
    }
    if (result instanceof AuthnResult.Authenticated authenticated) {
      print(io, authenticated.user());
      return 0;
    }
    String why = result instanceof AuthnResult.Failed failed ? failed.reason() : ((AuthnResult.NoOpinion) result).reason();
    if (output == Output.table) {
      io.err().println("error: You must be logged in to the server (Unauthorized)");
    } else {
      Object status =
          new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withMessage("Unauthorized").withReason("Unauthorized").withCode(401).build();
      io.out().print(output == Output.json ? ManifestWriter.toJson(status) : ManifestWriter.toYaml(status));
    }
    if (!explain) {
      io.err().println("(the API server logs: " + why + "; add --explain for every authenticator's answer)");
    }
    return ExitCodes.NO;
  }

  private AuthenticationRequest request(AuthnSettings settings) {
    AuthenticationRequest request = AuthenticationRequest.get(path).withAudiences(settings.effectiveApiAudiences());
    if (token != null && tokenFile != null) {
      throw new UserError("give --token or --token-file, not both");
    }
    if (tokenFile != null) {
      try {
        token = java.nio.file.Files.readString(tokenFile, java.nio.charset.StandardCharsets.UTF_8).strip();
      } catch (java.nio.file.NoSuchFileException e) {
        throw new UserError("--token-file " + tokenFile + ": no such file");
      } catch (java.io.IOException e) {
        throw new UserError("--token-file " + tokenFile + ": cannot read it: " + e.getMessage());
      }
    }
    if (token != null) {
      request = request.withHeader("Authorization", "Bearer " + token);
    }
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new UserError("-H '" + header + "': expected 'Name: value'");
      }
      request = request.withHeader(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    if (clientCertificate != null && proxyCertificate != null) {
      throw new UserError("--client-certificate and --proxy-cert are both TLS client certificates; give one");
    }
    Path certificateFile = clientCertificate != null ? clientCertificate : proxyCertificate;
    if (certificateFile != null) {
      List<X509Certificate> chain;
      try {
        chain = Pem.readCertificates(certificateFile);
      } catch (PemException e) {
        throw new UserError(e.getMessage());
      }
      if (clientKey != null) {
        try {
          PrivateKey key = Pem.readPrivateKey(clientKey);
          if (!KeyPairs.matches(chain.get(0).getPublicKey(), key)) {
            throw new UserError("--client-key " + clientKey + " does not belong to the certificate in " + certificateFile + " (TLS would fail)");
          }
        } catch (PemException e) {
          throw new UserError(e.getMessage());
        }
      }
      request = request.withClientCertificates(chain);
    } else if (clientKey != null) {
      throw new UserError("--client-key needs --client-certificate");
    }
    return request;
  }

  private void print(Io io, UserInfo user) {
    if (output == Output.table) {
      UserTable.print(io, user);
      return;
    }
    SelfSubjectReview review = selfSubjectReview(user);
    io.out().print(output == Output.json ? ManifestWriter.toJson(review) : ManifestWriter.toYaml(review));
  }

  static SelfSubjectReview selfSubjectReview(UserInfo user) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    user.extra().forEach((k, v) -> extra.put(k, new ArrayList<>(v)));
    return new SelfSubjectReviewBuilder()
        .withApiVersion("authentication.k8s.io/v1")
        .withKind("SelfSubjectReview")
        .withNewStatus()
        .withNewUserInfo()
        .withUsername(user.name())
        .withUid(user.uid().isEmpty() ? null : user.uid())
        .withGroups(new ArrayList<>(user.groups()))
        .withExtra(extra.isEmpty() ? null : extra)
        .endUserInfo()
        .endStatus()
        .build();
  }
}
