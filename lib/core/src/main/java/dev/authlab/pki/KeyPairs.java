package dev.authlab.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/** Generates the key pairs behind CAs, client certificates and CSRs. */
public final class KeyPairs {

  private KeyPairs() {}

  /** A fresh key pair. RSA keys of 3072 bits and more take a noticeable moment to generate. */
  public static KeyPair generate(KeyAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName(), Crypto.BC);
      if (algorithm.isRsa()) {
        generator.initialize(algorithm.bits(), new SecureRandom());
      } else {
        generator.initialize(new ECGenParameterSpec(algorithm.curve()), new SecureRandom());
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      // the provider is bundled and the parameters are fixed, so this is a broken installation
      throw new IllegalStateException("cannot generate a " + algorithm.displayName() + " key pair", e);
    }
  }

  /** Whether this private key belongs to this public key (such as a certificate's). */
  public static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(privateKey, "privateKey");
    return Crypto.matches(publicKey, privateKey);
  }
}
