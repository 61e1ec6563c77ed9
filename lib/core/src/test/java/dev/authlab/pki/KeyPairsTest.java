package dev.authlab.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPairsTest {

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void generatesTheRequestedKind(KeyAlgorithm algorithm) {
    KeyPair keyPair = KeyPairs.generate(algorithm);

    if (algorithm.isRsa()) {
      assertThat(keyPair.getPublic()).isInstanceOf(RSAPublicKey.class);
      assertThat(((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()).isEqualTo(algorithm.bits());
    } else {
      assertThat(keyPair.getPublic()).isInstanceOf(ECPublicKey.class);
      assertThat(((ECPublicKey) keyPair.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(algorithm.bits());
    }
    assertThat(KeyAlgorithm.of(keyPair.getPublic())).contains(algorithm);
    assertThat(KeyPairs.matches(keyPair.getPublic(), keyPair.getPrivate())).isTrue();
  }

  @Test
  void keysFromDifferentPairsDoNotMatch() {
    KeyPair a = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    KeyPair b = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    KeyPair rsa = KeyPairs.generate(KeyAlgorithm.RSA_2048);

    assertThat(KeyPairs.matches(a.getPublic(), b.getPrivate())).isFalse();
    assertThat(KeyPairs.matches(a.getPublic(), rsa.getPrivate())).isFalse();
    assertThat(KeyPairs.matches(rsa.getPublic(), a.getPrivate())).isFalse();
  }

  @Test
  void namesFollowKubeadm() {
    assertThat(KeyAlgorithm.ECDSA_P256.kubeadmName()).isEqualTo("ECDSA-P256");
    assertThat(KeyAlgorithm.RSA_3072.displayName()).isEqualTo("RSA 3072");
    assertThat(KeyAlgorithm.DEFAULT).isEqualTo(KeyAlgorithm.RSA_2048);
  }
}
