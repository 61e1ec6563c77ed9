package dev.authlab.authn.serviceaccount;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/** Keys, objects and hand-made tokens shared by the service-account tests. */
final class SaFixtures {

  private SaFixtures() {}

  /** 2018-01-01T00:00:00Z, the instant upstream's claims tests freeze time at. */
  static final long NOW = 1514764800L;

  static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  // Upstream's published test keys (pkg/serviceaccount/jwt_test.go): fake values, kept so the key
  // IDs can be compared with the ones upstream computed.
  static final String OTHER_PUBLIC_KEY = """
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArXz0QkIG1B5Bj2/W69GH
      rsm5e+RC3kE+VTgocge0atqlLBek35tRqLgUi3AcIrBZ/0YctMSWDVcRt5fkhWwe
      Lqjj6qvAyNyOkrkBi1NFDpJBjYJtuKHgRhNxXbOzTSNpdSKXTfOkzqv56MwHOP25
      yP/NNAODUtr92D5ySI5QX8RbXW+uDn+ixul286PBW/BCrE4tuS88dA0tYJPf8LCu
      sqQOwlXYH/rNUg4Pyl9xxhR5DIJR0OzNNfChjw60zieRIt2LfM83fXhwk8IxRGkc
      gPZm7ZsipmfbZK2Tkhnpsa4QxDg7zHJPMsB5kxRXW0cQipXcC3baDyN9KBApNXa0
      PwIDAQAB
      -----END PUBLIC KEY-----
      """;

  static final String RSA_PUBLIC_KEY = """
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA249XwEo9k4tM8fMxV7zx
      OhcrP+WvXn917koM5Qr2ZXs4vo26e4ytdlrV0bQ9SlcLpQVSYjIxNfhTZdDt+ecI
      zshKuv1gKIxbbLQMOuK1eA/4HALyEkFgmS/tleLJrhc65tKPMGD+pKQ/xhmzRuCG
      51RoiMgbQxaCyYxGfNLpLAZK9L0Tctv9a0mJmGIYnIOQM4kC1A1I1n3EsXMWmeJU
      j7OTh/AjjCnMnkgvKT2tpKxYQ59PgDgU8Ssc7RDSmSkLxnrv+OrN80j6xrw0OjEi
      B4Ycr0PqfzZcvy8efTtFQ/Jnc4Bp1zUtFXt7+QeevePtQ2EcyELXE0i63T1CujRM
      WwIDAQAB
      -----END PUBLIC KEY-----
      """;

  static final String RSA_KEY_ID = "JHJehTTTZlsspKHT-GaJxK7Kd1NQgZJu3fyK6K_QDYU";

  static final String RSA_PRIVATE_KEY = """
      -----BEGIN RSA PRIVATE KEY-----
      MIIEowIBAAKCAQEA249XwEo9k4tM8fMxV7zxOhcrP+WvXn917koM5Qr2ZXs4vo26
      e4ytdlrV0bQ9SlcLpQVSYjIxNfhTZdDt+ecIzshKuv1gKIxbbLQMOuK1eA/4HALy
      EkFgmS/tleLJrhc65tKPMGD+pKQ/xhmzRuCG51RoiMgbQxaCyYxGfNLpLAZK9L0T
      ctv9a0mJmGIYnIOQM4kC1A1I1n3EsXMWmeJUj7OTh/AjjCnMnkgvKT2tpKxYQ59P
      gDgU8Ssc7RDSmSkLxnrv+OrN80j6xrw0OjEiB4Ycr0PqfzZcvy8efTtFQ/Jnc4Bp
      1zUtFXt7+QeevePtQ2EcyELXE0i63T1CujRMWwIDAQABAoIBAHJx8GqyCBDNbqk7
      e7/hI9iE1S10Wwol5GH2RWxqX28cYMKq+8aE2LI1vPiXO89xOgelk4DN6urX6xjK
      ZBF8RRIMQy/e/O2F4+3wl+Nl4vOXV1u6iVXMsD6JRg137mqJf1Fr9elg1bsaRofL
      Q7CxPoB8dhS+Qb+hj0DhlqhgA9zG345CQCAds0ZYAZe8fP7bkwrLqZpMn7Dz9WVm
      ++YgYYKjuE95kPuup/LtWfA9rJyE/Fws8/jGvRSpVn1XglMLSMKhLd27sE8ZUSV0
      2KUzbfRGE0+AnRULRrjpYaPu0XQ2JjdNvtkjBnv27RB89W9Gklxq821eH1Y8got8
      FZodjxECgYEA93pz7AQZ2xDs67d1XLCzpX84GxKzttirmyj3OIlxgzVHjEMsvw8v
      sjFiBU5xEEQDosrBdSknnlJqyiq1YwWG/WDckr13d8G2RQWoySN7JVmTQfXcLoTu
      YGRiiTuoEi3ab3ZqrgGrFgX7T/cHuasbYvzCvhM2b4VIR3aSxU2DTUMCgYEA4x7J
      T/ErP6GkU5nKstu/mIXwNzayEO1BJvPYsy7i7EsxTm3xe/b8/6cYOz5fvJLGH5mT
      Q8YvuLqBcMwZardrYcwokD55UvNLOyfADDFZ6l3WntIqbA640Ok2g1X4U8J09xIq
      ZLIWK1yWbbvi4QCeN5hvWq47e8sIj5QHjIIjRwkCgYEAyNqjltxFN9zmzPDa2d24
      EAvOt3pYTYBQ1t9KtqImdL0bUqV6fZ6PsWoPCgt+DBuHb+prVPGP7Bkr/uTmznU/
      +AlTO+12NsYLbr2HHagkXE31DEXE7CSLa8RNjN/UKtz4Ohq7vnowJvG35FCz/mb3
      FUHbtHTXa2+bGBUOTf/5Hw0CgYBxw0r9EwUhw1qnUYJ5op7OzFAtp+T7m4ul8kCa
      SCL8TxGsgl+SQ34opE775dtYfoBk9a0RJqVit3D8yg71KFjOTNAIqHJm/Vyyjc+h
      i9rJDSXiuczsAVfLtPVMRfS0J9QkqeG4PIfkQmVLI/CZ2ZBmsqEcX+eFs4ZfPLun
      Qsxe2QKBgGuPilIbLeIBDIaPiUI0FwU8v2j8CEQBYvoQn34c95hVQsig/o5z7zlo
      UsO0wlTngXKlWdOcCs1kqEhTLrstf48djDxAYAxkw40nzeJOt7q52ib/fvf4/UBy
      X024wzbiw1q07jFCyfQmODzURAx1VNT7QVUMdz/N8vy47/H40AZJ
      -----END RSA PRIVATE KEY-----
      """;

  static final String ECDSA_PRIVATE_KEY = """
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEIEZmTmUhuanLjPA2CLquXivuwBDHTt5XYwgIr/kA1LtRoAoGCCqGSM49
      AwEHoUQDQgAEH6cuzP8XuD5wal6wf9M6xDljTOPLX2i8uIp/C/ASqiIGUeeKQtX0
      /IR3qCXyThP/dbCiHrF3v1cuhBOHY8CLVg==
      -----END EC PRIVATE KEY-----
      """;

  static final String ECDSA_PUBLIC_KEY = """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEH6cuzP8XuD5wal6wf9M6xDljTOPL
      X2i8uIp/C/ASqiIGUeeKQtX0/IR3qCXyThP/dbCiHrF3v1cuhBOHY8CLVg==
      -----END PUBLIC KEY-----
      """;

  static final String ECDSA_KEY_ID = "SoABiieYuNx4UdqYvZRVeuC6SihxgLrhLy9peHMHpTc";

  static PublicKey publicKey(String pem) {
    return ServiceAccountKeys.parsePublicKeys(pem, "test").get(0);
  }

  static PrivateKey privateKey(String pem) {
    return ServiceAccountKeys.parsePrivateKey(pem, "test");
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- objects

  static ServiceAccount serviceAccount(String namespace, String name, String uid) {
    return new ServiceAccountBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata().build();
  }

  static Secret secret(String namespace, String name, String uid) {
    return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata().build();
  }

  static Secret tokenSecret(String namespace, String name, String uid, String token, Map<String, String> labels) {
    return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).withLabels(labels).endMetadata()
        .withType("kubernetes.io/service-account-token")
        .withData(Map.of("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  static Pod pod(String namespace, String name, String uid, String serviceAccount, String nodeName) {
    return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata()
        .withNewSpec().withServiceAccountName(serviceAccount).withNodeName(nodeName).endSpec().build();
  }

  static Node node(String name, String uid) {
    return new NodeBuilder().withNewMetadata().withName(name).withUid(uid).endMetadata().build();
  }

  static String rfc3339(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  // ---- hand-made tokens

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A token with exactly this header and payload JSON, signed with the key as the header's alg says. */
  static String forge(String headerJson, String payloadJson, Object key) {
    String input = b64(headerJson) + "." + b64(payloadJson);
    try {
      String alg = headerJson.replaceAll(".*\"alg\":\"([^\"]*)\".*", "$1");
      JWSSigner signer;
      if (key instanceof byte[] secret) {
        signer = new MACSigner(secret);
      } else if (key instanceof ECPrivateKey ec) {
        signer = new ECDSASigner(ec);
      } else {
        signer = new RSASSASigner((PrivateKey) key, true);
      }
      return input + "." + signer.sign(new JWSHeader(JWSAlgorithm.parse(alg)), input.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The payload JSON of a token (for tampering with it). */
  static String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static String headerOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
  }

  /** The token with its payload replaced (signature kept). */
  static String withPayload(String token, String payloadJson) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + b64(payloadJson) + "." + parts[2];
  }
}
