package dev.authlab.cli;

import dev.authlab.authn.serviceaccount.ServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.authn.serviceaccount.TokenRequestResult;
import dev.authlab.pki.Pem;
import dev.authlab.pki.PemException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestSpecBuilder;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `authlab token`: mint a service-account token as TokenRequest (or the old token controller) would. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Mint a service-account token the way kube-apiserver's TokenRequest does (`kubectl create token`): bound to",
      "audiences, an expiry and optionally a pod or secret. With --legacy, the long-lived Secret-based kind instead.",
      "The service account (and pod or secret) must be in --objects, as they must exist in a cluster."
    })
public final class TokenCommand implements Callable<Integer> {

  @ParentCommand AuthlabCommand parent;

  @Parameters(paramLabel = "SERVICE_ACCOUNT")
  String serviceAccount;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace of the service account (default: default).")
  String namespace = "default";

  @Option(names = "--service-account-issuer", required = true, paramLabel = "URL")
  String issuer;

  @Option(names = "--service-account-signing-key-file", required = true, paramLabel = "FILE")
  Path signingKey;

  @Option(names = "--audience", paramLabel = "AUD", description = "Audience (repeatable; default: the API audiences).")
  List<String> audiences = new ArrayList<>();

  @Option(names = "--api-audiences", split = ",", paramLabel = "AUD", description = "kube-apiserver's --api-audiences (default: the issuer).")
  List<String> apiAudiences = new ArrayList<>();

  @Option(names = "--duration", paramLabel = "DURATION", description = "Requested lifetime, e.g. 1h (default 1h, minimum 10m).")
  String duration;

  @Option(names = "--bound-object-kind", paramLabel = "KIND", description = "Pod or Secret: the token dies with that object.")
  String boundKind;

  @Option(names = "--bound-object-name", paramLabel = "NAME")
  String boundName;

  @Option(names = "--legacy", description = "A Secret-based token (no expiry) for the Secret named by --secret.")
  boolean legacy;

  @Option(names = "--secret", paramLabel = "NAME", description = "With --legacy: the kubernetes.io/service-account-token Secret.")
  String secret;

  @Mixin ObjectsOptions objects;

  @Override
  public Integer call() {
    PrivateKey key;
    try {
      key = Pem.readPrivateKey(signingKey);
    } catch (PemException e) {
      throw new UserError(e.getMessage());
    }
    ServiceAccountObjects known = objects.environment().objects();
    ServiceAccountTokenIssuer tokens =
        ServiceAccountTokenIssuer.builder(issuer, key)
            .apiAudiences(apiAudiences.isEmpty() ? List.of(issuer) : apiAudiences)
            .objects(known)
            .expirationExtension(ServiceAccountTokenIssuer.ExpirationExtension.DISABLED)
            .build();
    if (legacy) {
      if (secret == null) {
        throw new UserError("--legacy needs --secret NAME: legacy tokens live in a Secret");
      }
      ServiceAccount sa =
          known.serviceAccount(namespace, serviceAccount).orElseThrow(() -> new UserError("serviceaccount " + namespace + "/" + serviceAccount + " is not in --objects"));
      Secret s = known.secret(namespace, secret).orElseThrow(() -> new UserError("secret " + namespace + "/" + secret + " is not in --objects"));
      parent.io().out().println(tokens.generateLegacyToken(s, sa));
      return 0;
    }
    TokenRequestSpecBuilder spec = new TokenRequestSpecBuilder().withAudiences(audiences);
    if (duration != null) {
      spec.withExpirationSeconds(AuthnFlags.GoDuration.parse("--duration", duration).toSeconds());
    }
    if (boundKind != null || boundName != null) {
      if (boundKind == null || boundName == null) {
        throw new UserError("--bound-object-kind and --bound-object-name go together");
      }
      spec.withNewBoundObjectRef().withKind(boundKind).withApiVersion("v1").withName(boundName).endBoundObjectRef();
    }
    TokenRequestResult result = tokens.request(namespace, serviceAccount, new TokenRequestBuilder().withSpec(spec.build()).build());
    if (result instanceof TokenRequestResult.Issued issued) {
      issued.warnings().forEach(w -> parent.io().err().println("Warning: " + w));
      parent.io().out().println(issued.token());
      return 0;
    }
    TokenRequestResult.Rejected rejected = (TokenRequestResult.Rejected) result;
    throw new UserError(rejected.message());
  }

}
