package dev.authlab.cluster;

import java.util.List;
import java.util.Map;

/** What a client presents to a control plane: a bearer token, a client certificate, proxy headers, or nothing. */
public sealed interface Credential {

  /** Authorization: Bearer TOKEN. */
  record Token(String token) implements Credential {
    @Override
    public String toString() {
      return "Token[" + token.length() + " chars]";
    }
  }

  /** A TLS client certificate (PEM, leaf first) and its key. */
  record ClientCertificate(String certificatePem, String privateKeyPem) implements Credential {
    @Override
    public String toString() {
      return "ClientCertificate[…]";
    }
  }

  /**
   * Headers sent through an authenticating proxy: the proxy's own client certificate (which must
   * verify against the requestheader CA) plus X-Remote-User and friends.
   */
  record ProxyHeaders(String proxyCertificatePem, String proxyPrivateKeyPem, Map<String, List<String>> headers) implements Credential {
    public ProxyHeaders {
      headers = Map.copyOf(headers);
    }
  }

  /** No credential at all. */
  record Anonymous() implements Credential {}
}
