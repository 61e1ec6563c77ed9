package dev.authlab.labs.lab11_new_joiner;

import java.security.KeyPair;
import java.util.List;

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
    // TODO(lab 11): build the subject, sign the request with the private key, encode it as PEM
    throw new UnsupportedOperationException("TODO(lab 11): JoinerCsr.csrPem is not written yet");
  }
}
