package dev.authlab.labs.lab01_authentication_workflow;

import dev.authlab.cluster.ControlPlane;
import dev.authlab.cluster.ControlPlane.WhoamiResult;
import dev.authlab.cluster.ControlPlaneClients;
import dev.authlab.cluster.Credential;
import dev.authlab.pki.IssuedCertificate;
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
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Asks an API server who a request is (a SelfSubjectReview, like {@code kubectl auth whoami}) when the
 * request carries a client certificate AND a bearer token. The certificate is offered whatever CAs
 * the server says it accepts, as Go clients such as kubectl do (the JDK would quietly leave out a
 * certificate from a CA the server does not list).
 */
final class TwoCredentials {

  private TwoCredentials() {}

  static WhoamiResult whoami(ControlPlane cp, IssuedCertificate certificate, String token) {
    KeyManager[] keys = {new AlwaysOffer(certificate.certificate(), certificate.privateKey())};
    TrustManager[] trust = trusting(cp.servingCaPem());
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(ControlPlaneClients.config(cp.apiServerUrl(), cp.servingCaPem(), new Credential.Token(token)))
        .withHttpClientBuilderConsumer(http -> http.sslContext(keys, trust))
        .build()) {
      return ControlPlaneClients.whoami(client);
    }
  }

  private static TrustManager[] trusting(String caPem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : Pem.parseCertificates(caPem)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the serving CA: " + e.getMessage(), e);
    }
  }

  /** Offers one certificate for every client-certificate request, whatever issuers the server names. */
  private static final class AlwaysOffer extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final X509Certificate certificate;
    private final PrivateKey key;

    AlwaysOffer(X509Certificate certificate, PrivateKey key) {
      this.certificate = certificate;
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
      return new X509Certificate[] {certificate};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
