package dev.authlab.authn.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes PEM CA bundles the way kube-apiserver reads {@code --client-ca-file} and
 * {@code --requestheader-client-ca-file} (client-go's {@code cert.ParseCertsPEM}): every
 * {@code CERTIFICATE} block without PEM headers is a CA, other blocks and text around them are
 * skipped, a bundle without any certificate is an error.
 */
public final class CaBundle {

  /** client-go's error for a bundle without certificates. */
  public static final String NO_CERTIFICATES = "data does not contain any valid RSA or ECDSA certificates";

  private static final Pattern BLOCK = Pattern.compile(
      "(?:^|\\n)-----BEGIN ([^\\r\\n]*?)-----\\r?\\n(.*?)(?:^|\\n)-----END \\1-----", Pattern.DOTALL | Pattern.MULTILINE);

  private CaBundle() {}

  /** Parses a PEM bundle; {@code source} names it in error messages (a file name, or a description). */
  public static List<X509Certificate> parse(String pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(pem.replace("\r\n", "\n"));
    int index = 0;
    while (matcher.find()) {
      index++;
      if (!matcher.group(1).equals("CERTIFICATE")) {
        continue;
      }
      String body = matcher.group(2);
      int blank = body.indexOf("\n\n");
      String firstLine = body.lines().findFirst().orElse("");
      if (firstLine.contains(":")) {
        continue; // PEM headers: client-go skips such blocks
      }
      if (blank >= 0 && body.substring(0, blank).contains(":")) {
        continue;
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(body.strip());
      } catch (IllegalArgumentException e) {
        continue; // Go's pem.Decode does not return a block it cannot decode
      }
      try {
        certificates.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException e) {
        throw new IllegalArgumentException(source + ": PEM block " + index + " is not a valid X.509 certificate: " + oneLine(e.getMessage()));
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + NO_CERTIFICATES);
    }
    return List.copyOf(certificates);
  }

  /** Reads a PEM bundle file; errors name the file. */
  public static List<X509Certificate> read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0) {
        throw new IllegalArgumentException(file + ": the CA bundle file is empty");
      }
      return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** PEM text for the certificates, one {@code CERTIFICATE} block each, 64-character lines. */
  public static String encode(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
    for (X509Certificate certificate : certificates) {
      try {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(encoder.encodeToString(certificate.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("a certificate cannot be encoded: " + oneLine(e.getMessage()), e);
      }
    }
    return pem.toString();
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s+", " ").strip();
  }
}
