package dev.authlab.labs.lab06_authenticating_proxy;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.requestheader.RequestHeaderConfig;
import dev.authlab.pki.CertificateAuthority;
import java.util.List;
import java.util.Map;

/** Lab 06's user, client requests and API server flags. */
final class ProxyFixtures {

  /** The user the proxy authenticated (its own way) before forwarding. */
  static final UserInfo JANE = new UserInfo("jane@example.com", "u-4711", List.of("payments-devs", "oncall"),
      Map.of("example.com/team", List.of("payments"), "scopes", List.of("read", "write")));

  private ProxyFixtures() {}

  /** What Jane's browser or kubectl sends the proxy: her credential for the proxy, nothing else. */
  static AuthenticationRequest cleanClientRequest() {
    return AuthenticationRequest.get("/api/v1/namespaces/payments/pods").withHeader("Authorization", "Bearer jane-proxy-session-1f2e");
  }

  /** The same request with headers of Jane's own that claim she is cluster admin (and X-Remote-* headers the API server does not read, yet). */
  static AuthenticationRequest spoofedClientRequest() {
    return cleanClientRequest()
        .withHeader("X-Remote-User", "system:admin")
        .withHeader("x-remote-group", "system:masters")
        .withHeader("X-REMOTE-EXTRA-Scopes", "impersonate")
        .withHeader("X-Remote-Uid", "u-0001-admin")
        .withHeader("X-Remote-Foo", "bar");
  }

  /** kube-apiserver's --requestheader-* flags as kubeadm sets them, plus the uid header. */
  static RequestHeaderConfig apiServerFlags(CertificateAuthority frontProxyCa) {
    return RequestHeaderConfig.kubeadmDefaults(List.of(frontProxyCa.certificate())).withUidHeaders(List.of("X-Remote-Uid"));
  }
}
