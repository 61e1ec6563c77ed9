package dev.authlab.cli;

import dev.authlab.pki.CertificateAuthority;
import dev.authlab.pki.CertificateInfo;
import dev.authlab.pki.CertificateSpec;
import dev.authlab.pki.Csr;
import dev.authlab.pki.KeyAlgorithm;
import dev.authlab.pki.KeyPairs;
import dev.authlab.pki.Pem;
import dev.authlab.pki.PemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `authlab pki`: a new user's credentials, step by step, as an admin and the user would make them with openssl. */
@Command(
    name = "pki",
    mixinStandardHelpOptions = true,
    description = "Make a CA, a key and certificate signing request, and sign it: the client-certificate path into a cluster.",
    subcommands = {PkiCommand.Ca.class, PkiCommand.CsrCommand.class, PkiCommand.Sign.class, PkiCommand.Show.class})
public final class PkiCommand implements Runnable {

  @ParentCommand AuthlabCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(parent.io().out());
  }

  Io io() {
    return parent.io();
  }

  /** Key algorithms by kubeadm's names. */
  enum Algorithm {
    rsa2048(KeyAlgorithm.RSA_2048),
    rsa3072(KeyAlgorithm.RSA_3072),
    rsa4096(KeyAlgorithm.RSA_4096),
    ecdsa256(KeyAlgorithm.ECDSA_P256),
    ecdsa384(KeyAlgorithm.ECDSA_P384);

    final KeyAlgorithm algorithm;

    Algorithm(KeyAlgorithm algorithm) {
      this.algorithm = algorithm;
    }
  }

  @Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a self-signed CA: what --client-ca-file points at.")
  static final class Ca implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Option(names = "--cn", required = true, paramLabel = "NAME", description = "The CA's common name, e.g. kubernetes-ca.")
    String commonName;

    @Option(names = "--key-algorithm", paramLabel = "ALG", description = "rsa2048 (default), rsa3072, rsa4096, ecdsa256, ecdsa384.")
    Algorithm algorithm = Algorithm.rsa2048;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 3650).")
    int days = 3650;

    @Option(names = "--out-cert", required = true, paramLabel = "FILE")
    Path certificate;

    @Option(names = "--out-key", required = true, paramLabel = "FILE")
    Path key;

    @Override
    public Integer call() {
      refuseOverwrite(certificate, key);
      KeyPair pair = KeyPairs.generate(algorithm.algorithm);
      CertificateAuthority ca =
          CertificateAuthority.selfSigned(commonName, pair, dev.authlab.pki.Validity.lasting(Duration.ofDays(days)), Clock.systemUTC());
      ca.write(certificate, key);
      pki.io().out().println("wrote CA certificate " + certificate + " and key " + key + " (mode 0600)");
      return 0;
    }
  }

  @Command(
      name = "csr",
      mixinStandardHelpOptions = true,
      description = "Create a private key and a certificate signing request: the CN becomes the user name, each O a group.")
  static final class CsrCommand implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Option(names = "--cn", required = true, paramLabel = "USER")
    String commonName;

    @Option(names = {"--org", "-O"}, paramLabel = "GROUP", description = "A group (repeatable).")
    List<String> organizations = new ArrayList<>();

    @Option(names = "--key-algorithm", paramLabel = "ALG", description = "rsa2048 (default), rsa3072, rsa4096, ecdsa256, ecdsa384.")
    Algorithm algorithm = Algorithm.rsa2048;

    @Option(names = "--out-csr", required = true, paramLabel = "FILE")
    Path csrFile;

    @Option(names = "--out-key", required = true, paramLabel = "FILE")
    Path key;

    @Override
    public Integer call() {
      refuseOverwrite(csrFile, key);
      if (commonName.isBlank()) {
        throw new UserError("--cn must not be blank: kube-apiserver ignores certificates without a common name");
      }
      KeyPair pair = KeyPairs.generate(algorithm.algorithm);
      Csr csr = Csr.create(pair, commonName, organizations);
      Pem.writePrivate(key, Pem.encode(pair.getPrivate()));
      Pem.write(csrFile, csr.toPem());
      pki.io().out().println("wrote " + csrFile + " (CN=" + commonName + (organizations.isEmpty() ? "" : ", O=" + String.join(", O=", organizations)) + ") and key " + key + " (mode 0600)");
      return 0;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign a CSR with a CA into a client certificate (clientAuth), as the kube-apiserver-client signer does.")
  static final class Sign implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Option(names = "--ca-cert", required = true, paramLabel = "FILE")
    Path caCertificate;

    @Option(names = "--ca-key", required = true, paramLabel = "FILE")
    Path caKey;

    @Option(names = "--csr", required = true, paramLabel = "FILE")
    Path csrFile;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default 365).")
    int days = 365;

    @Option(names = "--out-cert", required = true, paramLabel = "FILE")
    Path certificate;

    @Override
    public Integer call() {
      refuseOverwrite(certificate);
      try {
        CertificateAuthority ca = CertificateAuthority.load(caCertificate, caKey, Clock.systemUTC());
        Csr csr = Csr.read(csrFile);
        CertificateSpec spec = CertificateSpec.clientCertificate(csr.commonName(), csr.organizations()).validFor(Duration.ofDays(days));
        X509Certificate signed = ca.sign(csr, spec);
        Pem.write(certificate, Pem.encode(signed));
        pki.io().out().println("wrote " + certificate + ": " + CertificateInfo.of(signed).describe().lines().findFirst().orElse(""));
        return 0;
      } catch (PemException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Describe a certificate: subject, groups, issuer, validity, usages.")
  static final class Show implements Callable<Integer> {
    @ParentCommand PkiCommand pki;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      try {
        for (X509Certificate certificate : Pem.readCertificates(file)) {
          pki.io().out().println(CertificateInfo.of(certificate).describe());
        }
        return 0;
      } catch (PemException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  /** Never overwrite a key or certificate someone may still need: losing a key is losing data. */
  static void refuseOverwrite(Path... files) {
    for (Path file : files) {
      if (Files.exists(file)) {
        throw new UserError(file + " already exists; remove it first or choose another name");
      }
    }
  }
}
