package dev.authlab.cluster.local;

import dev.authlab.pki.IssuedCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A JDK SSLContext that trusts one CA and presents one client certificate, for the JDK HttpClient. */
final class Tls {

  private static final char[] IN_MEMORY = "authlab".toCharArray();

  private Tls() {}

  static SSLContext context(X509Certificate trustedCa, IssuedCertificate client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trustedCa);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);

      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      Certificate[] chain = new Certificate[1 + client.chain().size()];
      chain[0] = client.certificate();
      for (int i = 0; i < client.chain().size(); i++) {
        chain[i + 1] = client.chain().get(i);
      }
      keys.setKeyEntry("client", client.privateKey(), IN_MEMORY, chain);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, IN_MEMORY);

      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context for " + client, e);
    }
  }
}
