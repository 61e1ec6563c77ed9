package dev.authlab.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Reads and writes the PEM files Kubernetes uses: certificates and bundles ({@code CERTIFICATE}),
 * private keys, public keys ({@code PUBLIC KEY}, as {@code sa.pub}) and CSRs ({@code CERTIFICATE REQUEST}).
 *
 * <p>Private keys are written as PKCS#8 ({@code PRIVATE KEY}). Reading also takes the formats kubeadm
 * and openssl write: PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}, possibly after
 * an {@code EC PARAMETERS} block). Text outside the blocks is ignored, as Go's {@code pem.Decode}
 * ignores it, so {@code openssl x509 -text} output can be read as is.
 *
 * <p>Bad input is a {@link PemException} naming the source: the file name for {@code read*}, the
 * {@code source} argument, or {@code input}.
 */
public final class Pem {

  /** The source name used when text is passed in without one. */
  public static final String INPUT = "input";

  static final String CERTIFICATE = "CERTIFICATE";
  static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
  static final String PRIVATE_KEY = "PRIVATE KEY";
  static final String PUBLIC_KEY = "PUBLIC KEY";
  private static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
  private static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
  private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
  private static final String RSA_PUBLIC_KEY = "RSA PUBLIC KEY";
  // written by old openssl versions and Windows tools
  private static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";

  private static final Set<String> PRIVATE_KEYS =
      Set.of(PRIVATE_KEY, RSA_PRIVATE_KEY, EC_PRIVATE_KEY, ENCRYPTED_PRIVATE_KEY);
  private static final Set<String> PUBLIC_KEYS = Set.of(PUBLIC_KEY, RSA_PUBLIC_KEY);
  private static final Set<String> CSRS = Set.of(CERTIFICATE_REQUEST, NEW_CERTIFICATE_REQUEST);

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^-]*)-----");
  private static final Pattern END = Pattern.compile("-----END ([^-]*)-----");
  private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9-]+):\\s*(.*)");
  private static final int LINE_LENGTH = 64;
  private static final byte DER_SEQUENCE = 0x30;

  private Pem() {}

  // ---- certificates

  /** The first certificate in the text (the leaf, when it is a chain). */
  public static X509Certificate parseCertificate(String pem) {
    return parseCertificate(pem, INPUT);
  }

  public static X509Certificate parseCertificate(String pem, String source) {
    return parseCertificates(pem, source).get(0);
  }

  public static X509Certificate readCertificate(Path file) {
    return parseCertificate(readText(file), file.toString());
  }

  /** Every certificate in the text, in order: a bundle such as {@code ca.crt}, or a chain. Never empty. */
  public static List<X509Certificate> parseCertificates(String pem) {
    return parseCertificates(pem, INPUT);
  }

  public static List<X509Certificate> parseCertificates(String pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Block block : blocksLabelled(pem, source, Set.of(CERTIFICATE), CERTIFICATE)) {
      certificates.add(toCertificate(block, source));
    }
    return List.copyOf(certificates);
  }

  public static List<X509Certificate> readCertificates(Path file) {
    return parseCertificates(readText(file), file.toString());
  }

  // ---- private keys

  /** The first private key in the text: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted. */
  public static PrivateKey parsePrivateKey(String pem) {
    return parsePrivateKey(pem, INPUT);
  }

  public static PrivateKey parsePrivateKey(String pem, String source) {
    Block block = blocksLabelled(pem, source, PRIVATE_KEYS, PRIVATE_KEY).get(0);
    return toPrivateKey(block, source);
  }

  public static PrivateKey readPrivateKey(Path file) {
    return parsePrivateKey(readText(file), file.toString());
  }

  // ---- public keys

  /** The first public key in the text: {@code PUBLIC KEY} (SubjectPublicKeyInfo) or PKCS#1 {@code RSA PUBLIC KEY}. */
  public static PublicKey parsePublicKey(String pem) {
    return parsePublicKey(pem, INPUT);
  }

  public static PublicKey parsePublicKey(String pem, String source) {
    Block block = blocksLabelled(pem, source, PUBLIC_KEYS, PUBLIC_KEY).get(0);
    return toPublicKey(block, source);
  }

  public static PublicKey readPublicKey(Path file) {
    return parsePublicKey(readText(file), file.toString());
  }

  // ---- certificate signing requests

  /** The first certificate signing request in the text. */
  public static Csr parseCsr(String pem) {
    return parseCsr(pem, INPUT);
  }

  public static Csr parseCsr(String pem, String source) {
    Block block = blocksLabelled(pem, source, CSRS, CERTIFICATE_REQUEST).get(0);
    PKCS10CertificationRequest request;
    try {
      request = new PKCS10CertificationRequest(block.der());
    } catch (IOException | RuntimeException e) {
      throw invalid(source, block, "is not a valid PKCS#10 certificate request", e);
    }
    return Csr.of(request, source, block.where() + ": ");
  }

  public static Csr readCsr(Path file) {
    return parseCsr(readText(file), file.toString());
  }

  // ---- writing

  public static String encode(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    try {
      return block(CERTIFICATE, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** The certificates one after another, as in a CA bundle or a chain (leaf first). */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      out.append(encode(certificate));
    }
    return out.toString();
  }

  /** PKCS#8 ({@code PRIVATE KEY}), what kubeadm writes since 1.x and what every TLS stack reads. */
  public static String encode(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    return block(PRIVATE_KEY, encoded(key.getEncoded(), "private key"));
  }

  /** SubjectPublicKeyInfo ({@code PUBLIC KEY}), as kubeadm writes {@code sa.pub}. */
  public static String encode(PublicKey key) {
    Objects.requireNonNull(key, "key");
    return block(PUBLIC_KEY, encoded(key.getEncoded(), "public key"));
  }

  public static String encode(Csr csr) {
    return csr.toPem();
  }

  /** Writes PEM text with the default permissions, creating parent directories. */
  public static void write(Path file, String pem) {
    Objects.requireNonNull(pem, "pem");
    try {
      createParents(file);
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + reason(e), e);
    }
  }

  /**
   * Writes a secret (a private key) readable by its owner only (mode 0600) where the file system has
   * POSIX permissions. The mode is set before the content is written, also on an existing file.
   */
  public static void writePrivate(Path file, String pem) {
    Objects.requireNonNull(pem, "pem");
    try {
      createParents(file);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (FileAlreadyExistsException e) {
          Files.setPosixFilePermissions(file, ownerOnly);
        }
      }
      Files.writeString(file, pem, StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write: " + reason(e), e);
    }
  }

  // ---- encoding

  static String block(String label, byte[] der) {
    String body = Base64.getMimeEncoder(LINE_LENGTH, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static byte[] encoded(byte[] encoded, String what) {
    if (encoded == null) {
      throw new IllegalArgumentException("this " + what + " has no encoded form (a hardware key?)");
    }
    return encoded;
  }

  // ---- decoding

  /** One PEM block: its label, RFC 1421 headers (such as Proc-Type), content and first line. */
  record Block(String label, Map<String, String> headers, byte[] der, int line) {
    String where() {
      return "line " + line;
    }
  }

  /** The blocks with one of these labels, in order; a problem if there are none. */
  private static List<Block> blocksLabelled(String text, String source, Set<String> labels, String expected) {
    Objects.requireNonNull(text, "pem");
    Objects.requireNonNull(source, "source");
    List<Block> all = blocks(text, source);
    List<Block> wanted = new ArrayList<>();
    Set<String> others = new LinkedHashSet<>();
    for (Block block : all) {
      if (labels.contains(block.label())) {
        wanted.add(block);
      } else {
        others.add(block.label());
      }
    }
    if (wanted.isEmpty()) {
      if (all.isEmpty()) {
        throw new PemException(source, text.isBlank()
            ? "empty, expected a " + expected + " block"
            : "no PEM data found (no -----BEGIN line), expected a " + expected + " block");
      }
      throw new PemException(source, "no " + expected + " block found, only " + String.join(", ", others));
    }
    return wanted;
  }

  /** Splits text into PEM blocks; lines outside blocks are skipped. */
  static List<Block> blocks(String text, String source) {
    String[] lines = text.split("\\R", -1);
    List<Block> blocks = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      Matcher begin = BEGIN.matcher(lines[i].strip());
      if (!begin.matches()) {
        i++;
        continue;
      }
      String label = begin.group(1);
      int beginLine = i + 1;
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      boolean ended = false;
      for (i++; i < lines.length && !ended; i++) {
        String line = lines[i].strip();
        Matcher end = END.matcher(line);
        Matcher header = HEADER.matcher(line);
        if (end.matches()) {
          if (!end.group(1).equals(label)) {
            throw new PemException(source, "line " + (i + 1) + ": BEGIN " + label + " (line " + beginLine
                + ") is closed by END " + end.group(1));
          }
          ended = true;
        } else if (line.startsWith("-----BEGIN ")) {
          throw new PemException(source, "line " + beginLine + ": BEGIN " + label + " has no END line before the next BEGIN");
        } else if (body.length() == 0 && header.matches()) {
          headers.put(header.group(1), header.group(2));
        } else {
          body.append(line);
        }
      }
      if (!ended) {
        throw new PemException(source, "line " + beginLine + ": BEGIN " + label + " has no END line");
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body.toString());
      } catch (IllegalArgumentException e) {
        throw new PemException(source, "line " + beginLine + ": " + label + " block is not valid base64", e);
      }
      if (der.length == 0) {
        throw new PemException(source, "line " + beginLine + ": " + label + " block is empty");
      }
      blocks.add(new Block(label, Map.copyOf(headers), der, beginLine));
    }
    return blocks;
  }

  private static X509Certificate toCertificate(Block block, String source) {
    try {
      // the JDK's factory, so the result works with the JDK's PKIX validator and TLS stack as is
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(block.der()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid(source, block, "is not a valid X.509 certificate", e);
    }
  }

  private static PrivateKey toPrivateKey(Block block, String source) {
    if (block.label().equals(ENCRYPTED_PRIVATE_KEY) || block.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
      throw new PemException(source, block.where() + ": " + block.label()
          + " is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)");
    }
    String format = switch (block.label()) {
      case RSA_PRIVATE_KEY -> "a valid PKCS#1 RSA private key";
      case EC_PRIVATE_KEY -> "a valid SEC1 EC private key";
      default -> "a valid PKCS#8 private key";
    };
    PrivateKeyInfo info;
    // Bouncy Castle's ASN.1 classes report malformed input with assorted runtime exceptions
    // (IllegalArgumentException, ClassCastException, ASN1ParsingException): all mean "not that structure"
    try {
      info = privateKeyInfo(block);
    } catch (IOException | RuntimeException e) {
      throw invalid(source, block, "is not " + format, e);
    }
    try {
      return new JcaPEMKeyConverter().setProvider(Crypto.BC).getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw invalid(source, block, "holds a key this kit cannot use", e);
    }
  }

  /** Any of the three private key formats as PKCS#8's structure. */
  private static PrivateKeyInfo privateKeyInfo(Block block) throws IOException {
    ASN1Primitive asn1 = ASN1Primitive.fromByteArray(block.der());
    switch (block.label()) {
      case RSA_PRIVATE_KEY -> {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(asn1);
        return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
      }
      case EC_PRIVATE_KEY -> {
        ECPrivateKey ec = ECPrivateKey.getInstance(asn1);
        if (ec.getParametersObject() == null) {
          // openssl always writes the curve; without it the key cannot be used
          throw new IllegalArgumentException("the key does not name its curve");
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
      }
      default -> {
        return PrivateKeyInfo.getInstance(asn1);
      }
    }
  }

  private static PublicKey toPublicKey(Block block, String source) {
    try {
      SubjectPublicKeyInfo info = block.label().equals(RSA_PUBLIC_KEY)
          ? new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
              RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(block.der())))
          : SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(block.der()));
      return new JcaPEMKeyConverter().setProvider(Crypto.BC).getPublicKey(info);
    } catch (IOException | RuntimeException e) {
      throw invalid(source, block, "is not a valid public key", e);
    }
  }

  private static PemException invalid(String source, Block block, String problem, Throwable cause) {
    String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new PemException(source, block.where() + ": " + block.label() + " block " + problem + " (" + detail + ")", cause);
  }

  // ---- files

  /** The file as text; binary DER gets its own message, as it is the common mistake. */
  static String readText(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PemException(file.toString(), reason(e), e);
    }
    // DER starts with a SEQUENCE tag and, for anything as long as a certificate or key, a long-form
    // length byte (0x81..0x84); text that happens to start with '0' is not followed by such a byte
    if (bytes.length > 1 && bytes[0] == DER_SEQUENCE && (bytes[1] & 0xff) > 0x80 && (bytes[1] & 0xff) <= 0x84) {
      throw new PemException(file.toString(),
          "binary DER, not PEM text; convert it first (openssl x509 -inform der -in FILE -out FILE.pem)");
    }
    // PEM is ASCII; anything else can only be in text around the blocks, which is skipped
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static void createParents(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
