package dev.authlab.authn.serviceaccount;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The private claims of a legacy, Secret-based token. All four are always written, empty or not.
 */
public record LegacyClaims(String namespace, String serviceAccountName, String serviceAccountUid, String secretName) {

  public static final String NAMESPACE = "kubernetes.io/serviceaccount/namespace";
  public static final String SECRET_NAME = "kubernetes.io/serviceaccount/secret.name";
  public static final String SERVICE_ACCOUNT_NAME = "kubernetes.io/serviceaccount/service-account.name";
  public static final String SERVICE_ACCOUNT_UID = "kubernetes.io/serviceaccount/service-account.uid";

  public LegacyClaims {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    Objects.requireNonNull(serviceAccountUid, "serviceAccountUid");
    Objects.requireNonNull(secretName, "secretName");
  }

  Map<String, Object> toJsonMembers() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(SERVICE_ACCOUNT_NAME, serviceAccountName);
    out.put(SERVICE_ACCOUNT_UID, serviceAccountUid);
    out.put(SECRET_NAME, secretName);
    out.put(NAMESPACE, namespace);
    return out;
  }

  public String toJson() {
    return GoJson.write(toJsonMembers());
  }
}
