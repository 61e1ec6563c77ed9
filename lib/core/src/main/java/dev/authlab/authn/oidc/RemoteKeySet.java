package dev.authlab.authn.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authlab.gofmt.GoStrings;
import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * go-oidc's remote key set: keys from the JWKS URI, cached; when no cached key verifies the token,
 * the set is fetched again (key rotation) and tried once more. Errors read as go-oidc's.
 */
final class RemoteKeySet implements KeySet {

  private final String jwksUrl;
  private final OidcFetcher fetcher;
  private volatile List<JWK> cached = List.of();

  RemoteKeySet(String jwksUrl, OidcFetcher fetcher) {
    this.jwksUrl = jwksUrl;
    this.fetcher = fetcher;
  }

  @Override
  public void verify(Jwt.SignedToken token) throws VerificationException {
    if (verifiesWithAny(cached, token)) {
      return;
    }
    List<JWK> fresh;
    try {
      fresh = fetch();
    } catch (FetchException e) {
      throw new VerificationException("fetching keys " + e.getMessage());
    }
    if (!verifiesWithAny(fresh, token)) {
      throw new VerificationException("failed to verify id token signature");
    }
  }

  /** Number of keys currently cached, for traces and tests. */
  int cachedKeyCount() {
    return cached.size();
  }

  private static boolean verifiesWithAny(List<JWK> keys, Jwt.SignedToken token) {
    for (JWK key : keys) {
      if (token.keyId().isEmpty() || token.keyId().equals(key.getKeyID())) {
        if (KeySet.verifies(key, token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final class FetchException extends Exception {
    FetchException(String message) {
      super(message);
    }
  }

  private synchronized List<JWK> fetch() throws FetchException {
    OidcFetcher.Response response;
    try {
      response = fetcher.get(jwksUrl, Map.of());
    } catch (IOException e) {
      throw new FetchException("oidc: get keys failed Get " + GoStrings.quote(jwksUrl) + ": " + e.getMessage());
    }
    if (response.status() != 200) {
      throw new FetchException("oidc: get keys failed: " + GoText.httpStatus(response.status()) + " " + response.body());
    }
    try {
      List<JWK> keys = List.copyOf(JWKSet.parse(response.body()).getKeys());
      cached = keys;
      return keys;
    } catch (ParseException e) {
      throw new FetchException("oidc: failed to decode keys: " + e.getMessage() + " " + response.body());
    }
  }
}
