package dev.authlab.authn.x509;

import static dev.authlab.authn.x509.TestPki.NOW;
import static dev.authlab.authn.x509.TestPki.certificate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.gofmt.GoTimes;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Go's Certificate.Verify semantics that kube-apiserver inherits, with Go's error texts. */
class ChainVerifierTest {

  private final TestPki.Issued root = TestPki.ca("Root CA");

  private static ChainVerifier.Verification verify(List<X509Certificate> roots, List<ExtKeyUsage> usages, Instant now, X509Certificate... presented) {
    return ChainVerifier.of(new VerifyOptions(roots, usages)).verify(Arrays.asList(presented), now);
  }

  private static ChainVerifier.Verification verifyClient(X509Certificate root, X509Certificate... presented) {
    return verify(List.of(root), List.of(ExtKeyUsage.CLIENT_AUTH), NOW, presented);
  }

  private static String rejected(ChainVerifier.Verification verification) {
    assertThat(verification).isInstanceOf(ChainVerifier.Rejected.class);
    return ((ChainVerifier.Rejected) verification).error();
  }

  private static List<List<X509Certificate>> chains(ChainVerifier.Verification verification) {
    assertThat(verification).as("%s", verification).isInstanceOf(ChainVerifier.Verified.class);
    return ((ChainVerifier.Verified) verification).chains();
  }

  @Nested
  class ExtendedKeyUsage {

    @Test
    void anIntermediateListingOnlyServerAuthForbidsClientLeaves() {
      TestPki.Issued intermediate = certificate("Server Issuing CA").ca().extKeyUsages(KeyPurposeId.id_kp_serverAuth).signedBy(root).build();
      TestPki.Issued leaf = TestPki.client(intermediate, "alice");
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate(), intermediate.certificate())))
          .isEqualTo("x509: certificate specifies an incompatible key usage");
    }

    @Test
    void anIntermediateWithAnyUsageDoesNotConstrain() {
      TestPki.Issued intermediate = certificate("Any CA").ca().extKeyUsages(KeyPurposeId.anyExtendedKeyUsage).signedBy(root).build();
      TestPki.Issued leaf = TestPki.client(intermediate, "alice");
      assertThat(chains(verifyClient(root.certificate(), leaf.certificate(), intermediate.certificate()))).hasSize(1);
    }

    @Test
    void aLeafListingOnlyUnknownUsagesIsIncompatible() {
      TestPki.Issued leaf = certificate("odd").unknownExtKeyUsages("1.2.3.4.5").signedBy(root).build();
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate()))).isEqualTo("x509: certificate specifies an incompatible key usage");
    }

    @Test
    void noRequestedUsageMeansServerAuthAndAnyAcceptsEverything() {
      TestPki.Issued client = TestPki.client(root, "alice");
      assertThat(rejected(verify(List.of(root.certificate()), List.of(), NOW, client.certificate())))
          .isEqualTo("x509: certificate specifies an incompatible key usage");
      assertThat(chains(verify(List.of(root.certificate()), List.of(ExtKeyUsage.ANY), NOW, client.certificate()))).hasSize(1);
    }

    @Test
    void netscapeServerGatedCryptoStillCountsAsServerAuth() {
      TestPki.Issued leaf = certificate("legacy").unknownExtKeyUsages("2.16.840.1.113730.4.1").signedBy(root).build();
      assertThat(chains(verify(List.of(root.certificate()), List.of(), NOW, leaf.certificate()))).hasSize(1);
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate()))).isEqualTo(ChainVerifier.INCOMPATIBLE_USAGE);
    }
  }

  @Nested
  class ChainBuilding {

    @Test
    void theSameIssuerReachedTwiceGivesTwoChainsAndUsageFiltersThem() {
      KeyPair intermediateKey = TestPki.ecKey();
      TestPki.Issued forServers = certificate("Issuing CA").key(intermediateKey).ca().extKeyUsages(KeyPurposeId.id_kp_serverAuth).signedBy(root).build();
      TestPki.Issued forClients = certificate("Issuing CA").key(intermediateKey).ca().extKeyUsages(KeyPurposeId.id_kp_clientAuth).signedBy(root).build();
      TestPki.Issued leaf = TestPki.client(forServers, "alice");
      List<List<X509Certificate>> all = chains(verify(List.of(root.certificate()), List.of(ExtKeyUsage.ANY), NOW,
          leaf.certificate(), forServers.certificate(), forClients.certificate()));
      assertThat(all).hasSize(2);
      List<List<X509Certificate>> client = chains(verifyClient(root.certificate(), leaf.certificate(), forServers.certificate(), forClients.certificate()));
      assertThat(client).containsExactly(List.of(leaf.certificate(), forClients.certificate(), root.certificate()));
    }

    @Test
    void aLeafThatIsItselfInTheBundleNeedsNoSignatureCheck() {
      TestPki.Issued selfSigned = certificate("alice").build();
      assertThat(chains(verifyClient(selfSigned.certificate(), selfSigned.certificate())))
          .containsExactly(List.of(selfSigned.certificate()));
    }

    @Test
    void aBundleCaWithTheRightNameButAnotherKeyGivesAHint() {
      TestPki.Issued impostor = TestPki.ca("Root CA");
      TestPki.Issued leaf = TestPki.client(impostor, "alice");
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate())))
          .isEqualTo("x509: certificate signed by unknown authority (possibly because of \"x509: ECDSA verification failure\" "
              + "while trying to verify candidate authority certificate \"Root CA\")");
    }

    @Test
    void anRsaSignatureFailureHasGosRsaText() {
      TestPki.Issued rsaRoot = certificate("RSA Root").key(TestPki.rsaKey(2048)).ca().build();
      TestPki.Issued impostor = certificate("RSA Root").key(TestPki.rsaKey(2048)).ca().build();
      TestPki.Issued leaf = TestPki.client(impostor, "alice");
      assertThat(rejected(verifyClient(rsaRoot.certificate(), leaf.certificate())))
          .isEqualTo("x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" "
              + "while trying to verify candidate authority certificate \"RSA Root\")");
    }

    @Test
    void theHintNamesTheOrganizationOrSerialWhenTheCaHasNoCommonName() {
      TestPki.Issued namelessRoot = certificate(null).organizations("Acme").ca().build();
      TestPki.Issued impostor = certificate(null).organizations("Acme").ca().build();
      TestPki.Issued leaf = TestPki.client(impostor, "alice");
      assertThat(rejected(verifyClient(namelessRoot.certificate(), leaf.certificate())))
          .endsWith("while trying to verify candidate authority certificate \"Acme\")");
    }

    @Test
    void aCaWithoutTheCaFlagCannotSign() {
      TestPki.Issued notCa = TestPki.client(root, "alice");
      TestPki.Issued leaf = TestPki.client(notCa, "bob");
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate(), notCa.certificate())))
          .isEqualTo("x509: certificate signed by unknown authority (possibly because of "
              + "\"x509: invalid signature: parent certificate cannot sign this kind of certificate\" while trying to verify candidate authority certificate \"alice\")");
    }

    @Test
    void aCaWhoseKeyUsageLacksCertSignCannotSign() {
      TestPki.Issued ca = certificate("Signing CA").ca().keyUsage(KeyUsage.digitalSignature).build();
      TestPki.Issued leaf = TestPki.client(ca, "alice");
      assertThat(rejected(verifyClient(ca.certificate(), leaf.certificate())))
          .contains("parent certificate cannot sign this kind of certificate");
    }

    @Test
    void aVersion3RootWithoutBasicConstraintsCannotSignButOtherKeyUsagesAreIgnored() {
      TestPki.Issued bare = certificate("Bare CA").noBasicConstraints().noKeyUsage().noExtKeyUsage().build();
      assertThat(rejected(verifyClient(bare.certificate(), TestPki.client(bare, "alice").certificate())))
          .contains("parent certificate cannot sign this kind of certificate");
      TestPki.Issued odd = certificate("Odd CA").ca().keyUsage(KeyUsage.keyCertSign | KeyUsage.encipherOnly).build();
      assertThat(chains(verifyClient(odd.certificate(), TestPki.client(odd, "alice").certificate()))).hasSize(1);
    }

    @Test
    void aVersion1RootMaySign() {
      TestPki.Issued v1 = certificate("V1 CA").version1().build();
      assertThat(chains(verifyClient(v1.certificate(), TestPki.client(v1, "alice").certificate()))).hasSize(1);
    }

    @Test
    void anExpiredRootReportsItsOwnExpiryRatherThanUnknownAuthority() {
      TestPki.Issued old = certificate("Old CA").ca().valid(NOW.minus(Duration.ofDays(800)), NOW.minus(Duration.ofDays(1))).build();
      TestPki.Issued leaf = TestPki.client(old, "alice");
      assertThat(rejected(verifyClient(old.certificate(), leaf.certificate())))
          .isEqualTo("x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is after "
              + GoTimes.rfc3339(old.certificate().getNotAfter().toInstant()));
    }

    @Test
    void anIntermediateMissingFromThePresentedChainIsUnknownAuthority() {
      TestPki.Issued intermediate = certificate("Intermediate").ca().signedBy(root).build();
      TestPki.Issued leaf = TestPki.client(intermediate, "alice");
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate()))).isEqualTo("x509: certificate signed by unknown authority");
    }

    @Test
    void pathLengthConstraintsCountIntermediates() {
      TestPki.Issued shortRoot = certificate("Short Root").caWithPathLength(0).build();
      TestPki.Issued intermediate = certificate("Intermediate").ca().signedBy(shortRoot).build();
      TestPki.Issued leaf = TestPki.client(intermediate, "alice");
      assertThat(rejected(verifyClient(shortRoot.certificate(), leaf.certificate(), intermediate.certificate())))
          .isEqualTo("x509: too many intermediates for path length constraint");
      assertThat(chains(verifyClient(shortRoot.certificate(), TestPki.client(shortRoot, "bob").certificate()))).hasSize(1);
    }

    @Test
    void sha1SignaturesAreRefused() {
      TestPki.Issued leaf = certificate("alice").signatureAlgorithm("SHA1withECDSA").signedBy(root).build();
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate())))
          .isEqualTo("x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm ECDSA-SHA1\" "
              + "while trying to verify candidate authority certificate \"Root CA\")");
    }

    @Test
    void anUnhandledCriticalExtensionRejectsTheLeaf() {
      TestPki.Issued leaf = certificate("alice").criticalExtension("1.2.3.4.5.6").signedBy(root).build();
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate()))).isEqualTo("x509: unhandled critical extension");
    }

    @Test
    void aNotYetValidLeafIsReportedBeforeAnythingElse() {
      TestPki.Issued other = TestPki.ca("Other");
      TestPki.Issued leaf = certificate("alice").valid(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z")).signedBy(other).build();
      assertThat(rejected(verifyClient(root.certificate(), leaf.certificate())))
          .isEqualTo("x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is before 2030-01-01T00:00:00Z");
    }

    @Test
    void theBoundariesOfTheValidityWindowAreInclusive() {
      Instant from = Instant.parse("2025-01-01T00:00:00Z");
      Instant until = Instant.parse("2026-01-01T00:00:00Z");
      TestPki.Issued wideRoot = certificate("Wide Root").ca().valid(from.minusSeconds(10), until.plusSeconds(10)).build();
      TestPki.Issued edge = certificate("edge").valid(from, until).signedBy(wideRoot).build();
      assertThat(verify(List.of(wideRoot.certificate()), List.of(ExtKeyUsage.CLIENT_AUTH), until, edge.certificate())).isInstanceOf(ChainVerifier.Verified.class);
      assertThat(verify(List.of(wideRoot.certificate()), List.of(ExtKeyUsage.CLIENT_AUTH), from, edge.certificate())).isInstanceOf(ChainVerifier.Verified.class);
      assertThat(rejected(verify(List.of(wideRoot.certificate()), List.of(ExtKeyUsage.CLIENT_AUTH), until.plusMillis(1), edge.certificate())))
          .isEqualTo("x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2026-01-01T00:00:00Z");
    }
  }

  @Nested
  class NameConstraintChecks {

    private TestPki.Issued constrainedRoot(GeneralSubtree[] permitted, GeneralSubtree[] excluded) {
      return certificate("Constrained Root").ca().nameConstraints(new NameConstraints(permitted, excluded)).build();
    }

    @Test
    void aDnsNameOutsideThePermittedSubtreeIsRefused() {
      TestPki.Issued ca = constrainedRoot(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName, ".example.com"))}, null);
      TestPki.Issued inside = certificate("alice").dnsNames("alice.example.com").signedBy(ca).build();
      TestPki.Issued outside = certificate("mallory").dnsNames("evil.org").signedBy(ca).build();
      TestPki.Issued noSan = certificate("bob").signedBy(ca).build();
      assertThat(chains(verifyClient(ca.certificate(), inside.certificate()))).hasSize(1);
      assertThat(chains(verifyClient(ca.certificate(), noSan.certificate()))).hasSize(1);
      assertThat(rejected(verifyClient(ca.certificate(), outside.certificate())))
          .isEqualTo("x509: a root or intermediate certificate is not authorized to sign for this name: DNS name \"evil.org\" is not permitted by any constraint");
    }

    @Test
    void anExcludedIpRangeIsRefused() {
      TestPki.Issued ca = constrainedRoot(null, new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.iPAddress, "10.0.0.0/8"))});
      TestPki.Issued leaf = certificate("node").ipAddresses("10.1.2.3").signedBy(ca).build();
      assertThat(rejected(verifyClient(ca.certificate(), leaf.certificate())))
          .isEqualTo("x509: a root or intermediate certificate is not authorized to sign for this name: IP address \"10.1.2.3\" is excluded by constraint \"10.0.0.0/8\"");
    }

    @Test
    void directoryNameConstraintsAreUnhandledCriticalExtensions() {
      TestPki.Issued ca = constrainedRoot(
          new GeneralSubtree[] {new GeneralSubtree(new GeneralName(new org.bouncycastle.asn1.x500.X500Name("CN=x")))}, null);
      TestPki.Issued leaf = TestPki.client(ca, "alice");
      assertThat(rejected(verifyClient(ca.certificate(), leaf.certificate())))
          .isEqualTo("x509: unhandled critical extension");
    }
  }
}
