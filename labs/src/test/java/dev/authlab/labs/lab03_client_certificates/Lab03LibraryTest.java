package dev.authlab.labs.lab03_client_certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import dev.authlab.authn.x509.ClientCaConfig;
import dev.authlab.labs.support.OwnWork;
import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateInfo;
import dev.authlab.pki.Csr;
import dev.authlab.pki.ExtendedKeyUsage;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.KeyUsage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 03 against the library: the certificates your {@link ClientCertificateIssuer} makes must log in
 * with the kit's x509 authenticator (kube-apiserver's {@code --client-ca-file} check) as the right user
 * and groups, look like a proper client certificate, and be refused when they should be.
 */
@Tag("library")
class Lab03LibraryTest {

  static final CertificateAuthority CA = CertificateAuthority.selfSigned("lab03-client-ca", KeyAlgorithm.ECDSA_P256);
  static final KeyPair MARIA = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);

  @Test
  @DisplayName("the certificate logs in as the user (CN) with the groups (O), in order")
  void issuedCertificateLogsInAsTheUser() {
    yourOwnIssuer();
    ClientCertificateIssuer issuer = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.systemUTC());
    X509Certificate maria = issuer.issue(MARIA.getPublic(), "maria", List.of("dev", "ops"), Duration.ofDays(1));
    assertThat(userOf(maria)).as("who the API server's x509 check says maria's certificate is")
        .isEqualTo(new UserInfo("maria", "", List.of("dev", "ops"), Map.of()));
    X509Certificate bot = issuer.issue(MARIA.getPublic(), "ci-bot", List.of(), Duration.ofHours(1));
    assertThat(userOf(bot)).as("who the API server's x509 check says a certificate with no groups is")
        .isEqualTo(new UserInfo("ci-bot", "", List.of(), Map.of()));
  }

  @Test
  @DisplayName("the certificate is a client certificate: clientAuth, digitalSignature, not a CA, issued and signed by the CA, for the given key")
  void certificateIsForClientAuthentication() throws Exception {
    yourOwnIssuer();
    X509Certificate maria = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.systemUTC())
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    CertificateInfo info = CertificateInfo.of(maria);
    assertThat(info.extendedKeyUsages()).as("extended key usages").containsExactly(ExtendedKeyUsage.CLIENT_AUTH);
    assertThat(info.otherExtendedKeyUsages()).as("other extended key usages").isEmpty();
    assertThat(info.keyUsages()).as("key usages").contains(KeyUsage.DIGITAL_SIGNATURE).doesNotContain(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN);
    assertThat(maria.getBasicConstraints()).as("basic constraints (-1: not a CA)").isEqualTo(-1);
    assertThat(maria.getCriticalExtensionOIDs()).as("critical extensions (basic constraints must be one)").contains("2.5.29.19");
    assertThat(info.issuer()).as("the issuer is the CA's subject").isEqualTo(CA.info().subject());
    assertThat(maria.getPublicKey()).as("the certificate's key is the one it was issued for").isEqualTo(MARIA.getPublic());
    assertThat(maria.getSerialNumber().signum()).as("the serial number is positive").isPositive();
    assertThat(maria.getSerialNumber().bitLength()).as("bits in the serial number (a random one has about 128; a clock reading has far fewer)")
        .isGreaterThanOrEqualTo(64);
    maria.verify(CA.certificate().getPublicKey()); // throws unless the CA's key signed it
    X509Certificate again = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.systemUTC())
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    assertThat(again.getSerialNumber()).as("two certificates get different serial numbers").isNotEqualTo(maria.getSerialNumber());

    KeyPair intermediateKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate intermediate = intermediateCa(CA, intermediateKeys);
    X509Certificate fromIntermediate = new ClientCertificateIssuer(intermediate, intermediateKeys.getPrivate(), Clock.systemUTC())
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    assertThat(CertificateInfo.of(fromIntermediate).issuer())
        .as("the issuer of a certificate from an intermediate CA (whose own issuer is %s) is the intermediate's subject", CertificateInfo.of(intermediate).issuer())
        .isEqualTo(CertificateInfo.of(intermediate).subject());
    fromIntermediate.verify(intermediateKeys.getPublic()); // throws unless the intermediate's key signed it
  }

  @Test
  @DisplayName("the certificate is valid from the issuer's now (a few minutes earlier at most) until now + the lifetime")
  void validityFollowsTheClockAndLifetime() {
    yourOwnIssuer();
    Instant now = Instant.parse("2031-03-14T09:26:53Z");
    X509Certificate maria = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.fixed(now, ZoneOffset.UTC))
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofHours(8));
    Instant notBefore = maria.getNotBefore().toInstant();
    Instant notAfter = maria.getNotAfter().toInstant();
    assertThat(notBefore).as("not before (the issuer's clock says %s)", now).isBetween(now.minus(Duration.ofMinutes(15)), now);
    assertThat(notAfter).as("not after (the issuer's clock says %s, the lifetime is 8 hours)", now)
        .isBetween(now.plus(Duration.ofHours(8)).minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(8)));
  }

  @Test
  @DisplayName("signs a certificate signing request for the key and subject it carries, and refuses one whose signature does not verify")
  void signsRequestsAndRefusesForgedOnes() {
    yourOwnIssuer();
    ClientCertificateIssuer issuer = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.systemUTC());
    KeyPair li = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    Csr request = Csr.create(li, "li", "qa", "dev");
    X509Certificate signed = issuer.sign(request, Duration.ofDays(1));
    assertThat(signed.getPublicKey()).as("the signed certificate's key is the request's").isEqualTo(li.getPublic());
    assertThat(userOf(signed)).as("who the API server says the signed certificate is").isEqualTo(new UserInfo("li", "", List.of("qa", "dev"), Map.of()));

    for (Csr forged : List.of(withBrokenSignature(Csr.create(li, "li", "system:masters")), withBrokenSignature(Csr.create(li, "li", "qa")))) {
      assertThat(forged.isSignatureValid()).as("the forged request's signature verifies").isFalse();
      Throwable thrown = catchThrowable(() -> issuer.sign(forged, Duration.ofDays(1)));
      assertThat(thrown)
          .withFailMessage("signing a request for %s whose signature does not verify: expected an IllegalArgumentException, got %s",
              forged.subject(), thrown == null ? "a signed certificate" : thrown)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  @DisplayName("a certificate from another CA, or an expired one, is refused; one from the trusted CA is not")
  void rejectedWhenFromAnotherCaOrExpired() {
    yourOwnIssuer();
    X509Certificate good = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), Clock.systemUTC())
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    assertThat(present(good)).as("maria's certificate from the trusted CA").isInstanceOf(AuthnResult.Authenticated.class);

    CertificateAuthority other = CertificateAuthority.selfSigned("lab03-someone-elses-ca", KeyAlgorithm.ECDSA_P256);
    X509Certificate forged = new ClientCertificateIssuer(other.certificate(), other.privateKey(), Clock.systemUTC())
        .issue(MARIA.getPublic(), "maria", List.of("system:masters"), Duration.ofDays(1));
    assertThat(present(forged)).as("a certificate from another CA (a 401, not anonymous)").isInstanceOf(AuthnResult.Failed.class);

    Clock tenDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-10));
    X509Certificate expired = new ClientCertificateIssuer(CA.certificate(), CA.privateKey(), tenDaysAgo)
        .issue(MARIA.getPublic(), "maria", List.of("dev"), Duration.ofDays(1));
    assertThat(present(expired)).as("a certificate that expired nine days ago").isInstanceOf(AuthnResult.Failed.class);
  }

  // ---- the reader's own work: the kit's CA is what the certificates are compared with

  static void yourOwnIssuer() {
    OwnWork.assertDoesNotUse(ClientCertificateIssuer.class,
        "build the certificate yourself with Bouncy Castle; the kit's CertificateAuthority is what yours is compared with",
        "dev/authlab/pki/CertificateAuthority", "dev.authlab.pki.CertificateAuthority", "dev/authlab/pki/CertificateSpec", "dev.authlab.pki.CertificateSpec");
  }

  /** A CA certificate signed by {@code root}: its issuer is the root's subject, its subject its own. */
  private static X509Certificate intermediateCa(CertificateAuthority root, KeyPair keys) {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=lab03-intermediate-ca"), keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true,
          new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.privateKey())));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the intermediate CA: " + e.getMessage(), e);
    }
  }

  // ---- the oracle: kube-apiserver's --client-ca-file check, as the kit implements it

  private static AuthnResult present(X509Certificate certificate) {
    return ClientCaConfig.of(List.of(CA.certificate())).authenticator(Clock.systemUTC())
        .authenticate(AuthenticationRequest.get("/api/v1/namespaces/team-a/pods").withClientCertificates(List.of(certificate)));
  }

  private static UserInfo userOf(X509Certificate certificate) {
    AuthnResult result = present(certificate);
    assertThat(result).as("the API server's x509 check of your certificate (%s)", result.trace().lines()).isInstanceOf(AuthnResult.Authenticated.class);
    // the extra credential-id (a hash of the certificate) is the API server's, not the certificate's content
    UserInfo user = ((AuthnResult.Authenticated) result).user();
    return new UserInfo(user.name(), user.uid(), user.groups(), Map.of());
  }

  /** The same request with one bit of its signature flipped: well-formed, but the signature no longer verifies. */
  private static Csr withBrokenSignature(Csr request) {
    byte[] der = request.encoded().clone();
    der[der.length - 1] ^= 0x01;
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Csr.fromPem("-----BEGIN CERTIFICATE REQUEST-----\n" + body + "\n-----END CERTIFICATE REQUEST-----\n");
  }
}
