package dev.authlab.authn;

import dev.authlab.authn.oidc.AuthenticationConfiguration;
import dev.authlab.authn.oidc.LegacyOidcFlags;
import dev.authlab.authn.oidc.OidcOptions;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.authn.serviceaccount.InMemoryServiceAccountObjects;
import dev.authlab.authn.serviceaccount.ServiceAccountConfig;
import dev.authlab.authn.serviceaccount.ServiceAccountObjects;
import dev.authlab.authn.tokenfile.TokenFileAuthenticator;
import dev.authlab.authn.tokenfile.TokenFileConfig;
import dev.authlab.authn.webhook.WebhookConfig;
import dev.authlab.authn.x509.ClientCaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One value that says how a kube-apiserver authenticates, method by method, as its flags and files
 * do. It builds the library's chain ({@link #authenticator}) and writes the same configuration as
 * kube-apiserver flags and files ({@link #writeApiServerConfig}), so the library and a real API
 * server can be started from the same object and compared.
 *
 * @param tokenFile --token-auth-file, kept as the file's exact text
 * @param clientCa --client-ca-file
 * @param requestHeader --requestheader-*
 * @param serviceAccounts --service-account-*
 * @param jwt --authentication-config (structured) or the legacy --oidc-* flags
 * @param webhook --authentication-token-webhook-*
 * @param anonymous --anonymous-auth; ignored when the structured configuration has an anonymous section
 * @param apiAudiences --api-audiences; empty means the service-account issuers, as kube-apiserver defaults them
 */
public record AuthnSettings(
    Optional<TokenFile> tokenFile,
    Optional<ClientCaConfig> clientCa,
    Optional<RequestHeaderConfig> requestHeader,
    Optional<ServiceAccountConfig> serviceAccounts,
    Optional<Jwt> jwt,
    Optional<WebhookConfig> webhook,
    Anonymous anonymous,
    List<String> apiAudiences) {

  public AuthnSettings {
    apiAudiences = List.copyOf(apiAudiences);
    if (jwt.isPresent() && jwt.get() instanceof Jwt.Structured structured && structured.configuration().anonymous().isPresent()
        && anonymous == Anonymous.DISABLED) {
      throw new IllegalArgumentException(
          "anonymous authentication is configured in the AuthenticationConfiguration; --anonymous-auth cannot also be set");
    }
  }

  /** kube-apiserver with no authentication flags: anonymous requests only. */
  public static AuthnSettings defaults() {
    return new AuthnSettings(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Anonymous.ENABLED, List.of());
  }

  /** --anonymous-auth: kube-apiserver's default is enabled. */
  public enum Anonymous {
    ENABLED,
    DISABLED
  }

  /** The text of a --token-auth-file and a name for it in messages. Tokens are never shown by toString. */
  public record TokenFile(String source, String csv) {
    public static TokenFile of(TokenFileConfig config) {
      return new TokenFile(TokenFileConfig.FILE_NAME, config.toCsv());
    }

    /** Reads the file as it is; parse errors surface when the authenticator is built, naming the file. */
    public static TokenFile read(Path file) {
      try {
        return new TokenFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("--token-auth-file " + file + ": no such file");
      } catch (IOException e) {
        throw new IllegalArgumentException("--token-auth-file " + file + ": cannot read it: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "TokenFile[" + source + ", " + csv.lines().count() + " line(s)]";
    }
  }

  /** JWT authenticators: the structured --authentication-config or the older --oidc-* flags (never both). */
  public sealed interface Jwt {
    record Structured(AuthenticationConfiguration configuration) implements Jwt {}

    record Legacy(LegacyOidcFlags flags) implements Jwt {}
  }

  /** What building the chain needs besides the settings: the clock, the objects service-account tokens are bound to, OIDC key fetching. */
  public record Environment(Clock clock, ServiceAccountObjects objects, OidcOptions oidc) {
    public static Environment defaults() {
      return new Environment(Clock.systemUTC(), InMemoryServiceAccountObjects.empty(), OidcOptions.defaults());
    }

    public Environment withClock(Clock newClock) {
      return new Environment(newClock, objects, oidc.withClock(newClock));
    }

    public Environment withObjects(ServiceAccountObjects newObjects) {
      return new Environment(clock, newObjects, oidc);
    }

    public Environment withOidc(OidcOptions newOidc) {
      return new Environment(clock, objects, newOidc);
    }
  }

  /** The API audiences in force: --api-audiences, else the service-account issuers. */
  public List<String> effectiveApiAudiences() {
    if (!apiAudiences.isEmpty()) {
      return apiAudiences;
    }
    return serviceAccounts.map(ServiceAccountConfig::effectiveApiAudiences).orElse(List.of());
  }

  /** The chain kube-apiserver would build from these settings. */
  public ApiServerAuthenticator authenticator(Environment environment) {
    List<String> audiences = effectiveApiAudiences();
    ApiServerAuthenticator.Builder builder = ApiServerAuthenticator.builder().apiAudiences(audiences).clock(environment.clock());
    requestHeader.ifPresent(r -> builder.requestHeader(r.authenticator(environment.clock())));
    clientCa.ifPresent(c -> builder.clientCertificates(c.authenticator(environment.clock())));
    tokenFile.ifPresent(t -> builder.tokenFile(TokenFileAuthenticator.fromCsv(t.source(), t.csv())));
    serviceAccounts.ifPresent(
        sa -> {
          ServiceAccountConfig withAudiences = sa.withApiAudiences(audiences);
          builder.legacyServiceAccounts(withAudiences.legacyAuthenticator(environment.objects(), environment.clock()));
          if (!sa.issuers().isEmpty()) {
            builder.serviceAccounts(withAudiences.boundAuthenticator(environment.objects(), environment.clock()));
          }
        });
    jwt.ifPresent(
        j -> {
          if (j instanceof Jwt.Structured structured) {
            if (!structured.configuration().jwt().isEmpty()) {
              builder.jwt(structured.configuration().tokenAuthenticator(audiences, environment.oidc()));
            }
          } else {
            builder.jwt(((Jwt.Legacy) j).flags().tokenAuthenticator(audiences, environment.oidc()));
          }
        });
    webhook.ifPresent(w -> builder.webhook(w.authenticator(audiences)));
    anonymousAuthenticator().ifPresent(builder::anonymous);
    return builder.build();
  }

  /** Anonymous as configured: the structured configuration's section wins over --anonymous-auth. */
  public Optional<AnonymousAuthenticator> anonymousAuthenticator() {
    if (jwt.isPresent() && jwt.get() instanceof Jwt.Structured structured && structured.configuration().anonymous().isPresent()) {
      return structured.configuration().anonymousAuthenticator();
    }
    return anonymous == Anonymous.ENABLED ? Optional.of(AnonymousAuthenticator.anyPath()) : Optional.empty();
  }

  /**
   * Writes every file kube-apiserver needs into {@code dir} and returns the flags that point at them,
   * in the order above.
   */
  public List<String> writeApiServerConfig(Path dir) {
    List<String> flags = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    tokenFile.ifPresent(t -> flags.add("--token-auth-file=" + writePrivate(dir.resolve(TokenFileConfig.FILE_NAME), t.csv())));
    clientCa.ifPresent(c -> flags.addAll(c.writeApiServerConfig(dir)));
    requestHeader.ifPresent(r -> flags.addAll(r.writeApiServerConfig(dir)));
    // --api-audiences is written once, below, whichever of the two places set it.
    serviceAccounts.ifPresent(s -> flags.addAll(s.withApiAudiences(List.of()).writeApiServerConfig(dir)));
    jwt.ifPresent(
        j -> {
          if (j instanceof Jwt.Structured structured) {
            flags.addAll(structured.configuration().writeApiServerConfig(dir));
          } else {
            flags.addAll(((Jwt.Legacy) j).flags().writeApiServerConfig(dir));
          }
        });
    webhook.ifPresent(w -> flags.addAll(w.writeApiServerConfig(dir)));
    boolean anonymousInFile = jwt.isPresent() && jwt.get() instanceof Jwt.Structured s && s.configuration().anonymous().isPresent();
    if (!anonymousInFile) {
      flags.add("--anonymous-auth=" + (anonymous == Anonymous.ENABLED));
    }
    List<String> explicitAudiences =
        !apiAudiences.isEmpty() ? apiAudiences : serviceAccounts.map(ServiceAccountConfig::apiAudiences).orElse(List.of());
    if (!explicitAudiences.isEmpty()) {
      flags.add("--api-audiences=" + String.join(",", explicitAudiences));
    }
    return flags;
  }

  private static String writePrivate(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the file keeps its default permissions.
      }
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from kube-apiserver's defaults (anonymous enabled, nothing else). */
  public static final class Builder {
    private Optional<TokenFile> tokenFile = Optional.empty();
    private Optional<ClientCaConfig> clientCa = Optional.empty();
    private Optional<RequestHeaderConfig> requestHeader = Optional.empty();
    private Optional<ServiceAccountConfig> serviceAccounts = Optional.empty();
    private Optional<Jwt> jwt = Optional.empty();
    private Optional<WebhookConfig> webhook = Optional.empty();
    private Anonymous anonymous = Anonymous.ENABLED;
    private List<String> apiAudiences = List.of();

    private Builder() {}

    public Builder tokenFile(TokenFileConfig config) {
      this.tokenFile = Optional.of(TokenFile.of(config));
      return this;
    }

    public Builder tokenFile(TokenFile file) {
      this.tokenFile = Optional.of(file);
      return this;
    }

    public Builder clientCa(ClientCaConfig config) {
      this.clientCa = Optional.of(config);
      return this;
    }

    public Builder requestHeader(RequestHeaderConfig config) {
      this.requestHeader = Optional.of(config);
      return this;
    }

    public Builder serviceAccounts(ServiceAccountConfig config) {
      this.serviceAccounts = Optional.of(config);
      return this;
    }

    public Builder authenticationConfiguration(AuthenticationConfiguration configuration) {
      this.jwt = Optional.of(new Jwt.Structured(configuration));
      return this;
    }

    public Builder legacyOidc(LegacyOidcFlags flags) {
      this.jwt = Optional.of(new Jwt.Legacy(flags));
      return this;
    }

    public Builder webhook(WebhookConfig config) {
      this.webhook = Optional.of(config);
      return this;
    }

    public Builder anonymous(Anonymous setting) {
      this.anonymous = setting;
      return this;
    }

    public Builder apiAudiences(List<String> audiences) {
      this.apiAudiences = List.copyOf(audiences);
      return this;
    }

    public AuthnSettings build() {
      return new AuthnSettings(tokenFile, clientCa, requestHeader, serviceAccounts, jwt, webhook, anonymous, apiAudiences);
    }
  }
}
