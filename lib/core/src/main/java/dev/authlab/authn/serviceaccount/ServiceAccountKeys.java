package dev.authlab.authn.serviceaccount;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Service-account keys read the way kube-apiserver reads its key files (client-go's keyutil), and
 * the key ID it stamps on tokens.
 *
 * <ul>
 *   <li>{@code --service-account-key-file}: every PEM block whose bytes are a PKCS#1 or PKCS#8 RSA
 *       private key, a SubjectPublicKeyInfo or certificate with an RSA or ECDSA key, or an SEC 1 EC
 *       private key counts, whatever its label; other blocks are skipped. A PKCS#8 <em>EC</em> private
 *       key is not accepted there (keyutil only tries SEC 1 for EC private keys), nor is a PKCS#1
 *       {@code RSA PUBLIC KEY}.
 *   <li>{@code --service-account-signing-key-file}: the first block labelled {@code RSA PRIVATE KEY}
 *       (PKCS#1), {@code EC PRIVATE KEY} (SEC 1) or {@code PRIVATE KEY} (PKCS#8) that parses.
 *   <li>The key ID: SHA-256 of the public key's DER SubjectPublicKeyInfo, base64url without padding.
 * </ul>
 *
 * Errors are {@link IllegalArgumentException}s with one line naming the source.
 */
public final class ServiceAccountKeys {

  private ServiceAccountKeys() {}

  /** Every public key in PEM text, as {@code --service-account-key-file} reads it. */
  public static List<PublicKey> parsePublicKeys(String pem, String source) {
    List<PublicKey> keys = new ArrayList<>();
    for (PemObject block : blocks(pem, source)) {
      byte[] der = block.getContent();
      Optional<PublicKey> key = rsaPrivateToPublic(der)
          .or(() -> publicKeyOfType(der, "RSA"))
          .or(() -> ecPrivateToPublic(der))
          .or(() -> publicKeyOfType(der, "EC"));
      key.ifPresent(keys::add);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + ": data does not contain any valid RSA or ECDSA public keys");
    }
    return List.copyOf(keys);
  }

  /** The private key in PEM text, as {@code --service-account-signing-key-file} reads it. */
  public static PrivateKey parsePrivateKey(String pem, String source) {
    for (PemObject block : blocks(pem, source)) {
      byte[] der = block.getContent();
      Optional<PrivateKey> key = switch (block.getType()) {
        case "RSA PRIVATE KEY" -> pkcs1(der).flatMap(ServiceAccountKeys::toPrivateKey);
        case "EC PRIVATE KEY" -> sec1(der).flatMap(ServiceAccountKeys::toPrivateKey);
        case "PRIVATE KEY" -> pkcs8(der).flatMap(ServiceAccountKeys::toPrivateKey);
        default -> Optional.empty();
      };
      if (key.isPresent()) {
        return key.get();
      }
    }
    throw new IllegalArgumentException(source + ": data does not contain a valid RSA or ECDSA private key");
  }

  /** The key ID kube-apiserver puts in the {@code kid} header: base64url(SHA-256(DER public key)). */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** A {@code PUBLIC KEY} PEM block, as {@code sa.pub} is written. */
  public static String publicKeyPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** A PKCS#8 {@code PRIVATE KEY} PEM block. Callers write it with owner-only permissions. */
  public static String privateKeyPem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /** The public half of an RSA or EC private key. */
  public static PublicKey publicKeyOf(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (key instanceof ECPrivateKey) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        return ecPublic(curve, sec.getKey()).orElseThrow(() -> new IllegalArgumentException("unsupported EC curve " + curve));
      }
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot derive the public key: " + e.getClass().getSimpleName());
    }
    throw new IllegalArgumentException("unknown private key type " + key.getAlgorithm() + ", must be RSA or ECDSA");
  }

  // ---- PEM blocks

  private static List<PemObject> blocks(String pem, String source) {
    List<PemObject> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      while (true) {
        PemObject block;
        try {
          block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
          // a damaged block (bad base64, missing END line): like pem.Decode, stop reading here
          break;
        }
        if (block == null) {
          break;
        }
        blocks.add(block);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot read PEM: " + e.getClass().getSimpleName());
    }
    return blocks;
  }

  // ---- DER parsers; each answers empty when the bytes are not what it looks for

  private static Optional<PrivateKeyInfo> pkcs1(byte[] der) {
    try {
      org.bouncycastle.asn1.pkcs.RSAPrivateKey rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
      return Optional.of(new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<PrivateKeyInfo> pkcs8(byte[] der) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      info.parsePrivateKey();
      return Optional.of(info);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<PrivateKeyInfo> sec1(byte[] der) {
    try {
      org.bouncycastle.asn1.sec.ECPrivateKey sec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
      if (sec.getParametersObject() == null) {
        return Optional.empty();
      }
      ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(sec.getParametersObject());
      // re-encode without the optional fields so the JDK reads it whatever the source included
      org.bouncycastle.asn1.sec.ECPrivateKey bare = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits(curve), sec.getKey());
      return Optional.of(new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), bare));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int orderBits(ASN1ObjectIdentifier curve) {
    X9ECParameters params = ECNamedCurveTable.getByOID(curve);
    if (params == null) {
      throw new IllegalArgumentException("unknown curve");
    }
    return params.getN().bitLength();
  }

  private static Optional<PrivateKey> toPrivateKey(PrivateKeyInfo info) {
    ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
    String type = alg.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : alg.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC" : null;
    if (type == null) {
      // Ed25519 and friends parse in Go too, then fail as an unknown private key type
      return Optional.empty();
    }
    try {
      return Optional.of(KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())));
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<PublicKey> rsaPrivateToPublic(byte[] der) {
    return pkcs1(der).or(() -> pkcs8(der))
        .filter(info -> info.getPrivateKeyAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption))
        .flatMap(ServiceAccountKeys::toPrivateKey)
        .map(ServiceAccountKeys::publicKeyOf);
  }

  private static Optional<PublicKey> ecPrivateToPublic(byte[] der) {
    return sec1(der).flatMap(ServiceAccountKeys::toPrivateKey).map(ServiceAccountKeys::publicKeyOf);
  }

  private static Optional<PublicKey> publicKeyOfType(byte[] der, String type) {
    Optional<SubjectPublicKeyInfo> spki = spki(der).or(() -> certificateKey(der));
    return spki.flatMap(info -> {
      ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
      boolean matches = type.equals("RSA") ? alg.equals(PKCSObjectIdentifiers.rsaEncryption) : alg.equals(X9ObjectIdentifiers.id_ecPublicKey);
      if (!matches) {
        return Optional.empty();
      }
      try {
        PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        return (key instanceof RSAPublicKey || key instanceof ECPublicKey) ? Optional.of(key) : Optional.empty();
      } catch (GeneralSecurityException | IOException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  private static Optional<SubjectPublicKeyInfo> spki(byte[] der) {
    try {
      return Optional.of(SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<SubjectPublicKeyInfo> certificateKey(byte[] der) {
    try {
      return Optional.of(Certificate.getInstance(ASN1Primitive.fromByteArray(der)).getSubjectPublicKeyInfo());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<PublicKey> ecPublic(ASN1ObjectIdentifier curve, BigInteger d) throws GeneralSecurityException, IOException {
    X9ECParameters params = ECNamedCurveTable.getByOID(curve);
    if (params == null) {
      return Optional.empty();
    }
    byte[] point = params.getG().multiply(d).normalize().getEncoded(false);
    SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), point);
    return Optional.of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.getEncoded())));
  }

  /** The JWS algorithm kube-apiserver signs with for this key: RS256, or ES256/384/512 by curve. */
  static String signingAlgorithm(PrivateKey key) {
    if (key instanceof RSAPrivateCrtKey) {
      return "RS256";
    }
    if (key instanceof ECPrivateKey ec) {
      int bits = ec.getParams().getOrder().bitLength();
      return switch (bits) {
        case 256 -> "ES256";
        case 384 -> "ES384";
        case 521 -> "ES512";
        default -> throw new IllegalArgumentException("unknown private key curve, must be 256, 384, or 521");
      };
    }
    throw new IllegalArgumentException("unknown private key type " + key.getAlgorithm() + ", must be *rsa.PrivateKey, *ecdsa.PrivateKey, or jose.OpaqueSigner");
  }
}
