package dev.authlab.authn.serviceaccount;

import dev.authlab.authn.ServiceAccountNames;
import dev.authlab.authn.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a valid service-account token says about its holder, and the user the API server makes of
 * it: {@code system:serviceaccount:NS:NAME}, the service account's uid, the two service-account
 * groups, and in extra the pod (name and uid, only both together), the node (name, and uid when
 * known) and the credential id {@code JTI=<jti>}.
 */
public record ServiceAccountInfo(
    String namespace, String name, String uid, String podName, String podUid, String nodeName, String nodeUid, String credentialId) {

  public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
  public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
  public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
  public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

  public ServiceAccountInfo {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(podName, "podName");
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(nodeUid, "nodeUid");
    Objects.requireNonNull(credentialId, "credentialId");
  }

  /** Only who the service account is (legacy tokens carry nothing more). */
  public static ServiceAccountInfo of(String namespace, String name, String uid) {
    return new ServiceAccountInfo(namespace, name, uid, "", "", "", "", "");
  }

  /** {@code JTI=<jti>}, or empty for an empty jti. */
  public static String credentialIdForJti(String jti) {
    return jti.isEmpty() ? "" : "JTI=" + jti;
  }

  public UserInfo toUserInfo() {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if (!podName.isEmpty() && !podUid.isEmpty()) {
      extra.put(POD_NAME_KEY, List.of(podName));
      extra.put(POD_UID_KEY, List.of(podUid));
    }
    if (!credentialId.isEmpty()) {
      extra.put(CREDENTIAL_ID_KEY, List.of(credentialId));
    }
    if (!nodeName.isEmpty()) {
      extra.put(NODE_NAME_KEY, List.of(nodeName));
      // the node uid only ever travels with the node name
      if (!nodeUid.isEmpty()) {
        extra.put(NODE_UID_KEY, List.of(nodeUid));
      }
    }
    return new UserInfo(ServiceAccountNames.username(namespace, name), uid, ServiceAccountNames.groups(namespace), extra);
  }
}
