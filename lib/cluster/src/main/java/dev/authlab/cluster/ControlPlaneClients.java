package dev.authlab.cluster;

import dev.authlab.authn.UserInfo;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * fabric8 clients for a control plane, one per {@link Credential}, and the SelfSubjectReview behind
 * {@link ControlPlane#whoami}. Every backend uses these, so a credential reaches each API server the
 * same way: TLS verified against the serving CA, no kubeconfig or environment read, no retries (a
 * 401 or a 5xx is an answer the experiment wants to see, not something to paper over).
 */
public final class ControlPlaneClients {

  /** Connecting to 127.0.0.1 takes milliseconds; anything slower is a stuck server. */
  public static final int CONNECTION_TIMEOUT_MILLIS = 10_000;

  public static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  private static final String PROXY_HEADERS_INTERCEPTOR = "authlab-proxy-headers";

  private ControlPlaneClients() {}

  /** The client configuration for this credential: server, serving CA, and the credential itself. */
  public static Config config(URI server, String servingCaPem, Credential credential) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(servingCaPem, "servingCaPem");
    Objects.requireNonNull(credential, "credential");
    ConfigBuilder builder = new ConfigBuilder(Config.empty())
        .withMasterUrl(server.toString())
        .withCaCertData(base64(servingCaPem))
        .withConnectionTimeout(CONNECTION_TIMEOUT_MILLIS)
        .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
        .withRequestRetryBackoffLimit(0)
        .withHttp2Disable(true);
    if (credential instanceof Credential.Token token) {
      builder.withOauthToken(token.token());
    } else if (credential instanceof Credential.ClientCertificate certificate) {
      withClientCertificate(builder, certificate.certificatePem(), certificate.privateKeyPem());
    } else if (credential instanceof Credential.ProxyHeaders proxy) {
      withClientCertificate(builder, proxy.proxyCertificatePem(), proxy.proxyPrivateKeyPem());
    }
    // Credential.Anonymous: nothing to add
    return builder.build();
  }

  /** A client that presents this credential; the caller closes it. */
  public static KubernetesClient clientAs(URI server, String servingCaPem, Credential credential) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config(server, servingCaPem, credential));
    if (credential instanceof Credential.ProxyHeaders proxy) {
      Interceptor headers = new ProxyHeadersInterceptor(proxy.headers());
      builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(PROXY_HEADERS_INTERCEPTOR, headers));
    }
    return builder.build();
  }

  /**
   * Creates a SelfSubjectReview with this client, as {@code kubectl auth whoami} does: who the API
   * server says the client is, 401 when it rejects the credential, 403 when the user may not ask.
   *
   * @throws KubernetesClientException for any other failure
   */
  public static WhoamiResult whoami(KubernetesClient client) {
    SelfSubjectReview request = new SelfSubjectReviewBuilder().withNewMetadata().endMetadata().build();
    try {
      SelfSubjectReview response = client.authentication().v1().selfSubjectReviews().create(request);
      return new WhoamiResult.Authenticated(userInfo(response.getStatus()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401) {
        return new WhoamiResult.Unauthorized(statusMessage(e));
      }
      if (e.getCode() == 403) {
        return new WhoamiResult.Forbidden(statusMessage(e));
      }
      throw e;
    }
  }

  /** The user a SelfSubjectReview reports, with absent lists and maps as empty ones. */
  public static UserInfo userInfo(SelfSubjectReviewStatus status) {
    if (status == null || status.getUserInfo() == null) {
      throw new IllegalStateException("the API server answered a SelfSubjectReview without status.userInfo");
    }
    io.fabric8.kubernetes.api.model.authentication.UserInfo info = status.getUserInfo();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if (info.getExtra() != null) {
      info.getExtra().forEach((key, values) -> extra.put(key, values == null ? List.of() : values));
    }
    return new UserInfo(
        info.getUsername() == null ? "" : info.getUsername(),
        info.getUid(),
        info.getGroups() == null ? List.of() : info.getGroups(),
        extra);
  }

  private static String statusMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  private static void withClientCertificate(ConfigBuilder builder, String certificatePem, String privateKeyPem) {
    builder.withClientCertData(base64(certificatePem))
        .withClientKeyData(base64(privateKeyPem))
        .withClientKeyAlgo(keyAlgorithm(privateKeyPem));
  }

  /** fabric8 reads PKCS#8 keys as RSA unless told otherwise. */
  private static String keyAlgorithm(String privateKeyPem) {
    PrivateKey key = Pem.parsePrivateKey(privateKeyPem, "client private key");
    String algorithm = key.getAlgorithm();
    return algorithm.equals("ECDSA") ? "EC" : algorithm;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  /** Adds the proxy's X-Remote-* headers to every request, one header line per value. */
  private static final class ProxyHeadersInterceptor implements Interceptor {
    private final Map<String, List<String>> headers;

    ProxyHeadersInterceptor(Map<String, List<String>> headers) {
      this.headers = Map.copyOf(headers);
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    }
  }
}
