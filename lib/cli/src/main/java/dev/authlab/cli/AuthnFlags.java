package dev.authlab.cli;

import dev.authlab.authn.AuthnSettings;
import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.LegacyOidcFlags;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.serviceaccount.LegacyServiceAccountTokenAuthenticator;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountTokenIssuer;
import dev.authlab.authn.webhook.WebhookConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** kube-apiserver's authentication flags, with the same names and defaults, turned into {@link AuthnSettings}. */
public final class AuthnFlags {

  @Option(names = "--token-auth-file", paramLabel = "FILE", description = "Static token file (CSV: token,user,uid,\"group1,group2\").")
  Path tokenAuthFile;

  @Option(names = "--client-ca-file", paramLabel = "FILE", description = "CA bundle that client certificates must chain to.")
  Path clientCaFile;

  @Option(names = "--requestheader-client-ca-file", paramLabel = "FILE", description = "CA bundle the authenticating proxy's certificate must chain to.")
  Path requestHeaderCaFile;

  @Option(names = "--requestheader-allowed-names", split = ",", paramLabel = "CN", description = "Common names the proxy certificate may have (empty: any).")
  List<String> requestHeaderAllowedNames = new ArrayList<>();

  @Option(names = "--requestheader-username-headers", split = ",", paramLabel = "HEADER", description = "e.g. X-Remote-User")
  List<String> requestHeaderUsernameHeaders = new ArrayList<>();

  @Option(names = "--requestheader-uid-headers", split = ",", paramLabel = "HEADER", description = "e.g. X-Remote-Uid")
  List<String> requestHeaderUidHeaders = new ArrayList<>();

  @Option(names = "--requestheader-group-headers", split = ",", paramLabel = "HEADER", description = "e.g. X-Remote-Group")
  List<String> requestHeaderGroupHeaders = new ArrayList<>();

  @Option(names = "--requestheader-extra-headers-prefix", split = ",", paramLabel = "PREFIX", description = "e.g. X-Remote-Extra-")
  List<String> requestHeaderExtraPrefixes = new ArrayList<>();

  @Option(names = "--service-account-issuer", paramLabel = "URL", description = "Issuer of service-account tokens (repeatable; the first issues).")
  List<String> serviceAccountIssuers = new ArrayList<>();

  @Option(names = "--service-account-key-file", paramLabel = "FILE", description = "PEM public (or private) keys that verify service-account tokens (repeatable).")
  List<Path> serviceAccountKeyFiles = new ArrayList<>();

  @Option(names = "--service-account-lookup", arity = "1", paramLabel = "BOOL", description = "Check that legacy tokens' secrets and service accounts still exist (default: true).")
  boolean serviceAccountLookup = true;

  @Option(names = "--api-audiences", split = ",", paramLabel = "AUD", description = "Audiences of the API server (default: the service-account issuers).")
  List<String> apiAudiences = new ArrayList<>();

  @Option(names = "--authentication-config", paramLabel = "FILE", description = "Structured AuthenticationConfiguration (apiserver.config.k8s.io/v1): JWT issuers, anonymous.")
  Path authenticationConfig;

  @Option(names = "--oidc-issuer-url", paramLabel = "URL")
  String oidcIssuerUrl;

  @Option(names = "--oidc-client-id", paramLabel = "ID")
  String oidcClientId;

  @Option(names = "--oidc-ca-file", paramLabel = "FILE")
  String oidcCaFile;

  @Option(names = "--oidc-username-claim", paramLabel = "CLAIM")
  String oidcUsernameClaim;

  @Option(names = "--oidc-username-prefix", paramLabel = "PREFIX")
  String oidcUsernamePrefix;

  @Option(names = "--oidc-groups-claim", paramLabel = "CLAIM")
  String oidcGroupsClaim;

  @Option(names = "--oidc-groups-prefix", paramLabel = "PREFIX")
  String oidcGroupsPrefix;

  @Option(names = "--oidc-signing-algs", split = ",", paramLabel = "ALG")
  List<String> oidcSigningAlgs = new ArrayList<>();

  @Option(names = "--oidc-required-claim", paramLabel = "CLAIM=VALUE")
  Map<String, String> oidcRequiredClaims = new LinkedHashMap<>();

  @Option(names = "--authentication-token-webhook-config-file", paramLabel = "FILE", description = "kubeconfig-format file naming the TokenReview webhook.")
  Path webhookConfigFile;

  @Option(names = "--authentication-token-webhook-cache-ttl", paramLabel = "DURATION", description = "How long webhook answers are cached (default 2m0s).")
  String webhookCacheTtl;

  @Option(names = "--anonymous-auth", arity = "1", paramLabel = "BOOL", description = "Let requests without credentials in as system:anonymous (default: true).")
  Optional<Boolean> anonymousAuth = Optional.empty();

  /** Reads every file the flags name; a missing or malformed file is a one-line UserError. */
  AuthnSettings settings() {
    AuthnSettings.Builder builder = AuthnSettings.builder();
    try {
      if (tokenAuthFile != null) {
        builder.tokenFile(AuthnSettings.TokenFile.read(tokenAuthFile));
      }
      if (clientCaFile != null) {
        builder.clientCa(ClientCaConfig.fromFile(clientCaFile));
      }
      if (requestHeaderCaFile != null) {
        builder.requestHeader(
            new RequestHeaderConfig(
                read("--requestheader-client-ca-file", requestHeaderCaFile),
                requestHeaderAllowedNames,
                requestHeaderUsernameHeaders,
                requestHeaderUidHeaders,
                requestHeaderGroupHeaders,
                requestHeaderExtraPrefixes));
      } else if (!requestHeaderUsernameHeaders.isEmpty() || !requestHeaderGroupHeaders.isEmpty()) {
        throw new UserError("--requestheader-* headers need --requestheader-client-ca-file: without it kube-apiserver ignores proxy headers");
      }
      if (!serviceAccountKeyFiles.isEmpty() || !serviceAccountIssuers.isEmpty()) {
        if (serviceAccountKeyFiles.isEmpty()) {
          throw new UserError("--service-account-issuer needs --service-account-key-file to verify tokens");
        }
        List<String> keys = new ArrayList<>();
        for (Path file : serviceAccountKeyFiles) {
          keys.add(read("--service-account-key-file", file));
        }
        builder.serviceAccounts(
            new ServiceAccountConfig(
                serviceAccountIssuers,
                keys,
                Optional.empty(),
                serviceAccountLookup ? LegacyServiceAccountTokenAuthenticator.Lookup.ENABLED : LegacyServiceAccountTokenAuthenticator.Lookup.DISABLED,
                apiAudiences,
                Optional.empty(),
                ServiceAccountTokenIssuer.ExpirationExtension.DISABLED));
      }
      boolean legacyOidc = oidcIssuerUrl != null || oidcClientId != null;
      if (authenticationConfig != null && legacyOidc) {
        throw new UserError("--authentication-config and --oidc-* flags cannot be used together");
      }
      if (authenticationConfig != null) {
        AuthenticationConfiguration configuration = AuthenticationConfiguration.loadValid(authenticationConfig, List.of());
        if (anonymousAuth.isPresent() && configuration.anonymous().isPresent()) {
          throw new UserError("--anonymous-auth cannot be set when " + authenticationConfig + " configures anonymous authentication");
        }
        builder.authenticationConfiguration(configuration);
      }
      if (legacyOidc) {
        LegacyOidcFlags flags =
            new LegacyOidcFlags(
                oidcIssuerUrl,
                oidcClientId,
                oidcCaFile,
                oidcUsernameClaim,
                oidcUsernamePrefix,
                oidcGroupsClaim,
                oidcGroupsPrefix,
                oidcSigningAlgs.isEmpty() ? LegacyOidcFlags.DEFAULT_SIGNING_ALGS : oidcSigningAlgs,
                oidcRequiredClaims);
        flags.validate(true).ifPresent(problem -> {
          throw new UserError(problem);
        });
        builder.legacyOidc(flags);
      }
      if (webhookConfigFile != null) {
        WebhookConfig webhook = WebhookConfig.read(webhookConfigFile);
        if (webhookCacheTtl != null) {
          webhook = webhook.withCacheTtl(GoDuration.parse("--authentication-token-webhook-cache-ttl", webhookCacheTtl));
        }
        builder.webhook(webhook);
      }
      anonymousAuth.ifPresent(enabled -> builder.anonymous(enabled ? AuthnSettings.Anonymous.ENABLED : AuthnSettings.Anonymous.DISABLED));
      builder.apiAudiences(apiAudiences);
      return builder.build();
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException e) {
      // Every plugin reports a bad file as an unchecked exception with a one-line message.
      throw new UserError(oneLine(e.getMessage()));
    }
  }

  private static String read(String flag, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(flag + " " + file + ": no such file");
    } catch (IOException e) {
      throw new UserError(flag + " " + file + ": cannot read it: " + e.getMessage());
    }
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Go's time.ParseDuration for the simple forms kube-apiserver flags take: 2m, 30s, 1h30m, 500ms. */
  static final class GoDuration {
    private GoDuration() {}

    static Duration parse(String flag, String text) {
      if (text.equals("0")) {
        return Duration.ZERO;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(text);
      long nanos = 0;
      int end = 0;
      while (m.find() && m.start() == end) {
        double value = Double.parseDouble(m.group(1));
        long unit =
            switch (m.group(2)) {
              case "ns" -> 1L;
              case "us", "µs" -> 1_000L;
              case "ms" -> 1_000_000L;
              case "s" -> 1_000_000_000L;
              case "m" -> 60_000_000_000L;
              default -> 3_600_000_000_000L;
            };
        nanos += (long) (value * unit);
        end = m.end();
      }
      if (text.isEmpty() || end != text.length()) {
        throw new UserError(flag + ": invalid duration \"" + text + "\" (use e.g. 30s, 2m, 1h30m)");
      }
      return Duration.ofNanos(nanos);
    }
  }
}
