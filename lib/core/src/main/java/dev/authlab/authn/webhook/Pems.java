package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoStrings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM reading with the rules and error texts of Go's crypto/tls and client-go's transport, which
 * are what the API server reports when a webhook kubeconfig carries bad certificate data.
 */
final class Pems {

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";

  private Pems() {}

  /** One PEM block: its type, whether it had headers ("Proc-Type: …"), and its decoded bytes. */
  record Block(String type, boolean hasHeaders, byte[] bytes) {}

  /** A block and the text after it, like Go's pem.Decode; empty when no block is left. */
  private record Decoded(Block block, String rest) {}

  /** Every block in the text, skipping text between blocks as Go does. */
  static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    String rest = text;
    while (true) {
      Optional<Decoded> decoded = decode(rest);
      if (decoded.isEmpty()) {
        return blocks;
      }
      blocks.add(decoded.get().block());
      rest = decoded.get().rest();
    }
  }

  private static Optional<Decoded> decode(String text) {
    int from = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, from);
      if (begin < 0) {
        return Optional.empty();
      }
      // the BEGIN marker must start a line
      if (begin > 0 && text.charAt(begin - 1) != '\n') {
        from = begin + BEGIN.length();
        continue;
      }
      int typeEnd = text.indexOf("-----", begin + BEGIN.length());
      int lineEnd = text.indexOf('\n', begin);
      if (typeEnd < 0 || (lineEnd >= 0 && typeEnd > lineEnd)) {
        from = begin + BEGIN.length();
        continue;
      }
      String type = text.substring(begin + BEGIN.length(), typeEnd);
      String endMarker = END + type + "-----";
      int end = text.indexOf(endMarker, typeEnd);
      if (end < 0 || lineEnd < 0) {
        from = begin + BEGIN.length();
        continue;
      }
      String body = text.substring(lineEnd + 1, end);
      boolean headers = body.lines().anyMatch(line -> line.contains(":"));
      StringBuilder base64 = new StringBuilder();
      body.lines().filter(line -> !line.contains(":")).forEach(line -> base64.append(line.strip()));
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        from = begin + BEGIN.length();
        continue;
      }
      int after = end + endMarker.length();
      int nextLine = text.indexOf('\n', after);
      String rest = nextLine < 0 ? "" : text.substring(nextLine + 1);
      return Optional.of(new Decoded(new Block(type, headers, bytes), rest));
    }
  }

  /**
   * The CA certificates of certificate-authority(-data), as client-go loads them: every CERTIFICATE
   * block without headers that parses; other blocks are skipped. With none, client-go's message.
   */
  static List<X509Certificate> rootCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Block block : blocks(pem)) {
      if (block.type().equals("CERTIFICATE") && !block.hasHeaders()) {
        parseCertificate(block.bytes()).ifPresent(certificates::add);
      }
    }
    if (!certificates.isEmpty()) {
      return List.copyOf(certificates);
    }
    throw new IllegalArgumentException("unable to load root certificates: " + whyNoRoots(pem));
  }

  // client-go walks the data again to say why nothing was found
  private static String whyNoRoots(String pem) {
    String rest = pem;
    while (!rest.isEmpty()) {
      Optional<Decoded> decoded = decode(rest);
      if (decoded.isEmpty()) {
        return "unable to parse bytes as PEM block";
      }
      Block block = decoded.get().block();
      if (block.type().equals("CERTIFICATE") && !block.hasHeaders() && parseCertificate(block.bytes()).isEmpty()) {
        return "failed to parse certificate: x509: malformed certificate";
      }
      rest = decoded.get().rest();
    }
    return "no valid certificate authority data seen";
  }

  static Optional<X509Certificate> parseCertificate(byte[] der) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    } catch (CertificateException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The certificates of a client-certificate(-data), leaf first, with crypto/tls's messages. */
  static List<X509Certificate> certificateChain(String pem) {
    List<X509Certificate> chain = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Block block : blocks(pem)) {
      if (block.type().equals("CERTIFICATE")) {
        chain.add(parseCertificate(block.bytes())
            .orElseThrow(() -> new IllegalArgumentException("x509: malformed certificate")));
      } else {
        skipped.add(block.type());
      }
    }
    if (!chain.isEmpty()) {
      return List.copyOf(chain);
    }
    if (skipped.isEmpty()) {
      throw new IllegalArgumentException("tls: failed to find any PEM data in certificate input");
    }
    if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    }
    throw new IllegalArgumentException(
        "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: "
            + GoStrings.list(skipped));
  }

  /** The private key of a client-key(-data): PKCS#8, PKCS#1 (RSA) or SEC 1 (EC). */
  static PrivateKey privateKey(String pem) {
    List<String> skipped = new ArrayList<>();
    Block keyBlock = null;
    for (Block block : blocks(pem)) {
      if (block.type().equals("PRIVATE KEY") || block.type().endsWith(" PRIVATE KEY")) {
        keyBlock = block;
        break;
      }
      skipped.add(block.type());
    }
    if (keyBlock == null) {
      if (skipped.isEmpty()) {
        throw new IllegalArgumentException("tls: failed to find any PEM data in key input");
      }
      if (skipped.size() == 1 && skipped.get(0).equals("CERTIFICATE")) {
        throw new IllegalArgumentException("tls: found a certificate rather than a key in the PEM for the private key");
      }
      throw new IllegalArgumentException(
          "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: "
              + GoStrings.list(skipped));
    }
    String only = encode(keyBlock.type(), keyBlock.bytes());
    try (PEMParser parser = new PEMParser(new StringReader(only))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object object = parser.readObject();
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("tls: failed to parse private key");
    }
    // encrypted keys and other kinds: crypto/tls cannot use them either
    throw new IllegalArgumentException("tls: failed to parse private key");
  }

  /**
   * Key managers presenting this client certificate, after crypto/tls's check that the key belongs
   * to the certificate ("tls: private key does not match public key").
   */
  static KeyManager[] keyManagers(String certificatePem, String keyPem) {
    List<X509Certificate> chain = certificateChain(certificatePem);
    PrivateKey key = privateKey(keyPem);
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw new IllegalArgumentException("tls: private key does not match public key");
    }
    try {
      char[] password = randomPassword();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("tls: unsupported client key: " + e.getClass().getSimpleName());
    }
  }

  private static char[] randomPassword() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().withoutPadding().encodeToString(random).toCharArray();
  }

  /** Signs a probe and verifies it with the certificate's key: works for RSA, EC and Ed25519 alike. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> "";
    };
    if (algorithm.isEmpty() || !publicKey.getAlgorithm().equals(key.getAlgorithm())
        && !(publicKey.getAlgorithm().startsWith("EC") && key.getAlgorithm().startsWith("EC"))) {
      return false;
    }
    try {
      byte[] probe = "authlab key pair check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** A PEM block with 64-character lines, as Go's pem.Encode writes it. */
  static String encode(String type, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return BEGIN + type + "-----\n" + base64 + "\n" + END + type + "-----\n";
  }
}
