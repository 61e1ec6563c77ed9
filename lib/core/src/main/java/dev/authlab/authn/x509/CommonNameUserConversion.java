package dev.authlab.authn.x509;

import dev.authlab.authn.UserInfo;
import dev.authlab.gofmt.GoStrings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's {@code CommonNameUserConversion} (Kubernetes 1.33+), applied to the leaf of a chain:
 *
 * <ul>
 *   <li>the subject's common name is the user name (with several CN attributes, the last one); no
 *       common name: no user, and no error;
 *   <li>every organization (O), in order, is a group;
 *   <li>the uid comes from the subject attribute {@value #UID_OID} (Kubernetes' own OID) when the
 *       AllowParsingUserUIDFromCertAuth feature is on (beta, on by default since 1.33): at most one such
 *       attribute, a non-empty string;
 *   <li>the extra key {@value #CREDENTIAL_ID_KEY} holds {@code X509SHA256=<hex SHA-256 of the
 *       certificate>}, so audit logs can tell two certificates of one user apart.
 * </ul>
 */
public final class CommonNameUserConversion implements UserConversion {

  /** 1.3.6.1.4.1.57683.2: the CNCF enterprise number's "user UID" attribute. */
  public static final String UID_OID = "1.3.6.1.4.1.57683.2";

  /** user.CredentialIDKey. */
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

  private static final CommonNameUserConversion DEFAULT = new CommonNameUserConversion(true);
  private static final CommonNameUserConversion WITHOUT_UID = new CommonNameUserConversion(false);

  private final boolean parseUid;

  private CommonNameUserConversion(boolean parseUid) {
    this.parseUid = parseUid;
  }

  /** The conversion of a 1.34 API server with default feature gates. */
  public static CommonNameUserConversion standard() {
    return DEFAULT;
  }

  /** With AllowParsingUserUIDFromCertAuth turned off: the uid attribute is ignored. */
  public static CommonNameUserConversion withoutUidParsing() {
    return WITHOUT_UID;
  }

  @Override
  public Conversion convert(List<X509Certificate> chain) {
    CertificateFacts leaf = CertificateFacts.of(chain.get(0));
    if (leaf.commonName.isEmpty()) {
      return new Skipped("the certificate's subject has no common name");
    }
    String uid = "";
    if (parseUid) {
      List<String> uids = new ArrayList<>();
      for (CertificateFacts.Attribute attribute : leaf.subjectAttributes) {
        if (!attribute.oid().equals(UID_OID)) {
          continue;
        }
        Optional<String> value = attribute.value();
        if (value.isEmpty()) {
          return new Failed("unable to parse UID into a string");
        }
        uids.add(value.get());
      }
      if (uids.size() > 1) {
        return new Failed("expected 1 UID, but found multiple: " + GoStrings.list(uids));
      }
      if (uids.size() == 1) {
        if (uids.get(0).isEmpty()) {
          return new Failed("UID cannot be an empty string");
        }
        uid = uids.get(0);
      }
    }
    UserInfo user = new UserInfo(leaf.commonName, uid, leaf.organizations, Map.of(CREDENTIAL_ID_KEY, List.of(credentialId(leaf.raw))));
    return new Converted(user);
  }

  /** {@code X509SHA256=} and the hex SHA-256 of the DER certificate. */
  public static String credentialId(X509Certificate certificate) {
    return credentialId(CertificateFacts.of(certificate).raw);
  }

  private static String credentialId(byte[] der) {
    try {
      return "X509SHA256=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return parseUid ? "CommonNameUserConversion" : "CommonNameUserConversion[uid parsing off]";
  }
}
