package dev.authlab.authn.x509;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates built with Bouncy Castle, plus the upstream fixtures under test resources. */
public final class TestPki {

  /** The fixed "now" of these tests. */
  public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private TestPki() {}

  public static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  public static Clock clock() {
    return clockAt(NOW);
  }

  /** A certificate and the key pair behind it. */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {}

  /** One of the upstream x509_test.go certificates (see the README next to them). */
  public static X509Certificate upstream(String name) {
    try (InputStream in = TestPki.class.getResourceAsStream(name + ".pem")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return CaBundle.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static KeyPair ecKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsaKey(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed CA, valid a year around {@link #NOW}. */
  public static Issued ca(String commonName) {
    return certificate(commonName).ca().build();
  }

  /** A client certificate (clientAuth EKU) for {@code commonName} in {@code organizations}, signed by {@code issuer}. */
  public static Issued client(Issued issuer, String commonName, String... organizations) {
    return certificate(commonName).organizations(organizations).signedBy(issuer).build();
  }

  public static Builder certificate(String commonName) {
    return new Builder(commonName);
  }

  /** A certificate under construction; defaults: a client certificate valid from an hour before NOW for a year. */
  public static final class Builder {
    private final List<String[]> attributes = new ArrayList<>();
    private final List<Object[]> rawAttributes = new ArrayList<>();
    private Optional<X500Name> subject = Optional.empty();
    private KeyPair keyPair;
    private Optional<Issued> issuer = Optional.empty();
    private Instant notBefore = NOW.minus(Duration.ofHours(1));
    private Instant notAfter = NOW.plus(Duration.ofDays(365));
    private BigInteger serial = BigInteger.valueOf(System.nanoTime() & 0x7fffffffffffL);
    private Optional<BasicConstraints> basicConstraints = Optional.of(new BasicConstraints(false));
    private boolean basicConstraintsCritical = true;
    private Optional<Integer> keyUsage = Optional.of(KeyUsage.digitalSignature | KeyUsage.keyEncipherment);
    private Optional<List<KeyPurposeId>> extKeyUsages = Optional.of(List.of(KeyPurposeId.id_kp_clientAuth));
    private List<ASN1ObjectIdentifier> rawExtKeyUsages = List.of();
    private boolean subjectKeyId = true;
    private boolean authorityKeyId = true;
    private List<GeneralName> subjectAltNames = List.of();
    private Optional<NameConstraints> nameConstraints = Optional.empty();
    private Optional<String> signatureAlgorithm = Optional.empty();
    private Optional<ASN1ObjectIdentifier> criticalExtension = Optional.empty();
    private boolean version1;

    Builder(String commonName) {
      if (commonName != null) {
        attributes.add(new String[] {"CN", commonName});
      }
    }

    /** Adds an organization (O) per name, in order, before the other attributes (each one is a group). */
    public Builder organizations(String... organizations) {
      int at = 0;
      while (at < attributes.size() && attributes.get(at)[0].equals("O")) {
        at++;
      }
      for (String o : organizations) {
        attributes.add(at++, new String[] {"O", o});
      }
      return this;
    }

    /** Adds one more attribute after those so far: CN, O, or an OID with a UTF8String value. */
    public Builder attribute(String type, String value) {
      attributes.add(new String[] {type, value});
      return this;
    }

    /** Adds an attribute with an arbitrary ASN.1 value (e.g. a non-string UID). */
    public Builder rawAttribute(String oid, ASN1Encodable value) {
      rawAttributes.add(new Object[] {oid, value});
      return this;
    }

    public Builder subject(X500Name name) {
      this.subject = Optional.of(name);
      return this;
    }

    public Builder key(KeyPair pair) {
      this.keyPair = pair;
      return this;
    }

    public Builder signedBy(Issued ca) {
      this.issuer = Optional.of(ca);
      return this;
    }

    public Builder valid(Instant from, Instant until) {
      this.notBefore = from;
      this.notAfter = until;
      return this;
    }

    public Builder serial(long value) {
      this.serial = BigInteger.valueOf(value);
      return this;
    }

    /** A CA: CA:TRUE, keyCertSign and cRLSign, no EKU. */
    public Builder ca() {
      this.basicConstraints = Optional.of(new BasicConstraints(true));
      this.keyUsage = Optional.of(KeyUsage.keyCertSign | KeyUsage.cRLSign);
      this.extKeyUsages = Optional.empty();
      return this;
    }

    public Builder caWithPathLength(int pathLength) {
      ca();
      this.basicConstraints = Optional.of(new BasicConstraints(pathLength));
      return this;
    }

    public Builder noBasicConstraints() {
      this.basicConstraints = Optional.empty();
      return this;
    }

    public Builder keyUsage(int bits) {
      this.keyUsage = Optional.of(bits);
      return this;
    }

    public Builder noKeyUsage() {
      this.keyUsage = Optional.empty();
      return this;
    }

    public Builder extKeyUsages(KeyPurposeId... usages) {
      this.extKeyUsages = Optional.of(List.of(usages));
      return this;
    }

    /** An EKU extension listing only OIDs Go does not know. */
    public Builder unknownExtKeyUsages(String... oids) {
      this.extKeyUsages = Optional.of(List.of());
      this.rawExtKeyUsages = java.util.Arrays.stream(oids).map(ASN1ObjectIdentifier::new).toList();
      return this;
    }

    public Builder noExtKeyUsage() {
      this.extKeyUsages = Optional.empty();
      return this;
    }

    public Builder noSubjectKeyId() {
      this.subjectKeyId = false;
      return this;
    }

    public Builder noAuthorityKeyId() {
      this.authorityKeyId = false;
      return this;
    }

    public Builder dnsNames(String... names) {
      List<GeneralName> all = new ArrayList<>(subjectAltNames);
      for (String name : names) {
        all.add(new GeneralName(GeneralName.dNSName, name));
      }
      this.subjectAltNames = all;
      return this;
    }

    public Builder ipAddresses(String... addresses) {
      List<GeneralName> all = new ArrayList<>(subjectAltNames);
      for (String address : addresses) {
        all.add(new GeneralName(GeneralName.iPAddress, address));
      }
      this.subjectAltNames = all;
      return this;
    }

    public Builder nameConstraints(NameConstraints constraints) {
      this.nameConstraints = Optional.of(constraints);
      return this;
    }

    public Builder signatureAlgorithm(String algorithm) {
      this.signatureAlgorithm = Optional.of(algorithm);
      return this;
    }

    public Builder criticalExtension(String oid) {
      this.criticalExtension = Optional.of(new ASN1ObjectIdentifier(oid));
      return this;
    }

    /** An X.509 version 1 certificate (no extensions at all). */
    public Builder version1() {
      this.version1 = true;
      return this;
    }

    public Issued build() {
      try {
        KeyPair pair = keyPair != null ? keyPair : ecKey();
        X500Name name = subject.orElseGet(this::buildName);
        X500Name issuerName = issuer.map(i -> X500Name.getInstance(i.certificate().getSubjectX500Principal().getEncoded())).orElse(name);
        KeyPair signer = issuer.map(Issued::keyPair).orElse(pair);
        String algorithm = signatureAlgorithm.orElse(signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
        JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(algorithm);
        if (version1) {
          X509v1CertificateBuilder v1 = new JcaX509v1CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
          X509Certificate cert = new JcaX509CertificateConverter().getCertificate(v1.build(contentSigner.build(signer.getPrivate())));
          return new Issued(cert, pair);
        }
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(issuerName, serial, Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        if (basicConstraints.isPresent()) {
          builder.addExtension(Extension.basicConstraints, basicConstraintsCritical, basicConstraints.get());
        }
        if (keyUsage.isPresent()) {
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage.get()));
        }
        if (extKeyUsages.isPresent()) {
          List<KeyPurposeId> usages = new ArrayList<>(extKeyUsages.get());
          rawExtKeyUsages.forEach(oid -> usages.add(KeyPurposeId.getInstance(oid)));
          builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages.toArray(new KeyPurposeId[0])));
        }
        if (subjectKeyId) {
          builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
        }
        if (authorityKeyId) {
          builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(signer.getPublic()));
        }
        if (!subjectAltNames.isEmpty()) {
          builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltNames.toArray(new GeneralName[0])));
        }
        if (nameConstraints.isPresent()) {
          builder.addExtension(Extension.nameConstraints, true, nameConstraints.get());
        }
        if (criticalExtension.isPresent()) {
          builder.addExtension(criticalExtension.get(), true, DERNull.INSTANCE);
        }
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner.build(signer.getPrivate())));
        return new Issued(cert, pair);
      } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
        throw new IllegalStateException("cannot build test certificate: " + e.getMessage(), e);
      }
    }

    private X500Name buildName() {
      X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
      for (String[] attribute : attributes) {
        ASN1ObjectIdentifier oid = switch (attribute[0]) {
          case "CN" -> BCStyle.CN;
          case "O" -> BCStyle.O;
          case "OU" -> BCStyle.OU;
          default -> new ASN1ObjectIdentifier(attribute[0]);
        };
        name.addRDN(oid, new DERUTF8String(attribute[1]));
      }
      for (Object[] raw : rawAttributes) {
        name.addRDN(new ASN1ObjectIdentifier((String) raw[0]), (ASN1Encodable) raw[1]);
      }
      return name.build();
    }
  }
}
