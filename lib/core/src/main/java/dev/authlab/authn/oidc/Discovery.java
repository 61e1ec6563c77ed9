package dev.authlab.authn.oidc;

import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import java.io.IOException;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * go-oidc's NewProvider: GET {@code {issuer}/.well-known/openid-configuration} (or the configured
 * discovery URL instead), check that the document names the same issuer, and take its jwks_uri.
 */
final class Discovery {

  static final String WELL_KNOWN = "/.well-known/openid-configuration";

  private Discovery() {}

  /** Where the discovery document is read from. */
  static String documentUrl(Issuer issuer) {
    if (!issuer.discoveryURL().isEmpty()) {
      return issuer.discoveryURL();
    }
    String url = issuer.url();
    return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + WELL_KNOWN;
  }

  /** The JWKS URI the issuer advertises; the exception message is go-oidc's error. */
  static String jwksUri(Issuer issuer, OidcFetcher fetcher) throws Jwt.GoError {
    String documentUrl = documentUrl(issuer);
    // upstream fetches {url}/.well-known/… and a transport rewrites it to discoveryURL, so errors name the former
    String requested = (issuer.url().endsWith("/") ? issuer.url().substring(0, issuer.url().length() - 1) : issuer.url()) + WELL_KNOWN;
    OidcFetcher.Response response;
    try {
      response = fetcher.get(documentUrl, Map.of());
    } catch (IOException e) {
      throw new Jwt.GoError("Get " + GoStrings.quote(requested) + ": " + e.getMessage());
    }
    if (response.status() != 200) {
      throw new Jwt.GoError(GoText.httpStatus(response.status()) + ": " + response.body());
    }
    JsonNode doc;
    try {
      doc = Jwt.JSON.readTree(response.body());
    } catch (JacksonException e) {
      throw new Jwt.GoError("oidc: failed to decode provider discovery object: " + Jwt.jsonSyntaxError(e));
    }
    if (doc == null || !doc.isObject()) {
      throw new Jwt.GoError("oidc: failed to decode provider discovery object: json: cannot unmarshal " + GoJsonTypes.of(doc)
          + " into Go value of type oidc.providerJSON");
    }
    String docIssuer = text(doc, "issuer");
    if (!docIssuer.equals(issuer.url())) {
      throw new Jwt.GoError("oidc: issuer did not match the issuer returned by provider, expected " + GoStrings.quote(issuer.url())
          + " got " + GoStrings.quote(docIssuer));
    }
    return text(doc, "jwks_uri");
  }

  private static String text(JsonNode doc, String name) {
    String value = "";
    for (Map.Entry<String, JsonNode> e : doc.properties()) {
      if (Jwt.goFieldMatches(e.getKey(), name) && e.getValue().isString()) {
        value = e.getValue().stringValue();
      }
    }
    return value;
  }
}
