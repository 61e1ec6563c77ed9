package dev.authlab.labs.lab11_new_joiner;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Step 1: the joiner's certificate signing request, what
 * {@code openssl req -new -key amara.key -subj "/CN=amara/O=payments-devs"} prints.
 */
public final class JoinerCsr {

  private JoinerCsr() {}

  /**
   * A PKCS#10 request, PEM-encoded ({@code -----BEGIN CERTIFICATE REQUEST-----}), for the key pair's
   * public key, signed with its private key (that signature proves the sender holds the key). The
   * subject is {@code CN=user}, then one {@code O=group} per group, in order: the API server takes
   * the CN as the user name and each O as a group.
   *
   * <p>Write it with Bouncy Castle: {@code JcaPKCS10CertificationRequestBuilder} with an
   * {@code X500Name} from {@code X500NameBuilder(BCStyle.INSTANCE)}, signed by a
   * {@code JcaContentSignerBuilder} ("SHA256withECDSA" for the EC keys the tests use, "SHA256withRSA"
   * for RSA), and {@code JcaPEMWriter} (from {@code org.bouncycastle.openssl.jcajce}) for the PEM.
   * ({@code dev.authlab.pki.Csr} does all of this; look at it once yours works.)
   */
  public static String csrPem(KeyPair keyPair, String user, List<String> groups) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, user);
    for (String group : groups) {
      subject.addRDN(BCStyle.O, group);
    }
    String algorithm = keyPair.getPrivate().getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject.build(), keyPair.getPublic())
          .build(new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate()));
      StringWriter pem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
        writer.writeObject(request);
      }
      return pem.toString();
    } catch (OperatorCreationException e) {
      throw new IllegalArgumentException("cannot sign with this " + keyPair.getPrivate().getAlgorithm() + " key", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
