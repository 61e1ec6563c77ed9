package dev.authlab.authn.oidc;

import dev.authlab.authn.AnonymousAuthenticator;
import dev.authlab.authn.TokenAuthenticator;
import dev.authlab.gofmt.GoStrings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * apiserver.config.k8s.io/v1 AuthenticationConfiguration, the file behind kube-apiserver's
 * {@code --authentication-config} (stable in 1.34): JWT authenticators and the anonymous authenticator.
 * {@link #load} reads a file with the API server's strict decoding; {@link #validate} applies upstream's
 * validation with its field paths and messages; {@link #tokenAuthenticator} builds the JWT
 * authenticators; {@link #toYaml} and {@link #writeApiServerConfig} write it back.
 */
public record AuthenticationConfiguration(List<JwtAuthenticator> jwt, Optional<AnonymousAuthConfig> anonymous) {

  public static final String FILE_NAME = "authentication-config.yaml";

  public AuthenticationConfiguration {
    jwt = List.copyOf(jwt);
    anonymous = Objects.requireNonNullElse(anonymous, Optional.empty());
  }

  public static AuthenticationConfiguration of(JwtAuthenticator... authenticators) {
    return new AuthenticationConfiguration(List.of(authenticators), Optional.empty());
  }

  public AuthenticationConfiguration withAnonymous(AnonymousAuthConfig config) {
    return new AuthenticationConfiguration(jwt, Optional.of(config));
  }

  /**
   * Reads a file, decoding it strictly (YAML or JSON). Does not validate: call {@link #validate} or
   * {@link #loadValid}.
   *
   * @throws IllegalArgumentException {@code failed to load authentication configuration from file
   *     "<path>": <reason>}, one line
   */
  public static AuthenticationConfiguration load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("failed to load authentication configuration from file " + GoStrings.quote(file.toString())
          + ": open " + file + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    return parse(text, file.toString());
  }

  /** Decodes file content; {@code source} names it in errors. */
  public static AuthenticationConfiguration parse(String text, String source) {
    try {
      return ConfigCodec.decode(text);
    } catch (ConfigCodec.DecodeException e) {
      throw new IllegalArgumentException("failed to load authentication configuration from file " + GoStrings.quote(source)
          + ": " + e.getMessage());
    }
  }

  /**
   * Loads and validates, as kube-apiserver does at start-up.
   *
   * @param disallowedIssuers issuers JWT authenticators may not use (the service account issuers)
   * @throws IllegalArgumentException {@code invalid authentication configuration: <errors>} followed
   *     by the file name
   */
  public static AuthenticationConfiguration loadValid(Path file, List<String> disallowedIssuers) {
    AuthenticationConfiguration config = load(file);
    List<FieldError> errors = config.validate(disallowedIssuers);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid authentication configuration: " + FieldError.aggregate(errors)
          + " (file " + GoStrings.quote(file.toString()) + ")");
    }
    return config;
  }

  /** Upstream's ValidateAuthenticationConfiguration; empty when valid. */
  public List<FieldError> validate(List<String> disallowedIssuers) {
    return ConfigValidation.validate(this, disallowedIssuers);
  }

  public List<FieldError> validate() {
    return validate(List.of());
  }

  /**
   * The JWT authenticators as the API server wires them: one {@link OidcAuthenticator} per entry in a
   * fail-on-error union, audience-agnostic for {@code apiAudiences}. Every signing algorithm upstream
   * allows is accepted, as with the config file.
   *
   * @throws IllegalArgumentException when the configuration is invalid (upstream's init error text)
   */
  public TokenAuthenticator tokenAuthenticator(List<String> apiAudiences, OidcOptions options) {
    List<FieldError> errors = validate(options.disallowedIssuers());
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid authentication configuration: " + FieldError.aggregate(errors));
    }
    OidcOptions withAlgs = options.supportedSigningAlgs().isEmpty()
        ? options.withSupportedSigningAlgs(OidcAuthenticator.ALL_VALID_SIGNING_ALGORITHMS)
        : options;
    return JwtAuthenticators.of(jwt.stream().map(a -> OidcAuthenticator.create(a, withAlgs)).toList(), apiAudiences);
  }

  /** The anonymous authenticator this file configures, if any and enabled. */
  public Optional<AnonymousAuthenticator> anonymousAuthenticator() {
    return anonymous.flatMap(AnonymousAuthConfig::authenticator);
  }

  /** The file as YAML (apiserver.config.k8s.io/v1), omitting unset fields. */
  public String toYaml() {
    return ConfigCodec.encode(this);
  }

  /**
   * Writes {@value #FILE_NAME} into {@code dir} and returns the kube-apiserver flag that loads it.
   */
  public List<String> writeApiServerConfig(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME).toAbsolutePath();
      Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
      return List.of("--authentication-config=" + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
    }
  }
}
