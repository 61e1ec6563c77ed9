package dev.authlab.pki;

import static dev.authlab.pki.Fixtures.EC_CA;
import static dev.authlab.pki.Fixtures.RSA_CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

  private static final String GARBAGE_DER = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});

  /** The key as openssl's traditional formats, written by Bouncy Castle: PKCS#1 for RSA, SEC1 for EC. */
  static String traditionalPem(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // ---- round trips

  @Test
  void certificateRoundTrip() {
    String pem = Pem.encode(EC_CA.certificate());

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().skip(1).filter(line -> !line.startsWith("-----"))).allMatch(line -> line.length() <= 64);
    assertThat(Pem.parseCertificate(pem)).isEqualTo(EC_CA.certificate());
  }

  @Test
  void bundleRoundTripKeepsOrder() {
    String bundle = Pem.encode(List.of(EC_CA.certificate(), RSA_CA.certificate()));

    assertThat(Pem.parseCertificates(bundle)).containsExactly(EC_CA.certificate(), RSA_CA.certificate());
    assertThat(Pem.parseCertificate(bundle)).as("the first one, the leaf of a chain").isEqualTo(EC_CA.certificate());
  }

  @Test
  void readsAroundTextAndOtherBlocksLikeGo() {
    String file = "Certificate:\n    Data: (openssl x509 -text output)\n"
        + RSA_CA.privateKeyPem()
        + Pem.encode(EC_CA.certificate()).replace("\n", "\r\n")
        + "trailing words\n";

    assertThat(Pem.parseCertificates(file)).containsExactly(EC_CA.certificate());
    assertThat(Pem.parsePrivateKey(file).getEncoded()).isEqualTo(RSA_CA.privateKey().getEncoded());
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "ECDSA_P256", "ECDSA_P384"})
  void pkcs8PrivateKeyRoundTrip(KeyAlgorithm algorithm) {
    KeyPair keyPair = KeyPairs.generate(algorithm);

    String pem = Pem.encode(keyPair.getPrivate());
    PrivateKey read = Pem.parsePrivateKey(pem);

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(read.getEncoded()).isEqualTo(keyPair.getPrivate().getEncoded());
    assertThat(KeyPairs.matches(keyPair.getPublic(), read)).isTrue();
  }

  @Test
  void readsPkcs1RsaPrivateKey() {
    KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.RSA_2048);
    String pkcs1 = traditionalPem(keyPair.getPrivate());

    PrivateKey read = Pem.parsePrivateKey(pkcs1);

    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(read).isInstanceOf(RSAPrivateCrtKey.class);
    RSAPrivateCrtKey original = (RSAPrivateCrtKey) keyPair.getPrivate();
    assertThat(((RSAPrivateCrtKey) read).getModulus()).isEqualTo(original.getModulus());
    assertThat(((RSAPrivateCrtKey) read).getPrivateExponent()).isEqualTo(original.getPrivateExponent());
    assertThat(KeyPairs.matches(keyPair.getPublic(), read)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384"})
  void readsSec1EcPrivateKey(KeyAlgorithm algorithm) {
    KeyPair keyPair = KeyPairs.generate(algorithm);
    String sec1 = traditionalPem(keyPair.getPrivate());

    PrivateKey read = Pem.parsePrivateKey(sec1);

    assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(((ECPrivateKey) read).getS()).isEqualTo(((ECPrivateKey) keyPair.getPrivate()).getS());
    assertThat(KeyPairs.matches(keyPair.getPublic(), read)).isTrue();
  }

  @Test
  void readsSec1AfterEcParametersAsOpensslEcparamWritesIt() {
    KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    // openssl ecparam -name prime256v1 -genkey: the curve OID in its own block first
    String file = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + traditionalPem(keyPair.getPrivate());

    assertThat(KeyPairs.matches(keyPair.getPublic(), Pem.parsePrivateKey(file))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"RSA_2048", "ECDSA_P256"})
  void publicKeyRoundTrip(KeyAlgorithm algorithm) {
    KeyPair keyPair = KeyPairs.generate(algorithm);

    String pem = Pem.encode(keyPair.getPublic());

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(Pem.parsePublicKey(pem)).isEqualTo(keyPair.getPublic());
  }

  @Test
  void readsPkcs1RsaPublicKey() throws IOException {
    RSAPublicKey key = (RSAPublicKey) KeyPairs.generate(KeyAlgorithm.RSA_2048).getPublic();
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("RSA PUBLIC KEY",
          new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent()).getEncoded()));
    }

    assertThat(Pem.parsePublicKey(out.toString())).isEqualTo(key);
  }

  @Test
  void csrRoundTrip() {
    Csr csr = Csr.create(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), "jane", "dev");

    assertThat(Pem.parseCsr(Pem.encode(csr))).isEqualTo(csr);
  }

  @Test
  void readsAndWritesFiles(@TempDir Path dir) {
    Path crt = dir.resolve("certs/ca.crt");
    Path key = dir.resolve("certs/ca.key");

    Pem.write(crt, EC_CA.certificatePem());
    Pem.writePrivate(key, EC_CA.privateKeyPem());

    assertThat(Pem.readCertificate(crt)).isEqualTo(EC_CA.certificate());
    assertThat(Pem.readCertificates(crt)).containsExactly(EC_CA.certificate());
    assertThat(Pem.readPrivateKey(key).getEncoded()).isEqualTo(EC_CA.privateKey().getEncoded());
  }

  @Test
  void writePrivateMakesTheFileOwnerOnlyAlsoWhenItExists(@TempDir Path dir) throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path key = dir.resolve("jane.key");
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    Pem.writePrivate(key, EC_CA.privateKeyPem());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(Files.readString(key)).isEqualTo(EC_CA.privateKeyPem());
  }

  // ---- bad input

  @Test
  void emptyInput() {
    assertThatThrownBy(() -> Pem.parseCertificate("  \n"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: empty, expected a CERTIFICATE block");
  }

  @Test
  void noPemAtAll() {
    assertThatThrownBy(() -> Pem.parsePrivateKey("ssh-rsa AAAAB3Nza jane@laptop"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: no PEM data found (no -----BEGIN line), expected a PRIVATE KEY block");
  }

  @Test
  void wrongKindOfBlockNamesWhatWasFound() {
    assertThatThrownBy(() -> Pem.parseCertificate(EC_CA.privateKeyPem(), "jane.crt"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("jane.crt: no CERTIFICATE block found, only PRIVATE KEY")
        .satisfies(e -> assertThat(((PemException) e).source()).isEqualTo("jane.crt"));
    assertThatThrownBy(() -> Pem.parsePublicKey(EC_CA.certificatePem()))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: no PUBLIC KEY block found, only CERTIFICATE");
  }

  @Test
  void missingEndLine() {
    String truncated = "-----BEGIN CERTIFICATE-----\n" + GARBAGE_DER + "\n";

    assertThatThrownBy(() -> Pem.parseCertificate(truncated))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 1: BEGIN CERTIFICATE has no END line");
  }

  @Test
  void mismatchedEndLine() {
    String text = "-----BEGIN CERTIFICATE-----\n" + GARBAGE_DER + "\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parseCertificate(text))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 3: BEGIN CERTIFICATE (line 1) is closed by END PRIVATE KEY");
  }

  @Test
  void beginInsideBegin() {
    String text = "-----BEGIN CERTIFICATE-----\n" + GARBAGE_DER + "\n" + EC_CA.certificatePem();

    assertThatThrownBy(() -> Pem.parseCertificates(text))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 1: BEGIN CERTIFICATE has no END line before the next BEGIN");
  }

  @Test
  void invalidBase64() {
    String text = "junk first\n-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificate(text))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 2: CERTIFICATE block is not valid base64");
  }

  @Test
  void emptyBlock() {
    assertThatThrownBy(() -> Pem.parseCertificate("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 1: CERTIFICATE block is empty");
  }

  @Test
  void base64ThatIsNotACertificate() {
    String text = "-----BEGIN CERTIFICATE-----\n" + GARBAGE_DER + "\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificate(text))
        .isExactlyInstanceOf(PemException.class)
        .hasMessageStartingWith("input: line 1: CERTIFICATE block is not a valid X.509 certificate (")
        .message().doesNotContain("\n");
  }

  @Test
  void base64ThatIsNotAKey() {
    for (String label : List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")) {
      String text = "-----BEGIN " + label + "-----\n" + GARBAGE_DER + "\n-----END " + label + "-----\n";
      String format = label.equals("PRIVATE KEY") ? "PKCS#8" : label.startsWith("RSA") ? "PKCS#1 RSA" : "SEC1 EC";

      assertThatThrownBy(() -> Pem.parsePrivateKey(text, "k.pem"))
          .isExactlyInstanceOf(PemException.class)
          .hasMessageStartingWith("k.pem: line 1: " + label + " block is not a valid " + format + " private key (");
    }
    String pub = "-----BEGIN PUBLIC KEY-----\n" + GARBAGE_DER + "\n-----END PUBLIC KEY-----\n";
    assertThatThrownBy(() -> Pem.parsePublicKey(pub))
        .isExactlyInstanceOf(PemException.class)
        .hasMessageStartingWith("input: line 1: PUBLIC KEY block is not a valid public key (");
  }

  @Test
  void encryptedKeysAreRefusedWithAHint() {
    String pkcs8 = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + GARBAGE_DER + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
        + GARBAGE_DER + "\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pkcs8))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 1: ENCRYPTED PRIVATE KEY is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)");
    assertThatThrownBy(() -> Pem.parsePrivateKey(legacy))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage("input: line 1: RSA PRIVATE KEY is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)");
  }

  @Test
  void fileProblemsNameTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.crt");
    Path der = dir.resolve("ca.der");
    Files.write(der, EC_CA.certificate().getEncoded());

    assertThatThrownBy(() -> Pem.readCertificate(missing))
        .isExactlyInstanceOf(PemException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> Pem.readCertificate(der))
        .isExactlyInstanceOf(PemException.class)
        .hasMessageStartingWith(der + ": binary DER, not PEM text");
  }
}
