package dev.authlab.authn.serviceaccount;

import static dev.authlab.authn.serviceaccount.SaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Key files read the way client-go's keyutil reads them, quirks included. */
class ServiceAccountKeysTest {

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @Test
  void privateKeysInTheKeyFileGiveTheirPublicKeys() {
    assertThat(ServiceAccountKeys.keyId(publicKey(RSA_PRIVATE_KEY))).isEqualTo(RSA_KEY_ID);
    assertThat(ServiceAccountKeys.keyId(publicKey(ECDSA_PRIVATE_KEY))).isEqualTo(ECDSA_KEY_ID);
  }

  @Test
  void severalKeysPerFileAndOtherBlocksSkipped() {
    String mixed = "junk before\n" + pem("EC PARAMETERS", new byte[] {6, 8, 42, -122, 72, -50, 61, 3, 1, 7}) + RSA_PUBLIC_KEY + ECDSA_PUBLIC_KEY;
    assertThat(ServiceAccountKeys.parsePublicKeys(mixed, "sa.pub")).extracting(ServiceAccountKeys::keyId).containsExactly(RSA_KEY_ID, ECDSA_KEY_ID);
  }

  @Test
  void theLabelDoesNotMatterForPublicKeys() {
    String relabelled = RSA_PUBLIC_KEY.replace("PUBLIC KEY", "WHATEVER");
    assertThat(ServiceAccountKeys.keyId(ServiceAccountKeys.parsePublicKeys(relabelled, "x").get(0))).isEqualTo(RSA_KEY_ID);
  }

  @Test
  void certificatesCount() throws Exception {
    KeyPair pair = ec("secp256r1");
    var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=sa"), BigInteger.ONE,
        Date.from(Instant.ofEpochSecond(NOW)), Date.from(Instant.ofEpochSecond(NOW + 3600)), new X500Name("CN=sa"), pair.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    assertThat(ServiceAccountKeys.keyId(ServiceAccountKeys.parsePublicKeys(pem("CERTIFICATE", cert.getEncoded()), "c").get(0)))
        .isEqualTo(ServiceAccountKeys.keyId(pair.getPublic()));
  }

  @Test
  void pkcs8EcPrivateKeysAreNotVerificationKeys() {
    KeyPair pair = ec("secp256r1");
    String pkcs8 = ServiceAccountKeys.privateKeyPem(pair.getPrivate());
    assertThatThrownBy(() -> ServiceAccountKeys.parsePublicKeys(pkcs8, "sa.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sa.key: data does not contain any valid RSA or ECDSA public keys");
    // ...but they are fine as the signing key
    assertThat(ServiceAccountKeys.keyId(ServiceAccountKeys.publicKeyOf(ServiceAccountKeys.parsePrivateKey(pkcs8, "sa.key"))))
        .isEqualTo(ServiceAccountKeys.keyId(pair.getPublic()));
  }

  @Test
  void pkcs8RsaPrivateKeysAreVerificationKeys() {
    KeyPair pair = rsa(2048);
    RSAPublicKey key = (RSAPublicKey) ServiceAccountKeys.parsePublicKeys(ServiceAccountKeys.privateKeyPem(pair.getPrivate()), "k").get(0);
    assertThat(key.getModulus()).isEqualTo(((RSAPublicKey) pair.getPublic()).getModulus());
  }

  @Test
  void signingKeyBlocksAreReadByLabel() {
    assertThat(ServiceAccountKeys.publicKeyOf(privateKey(RSA_PRIVATE_KEY)).getAlgorithm()).isEqualTo("RSA");
    assertThat(ServiceAccountKeys.publicKeyOf(privateKey(ECDSA_PRIVATE_KEY)).getAlgorithm()).isEqualTo("EC");
    String mislabelled = RSA_PRIVATE_KEY.replace("RSA PRIVATE KEY", "EC PRIVATE KEY");
    assertThatThrownBy(() -> ServiceAccountKeys.parsePrivateKey(mislabelled, "sa.key"))
        .hasMessage("sa.key: data does not contain a valid RSA or ECDSA private key");
    assertThatThrownBy(() -> ServiceAccountKeys.parsePrivateKey(RSA_PUBLIC_KEY, "sa.key"))
        .hasMessage("sa.key: data does not contain a valid RSA or ECDSA private key");
  }

  @Test
  void garbageNamesTheSource() {
    assertThatThrownBy(() -> ServiceAccountKeys.parsePublicKeys("not a pem", "/etc/k8s/sa.pub"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/etc/k8s/sa.pub: data does not contain any valid RSA or ECDSA public keys");
    assertThatThrownBy(() -> ServiceAccountKeys.parsePublicKeys("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n", "f"))
        .hasMessage("f: data does not contain any valid RSA or ECDSA public keys");
  }

  @Test
  void publicKeyPemRoundTrips() {
    var key = publicKey(ECDSA_PUBLIC_KEY);
    assertThat(ServiceAccountKeys.keyId(publicKey(ServiceAccountKeys.publicKeyPem(key)))).isEqualTo(ECDSA_KEY_ID);
  }
}
