package dev.authlab.authn;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What authenticators see of an HTTP request: method, path, headers and the TLS client certificate
 * chain the client presented (leaf first). {@code audiences} are the audiences the API server
 * expects tokens for (its --api-audiences, or a TokenReview's spec.audiences); empty means none
 * were set. Header names are case-insensitive, as in HTTP; values keep their order.
 */
public record AuthenticationRequest(
    String method, String path, Map<String, List<String>> headers, List<X509Certificate> clientCertificates, List<String> audiences) {

  public AuthenticationRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Map<String, List<String>> canonical = new LinkedHashMap<>();
    headers.forEach((name, values) -> canonical.computeIfAbsent(canonical(name), k -> new ArrayList<>()).addAll(values));
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    canonical.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
    headers = java.util.Collections.unmodifiableMap(frozen);
    clientCertificates = List.copyOf(clientCertificates);
    audiences = List.copyOf(audiences);
  }

  /** A GET of / with nothing else: add credentials with the with-methods. */
  public static AuthenticationRequest get(String path) {
    return new AuthenticationRequest("GET", path, Map.of(), List.of(), List.of());
  }

  /** A request carrying {@code Authorization: Bearer TOKEN}. */
  public static AuthenticationRequest withBearerToken(String token) {
    return get("/").withHeader("Authorization", "Bearer " + token);
  }

  public AuthenticationRequest withHeader(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(copy.getOrDefault(canonical(name), List.of()));
    values.add(value);
    copy.put(canonical(name), values);
    return new AuthenticationRequest(method, path, copy, clientCertificates, audiences);
  }

  public AuthenticationRequest withoutHeader(String name) {
    Map<String, List<String>> copy = new LinkedHashMap<>(headers);
    copy.remove(canonical(name));
    return new AuthenticationRequest(method, path, copy, clientCertificates, audiences);
  }

  public AuthenticationRequest withClientCertificates(List<X509Certificate> chain) {
    return new AuthenticationRequest(method, path, headers, chain, audiences);
  }

  public AuthenticationRequest withAudiences(List<String> expected) {
    return new AuthenticationRequest(method, path, headers, clientCertificates, expected);
  }

  public AuthenticationRequest withPath(String newPath) {
    return new AuthenticationRequest(method, newPath, headers, clientCertificates, audiences);
  }

  /** The first value of a header, as Go's Header.Get. */
  public Optional<String> header(String name) {
    List<String> values = headers.getOrDefault(canonical(name), List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header, in order. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(canonical(name), List.of());
  }

  private static String canonical(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
