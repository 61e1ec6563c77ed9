package dev.authlab.authn.oidc;

import dev.authlab.authn.UserInfo;
import java.util.List;
import java.util.Map;

/** The deeply nested claims cases of upstream's TestToken (turtles, a service account payload, __dot__). */
final class DeepClaims {

  private DeepClaims() {}

  static final String OTHER = "\"other1\": {\"bit1\": true, \"bit2\": false, \"bit3\": 1}";

  static String turtle(long valid) {
    return String.format("""
        {"iss": "https://auth.example.com", "aud": "my-client", "exp": %d,
         "turtle": {"foo": {"1": "a", "2": "b", %s,
           "bar": {"3": "c", "4": "d", %s,
             "baz": {"5": "e", "6": "f", "panda": ["snorlax", "007", "santa", "claus"], %s}}}}}""", valid, OTHER, OTHER, OTHER);
  }

  static JwtAuthenticator turtleAuthenticator(String groupsExpression) {
    return JwtAuthenticator.of(Issuer.of("https://auth.example.com", "my-client"),
            ClaimMappings.username(PrefixedClaimOrExpression.expression("claims.turtle.foo.bar.baz.panda[0]"))
                .withUid(new ClaimOrExpression("", "claims.turtle.foo.bar.baz.panda[1]"))
                .withGroups(PrefixedClaimOrExpression.expression(groupsExpression))
                .withExtra(List.of(
                    new ExtraMapping("bio.snorlax.org/1", "string(claims.turtle.foo.bar.other1.bit2)"),
                    new ExtraMapping("bio.snorlax.org/2", "string(claims.turtle.foo.bar.baz.other1.bit3)"),
                    new ExtraMapping("bio.snorlax.org/3", "[string(claims.turtle.foo.bar.baz.other1.bit1)] + ['a', 'b', 'c']"))))
        .withClaimValidationRules(List.of(ClaimValidationRule.expression("claims.turtle.foo.other1.bit1 && !claims.turtle.foo.bar.other1.bit2", "")))
        .withUserValidationRules(List.of(new UserValidationRule("user.username != \"bad\"", ""), new UserValidationRule("user.uid == \"007\"", ""),
            new UserValidationRule("\"claus\" in user.groups", ""),
            new UserValidationRule("user.extra.bio__dot__snorlax__dot__org__slash__3.size() == 4", "")));
  }

  static final Map<String, List<String>> BIO = Map.of("bio.snorlax.org/1", List.of("false"), "bio.snorlax.org/2", List.of("1"),
      "bio.snorlax.org/3", List.of("true", "a", "b", "c"));

  static List<OidcTokenTest.Case> cases(long valid, long now) {
    OidcTokenTest.Case success = OidcTokenTest.c("claim mappings with expressions and deeply nested claim - success",
        turtleAuthenticator("claims.turtle.foo.bar.baz.panda"));
    success.claims = turtle(valid);
    success.want = new UserInfo("snorlax", "007", List.of("snorlax", "007", "santa", "claus"), BIO);

    OidcTokenTest.Case optional = OidcTokenTest.c("claim mappings with expressions and deeply nested claim - success via optional",
        turtleAuthenticator("claims.turtle.foo.bar.baz.?a.b.c.d.orValue([ 'claus' ])"));
    optional.claims = turtle(valid);
    optional.want = new UserInfo("snorlax", "007", List.of("claus"), BIO);

    OidcTokenTest.Case failure = OidcTokenTest.c("claim mappings with expressions and deeply nested claim - failure without optional",
        turtleAuthenticator("claims.turtle.foo.bar.baz.a.b.c.d"));
    failure.claims = turtle(valid);
    failure.wantErr = "oidc: error evaluating group claim expression: expression 'claims.turtle.foo.bar.baz.a.b.c.d' resulted in error: no such key: a";

    OidcTokenTest.Case serviceAccount = OidcTokenTest.c("claim mappings with expressions and deeply nested claim - success - service account payload",
        JwtAuthenticator.of(Issuer.of("https://kubernetes.default.svc", "https://kubernetes.default.svc"),
                ClaimMappings.username(PrefixedClaimOrExpression.expression(
                        "\"system:serviceaccount:\" + claims.kubernetes__dot__io.namespace + \":\" + claims.kubernetes__dot__io.serviceaccount.name"))
                    .withUid(new ClaimOrExpression("", "claims.kubernetes__dot__io.serviceaccount.uid"))
                    .withGroups(PrefixedClaimOrExpression.expression(
                        "[ \"system:serviceaccounts\", \"system:serviceaccounts:\" + claims.kubernetes__dot__io.namespace ]"))
                    .withExtra(List.of(
                        new ExtraMapping("authentication.x-kubernetes.io/pod-name", "claims.kubernetes__dot__io.pod.name"),
                        new ExtraMapping("authentication.x-kubernetes.io/pod-uid", "claims.kubernetes__dot__io.pod.uid"),
                        new ExtraMapping("authentication.x-kubernetes.io/node-name", "claims.kubernetes__dot__io.node.name"),
                        new ExtraMapping("authentication.x-kubernetes.io/node-uid", "claims.kubernetes__dot__io.node.uid"),
                        new ExtraMapping("authentication.x-kubernetes.io/credential-id", "\"JTI=\" + claims.jti"),
                        new ExtraMapping("test.x-kubernetes.io/warnafter", "string(int(claims.kubernetes__dot__io.warnafter))"),
                        new ExtraMapping("test.x-kubernetes.io/namespace", "claims.kubernetes__dot__io.namespace"))))
            .withClaimValidationRules(List.of(
                ClaimValidationRule.expression("claims.sub == (\"system:serviceaccount:\" + claims.kubernetes__dot__io.namespace + \":\" + claims.kubernetes__dot__io.serviceaccount.name)", ""),
                ClaimValidationRule.expression("has(claims.kubernetes__dot__io.pod.uid)", ""),
                ClaimValidationRule.expression("claims[\"kubernetes.io\"][\"node\"][\"uid\"] != \"\"", ""),
                ClaimValidationRule.expression("claims[?\"kubernetes.io\"][\"node\"][\"ip\"].orValue(true)", "")))
            .withUserValidationRules(List.of(
                new UserValidationRule("user.username.startsWith(\"system:serviceaccount:\" + user.extra[\"test.x-kubernetes.io/namespace\"][0] + \":\")", ""),
                new UserValidationRule("user.uid != \"\"", ""),
                new UserValidationRule("\"system:serviceaccounts\" in user.groups && user.groups.size() == 2", ""),
                new UserValidationRule("user.extra.authentication__dot__x__dash__kubernetes__dot__io__slash__node__dash__name[0] == \"127.0.0.1\"", ""),
                new UserValidationRule("user.extra.authentication__dot__x__dash__kubernetes__dot__io__slash__credential__dash__id[0] == user.extra.authentication__dot__kubernetes__dot__io__slash__credential__dash__id[0]", ""),
                new UserValidationRule("user.extra[\"test.x-kubernetes.io/warnafter\"][0] == \"1700081020\"", ""),
                new UserValidationRule("has(user.extra.authentication__dot__x__dash__kubernetes__dot__io__slash__pod__dash__name)", ""),
                new UserValidationRule("user.extra[?\"test.x-kubernetes.io/missing\"].orValue([]) == []", ""))));
    serviceAccount.claims = String.format("""
        {"aud": ["https://kubernetes.default.svc"], "exp": %d, "iat": 1700077413, "iss": "https://kubernetes.default.svc",
         "jti": "ea28ed49-2e11-4280-9ec5-bc3d1d84661a",
         "kubernetes.io": {"namespace": "kube-system",
           "node": {"name": "127.0.0.1", "uid": "58456cb0-dd00-45ed-b797-5578fdceaced"},
           "pod": {"name": "coredns-69cbfb9798-jv9gn", "uid": "778a530c-b3f4-47c0-9cd5-ab018fb64f33"},
           "serviceaccount": {"name": "coredns", "uid": "a087d5a0-e1dd-43ec-93ac-f13d89cd13af"},
           "warnafter": 1700081020},
         "nbf": %d, "sub": "system:serviceaccount:kube-system:coredns"}""", valid, now);
    serviceAccount.want = new UserInfo("system:serviceaccount:kube-system:coredns", "a087d5a0-e1dd-43ec-93ac-f13d89cd13af",
        List.of("system:serviceaccounts", "system:serviceaccounts:kube-system"), Map.of(
            "authentication.x-kubernetes.io/pod-name", List.of("coredns-69cbfb9798-jv9gn"),
            "authentication.x-kubernetes.io/pod-uid", List.of("778a530c-b3f4-47c0-9cd5-ab018fb64f33"),
            "authentication.x-kubernetes.io/node-name", List.of("127.0.0.1"),
            "authentication.x-kubernetes.io/node-uid", List.of("58456cb0-dd00-45ed-b797-5578fdceaced"),
            "authentication.kubernetes.io/credential-id", List.of("JTI=ea28ed49-2e11-4280-9ec5-bc3d1d84661a"),
            "authentication.x-kubernetes.io/credential-id", List.of("JTI=ea28ed49-2e11-4280-9ec5-bc3d1d84661a"),
            "test.x-kubernetes.io/warnafter", List.of("1700081020"),
            "test.x-kubernetes.io/namespace", List.of("kube-system")));

    OidcTokenTest.Case dots = OidcTokenTest.c("claim mappings with expressions and deeply nested claim - success - claims payload with deep use of __dot__",
        JwtAuthenticator.of(Issuer.of("https://auth.example.com", "my-client"),
                ClaimMappings.username(PrefixedClaimOrExpression.expression("claims.turtle.foo.bar.baz.username__dot__io"))
                    .withUid(new ClaimOrExpression("", "claims.turtle.foo.bar.baz.link[0].uid__dot__io"))
                    .withGroups(PrefixedClaimOrExpression.expression("claims.data[0].groups__dot__io")))
            .withClaimValidationRules(List.of(
                ClaimValidationRule.expression("has(claims.turtle.foo.bar.baz.username__dot__io)", ""),
                ClaimValidationRule.expression("has(claims.turtle.foo.bar.baz.link[0].uid__dot__io)", ""),
                ClaimValidationRule.expression("has(claims.data[0].groups__dot__io)", ""),
                ClaimValidationRule.expression("claims.turtle.foo.bar.bee.username__dot__io.company__dot__io == \"fun-corp\"", ""))));
    dots.claims = String.format("""
        {"iss": "https://auth.example.com", "aud": "my-client", "exp": %d, "data": [{"groups.io": "gen1"}],
         "turtle": {"foo": {"1": "a", "2": "b", %s,
           "bar": {"3": "c", "4": "d", %s, "bee": {"username.io": {"company.io": "fun-corp"}},
             "baz": {"5": "e", "6": "f", "panda": ["snorlax", "007", "santa", "claus"], %s,
               "username.io": "snorlax.io", "link": [{"uid.io": "143"}]}}}}}""", valid, OTHER, OTHER, OTHER);
    dots.want = new UserInfo("snorlax.io", "143", List.of("gen1"), Map.of());

    return List.of(success, optional, failure, serviceAccount, dots);
  }
}
