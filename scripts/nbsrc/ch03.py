"""Notebook 03-client-certificates.ipynb."""

from nbsrc.common import *  # noqa: F401,F403

FILE = "03-client-certificates.ipynb"

CELLS = [
    md(r'''
# 03 · Client certificates

The kubeconfig that `kubeadm` gives an administrator does not contain a password or a token: it holds a
private key and a certificate. The API server trusts a certificate authority (`--client-ca-file`), and
any client certificate that CA signed is a login: the certificate's **common name (CN) is the user name**
and each **organization (O) is a group**. Kubernetes keeps no user objects; the certificate is the user.

This notebook goes through the whole life of such a certificate with the kit's `dev.authlab.pki`
library: a CA, a key and a signing request made by the user, the CA's signature, what the API server
reads out of the result, two certificates it rejects, and the kubeconfig that carries it all.
'''),
    code(SETUP),
    code(AUTHN_TRACE),
    md(r'''
## 1. A CA, a key, a signing request

The user makes a key pair and a certificate signing request (CSR) naming themselves (CN) and their groups
(O). The private key never leaves them; the CSR carries only the public key, signed with the private key
as proof of possession. The administrator's CA checks that proof and signs.
'''),
    code(r'''
var ca = CertificateAuthority.selfSigned("notebook-client-ca", KeyAlgorithm.ECDSA_P256);
var mariaKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
var csr = Csr.create(mariaKeys, "maria", "dev", "ops");
System.out.println("CSR: " + csr + ", signature valid: " + csr.isSignatureValid());
var mariaCert = ca.sign(csr);
System.out.print(CertificateInfo.of(mariaCert).describe());'''),
    md(r'''
## 2. What the API server makes of it

`ClientCaConfig` is `--client-ca-file`. The API server verifies the chain up to a CA in that bundle,
checks the certificate is valid now and allowed for client authentication, and then reads the subject.
'''),
    code(r'''
import dev.authlab.authn.x509.ClientCaConfig;

var apiServer = AuthnSettings.builder()
    .clientCa(ClientCaConfig.of(List.of(ca.certificate())))
    .build()
    .authenticator(AuthnSettings.Environment.defaults());
AuthnResult present(java.security.cert.X509Certificate cert) {
  return apiServer.authenticate(AuthenticationRequest.get("/api/v1/namespaces/team-a/pods").withClientCertificates(List.of(cert)));
}
showTrace("maria's certificate", present(mariaCert));'''),
    md(r'''
## 3. A certificate from another CA

Anyone can make a CA and write `O=system:masters` into a certificate. What matters is who signed it: a
certificate the API server's CA did not sign fails verification, and the request is a 401 (not anonymous).
'''),
    code(r'''
var otherCa = CertificateAuthority.selfSigned("someone-elses-ca", KeyAlgorithm.ECDSA_P256);
var forged = otherCa.issue(CertificateSpec.clientCertificate("maria", "system:masters")).certificate();
showTrace("a certificate from another CA", present(forged));'''),
    md(r'''
## 4. An expired certificate

There is no way to revoke a client certificate in Kubernetes: the API server checks no revocation list.
Expiry is the only end a certificate has, which is why short lifetimes matter. Here the same CA signs
maria's key, but for a window that ended years ago.
'''),
    code(r'''
import java.time.Instant;

var expired = ca.sign(csr, CertificateSpec.clientCertificate("maria", "dev", "ops")
    .validBetween(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")));
System.out.println("valid now? " + CertificateInfo.of(expired).isValidAt(Instant.now()) + " (" + CertificateInfo.of(expired).validityAt(Instant.now()) + ")");
showTrace("an expired certificate", present(expired));'''),
    md(r'''
## 5. The kubeconfig

Everything maria needs goes into one file: the server's address and CA, her certificate, and her private
key. `Kubeconfigs.toYaml` writes it as `kubectl config view --raw` would. The `*-data` fields are base64
PEM; the private key in particular must never be printed or committed, so the listing below elides them.
'''),
    code(r'''
var kubeconfig = Kubeconfigs.forClientCertificate("authlab", "https://127.0.0.1:6443", ca.certificatePem(),
    "maria", Pem.encode(mariaCert), Pem.encode(mariaKeys.getPrivate()));
String yaml = Kubeconfigs.toYaml(kubeconfig);
System.out.print(yaml.replaceAll("(?m)^(\\s*[a-z-]+-data): \\S+$", "$1: (elided)"));'''),
    md(r'''
## 6. On a real API server

A kube-apiserver started with `--client-ca-file` holding this notebook's CA meets maria's certificate and
the expired one. The forged certificate is left out on purpose: Java's TLS client only offers a
certificate issued by a CA the server lists in its handshake, so it would never even send it (a client
such as curl would, and get the 401 the library shows).
'''),
    code(r'''
// The cluster tier: a real kube-apiserver trusting this notebook's CA (skipped, with the reason, when this machine has none)
var caSettings = AuthnSettings.builder().clientCa(ClientCaConfig.of(List.of(ca.certificate()))).build();
Optional<ControlPlane> cluster = ClusterTier.start(ControlPlaneSpec.of(caSettings));'''),
    code(CLUSTER_HELPERS),
    code(r'''
if (cluster.isPresent()) {
  ControlPlane cp = cluster.get();
  String mariaKey = Pem.encode(mariaKeys.getPrivate());
  List<List<String>> compared = new ArrayList<>();
  for (var c : List.of(Map.entry("maria's certificate", mariaCert), Map.entry("the expired certificate", expired))) {
    String ours = who(present(c.getValue()));
    String theirs = who(cp.whoami(new Credential.ClientCertificate(Pem.encode(c.getValue()), mariaKey)));
    compared.add(List.of(c.getKey(), ours, theirs, ours.equals(theirs) ? "same" : "DIFFERENT"));
  }
  showCompared(List.of("certificate", "library", "kube-apiserver", ""), compared);
}'''),
    code(r'''
cluster.ifPresent(ControlPlane::close);'''),
    md(r'''
## Your turn

Lab 03 (client certificates) asks you to issue client certificates with Bouncy Castle, from a key or
from a CSR, that log a team member in with the right groups, and checks them against the library and a
real API server (`labs/src/main/java/dev/authlab/labs/lab03_client_certificates/`). `./authlab grade 03` grades it (add `--hint` for the next hint, `--tier cluster` to check it against a real API server).

Next notebook: 04, webhook token authentication.
'''),
]
