package dev.authlab.cluster;

import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.pki.Pem;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client certificate offered whatever CAs the server names as acceptable, as Go clients such as
 * kubectl do. The JDK's own key managers quietly leave out a certificate from a CA the server does
 * not list, so a forged or foreign certificate would arrive as anonymous instead of being rejected;
 * experiments that send such certificates use this instead.
 */
public record ClientCertificateOffer(List<X509Certificate> chain, PrivateKey key) {

  public ClientCertificateOffer {
    chain = List.copyOf(chain);
    Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a client certificate offer needs at least one certificate");
    }
  }

  public ClientCertificateOffer(X509Certificate certificate, PrivateKey key) {
    this(List.of(certificate), key);
  }

  /** The certificate and key of a {@link Credential.ClientCertificate}. */
  public static ClientCertificateOffer of(Credential.ClientCertificate certificate) {
    return new ClientCertificateOffer(Pem.parseCertificates(certificate.certificatePem()), Pem.parsePrivateKey(certificate.privateKeyPem()));
  }

  /** Key managers that offer this certificate for every client-certificate request. */
  public KeyManager[] keyManagers() {
    return new KeyManager[] {new AlwaysOffer(chain.toArray(new X509Certificate[0]), key)};
  }

  /** Trust managers that trust the control plane's serving CA (and nothing else). */
  public static TrustManager[] trustManagers(ControlPlane cp) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : Pem.parseCertificates(cp.servingCaPem())) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the serving CA: " + e.getMessage(), e);
    }
  }

  /**
   * Who the API server says the request is (a SelfSubjectReview, like {@code kubectl auth whoami})
   * when it carries this certificate and, alongside, {@code other}: a {@link Credential.Token} or
   * {@link Credential.Anonymous} (nothing more).
   */
  public WhoamiResult whoami(ControlPlane cp, Credential other) {
    KeyManager[] keys = keyManagers();
    TrustManager[] trust = trustManagers(cp);
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(ControlPlaneClients.config(cp.apiServerUrl(), cp.servingCaPem(), other))
        .withHttpClientBuilderConsumer(http -> http.sslContext(keys, trust))
        .build()) {
      return ControlPlaneClients.whoami(client);
    }
  }

  /** Offers one chain for every client-certificate request, whatever issuers the server asks for. */
  private static final class AlwaysOffer extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    AlwaysOffer(X509Certificate[] chain, PrivateKey key) {
      this.chain = chain;
      this.key = key;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
