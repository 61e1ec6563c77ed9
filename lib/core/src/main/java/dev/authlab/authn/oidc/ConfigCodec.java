package dev.authlab.authn.oidc;

import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes AuthenticationConfiguration files the way kube-apiserver's strict decoder sees
 * them: YAML or JSON, apiVersion apiserver.config.k8s.io/v1 (v1beta1 and v1alpha1 still accepted),
 * kind AuthenticationConfiguration, unknown fields rejected, and Go's json type errors ("json: cannot
 * unmarshal number into Go struct field Issuer.jwt.issuer.url of type string").
 */
final class ConfigCodec {

  static final String GROUP = "apiserver.config.k8s.io";
  static final String KIND = "AuthenticationConfiguration";
  static final Set<String> VERSIONS = Set.of(GROUP + "/v1", GROUP + "/v1beta1", GROUP + "/v1alpha1");

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private ConfigCodec() {}

  /** A decoding error, worded like the API server's. */
  static final class DecodeException extends Exception {
    DecodeException(String message) {
      super(message);
    }
  }

  static AuthenticationConfiguration decode(String text) throws DecodeException {
    if (text.isBlank()) {
      throw new DecodeException("empty config data");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new DecodeException("error converting YAML to JSON: " + oneLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new DecodeException("couldn't get version/kind; json parse error: cannot unmarshal "
          + GoJsonTypes.of(root) + " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }");
    }
    String kind = textOrEmpty(root.get("kind"));
    String apiVersion = textOrEmpty(root.get("apiVersion"));
    if (kind.isEmpty()) {
      throw new DecodeException("Object 'Kind' is missing in '" + oneLine(root.toString()) + "'");
    }
    if (apiVersion.isEmpty()) {
      throw new DecodeException("Object 'apiVersion' is missing in '" + oneLine(root.toString()) + "'");
    }
    if (!VERSIONS.contains(apiVersion) || !kind.equals(KIND)) {
      throw new DecodeException("no kind " + GoStrings.quote(kind) + " is registered for version " + GoStrings.quote(apiVersion)
          + " in scheme \"pkg/runtime/scheme.go:100\"");
    }
    Reader reader = new Reader();
    AuthenticationConfiguration config = reader.configuration(root);
    if (!reader.unknown.isEmpty()) {
      throw new DecodeException("strict decoding error: " + String.join(", ", reader.unknown));
    }
    if (reader.typeError != null) {
      throw new DecodeException(reader.typeError);
    }
    return config;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  private static String textOrEmpty(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : "";
  }

  /** A strict, Go-flavoured reader: remembers unknown fields and the first type error. */
  private static final class Reader {
    final List<String> unknown = new ArrayList<>();
    String typeError;

    AuthenticationConfiguration configuration(JsonNode root) {
      Map<String, JsonNode> f = fields(root, "", Set.of("apiVersion", "kind", "jwt", "anonymous"));
      List<JwtAuthenticator> jwt = list(f.get("jwt"), "jwt", "AuthenticationConfiguration", "jwt", "[]v1.JWTAuthenticator",
          (node, path) -> jwtAuthenticator(node, path));
      Optional<AnonymousAuthConfig> anonymous = Optional.empty();
      JsonNode anon = f.get("anonymous");
      if (anon != null && !anon.isNull()) {
        if (!anon.isObject()) {
          typeError("AuthenticationConfiguration", "anonymous", anon, "v1.AnonymousAuthConfig");
        } else {
          Map<String, JsonNode> a = fields(anon, "anonymous", Set.of("enabled", "conditions"));
          boolean enabled = bool(a.get("enabled"), "AnonymousAuthConfig", "anonymous.enabled");
          List<AnonymousAuthConfig.Condition> conditions = list(a.get("conditions"), "anonymous.conditions", "AnonymousAuthConfig", "anonymous.conditions",
              "[]v1.AnonymousAuthCondition", (node, path) -> {
                Map<String, JsonNode> c = fields(node, path, Set.of("path"));
                return new AnonymousAuthConfig.Condition(string(c.get("path"), "AnonymousAuthCondition", "anonymous.conditions.path", "string"));
              });
          anonymous = Optional.of(new AnonymousAuthConfig(enabled, conditions));
        }
      }
      return new AuthenticationConfiguration(jwt, anonymous);
    }

    JwtAuthenticator jwtAuthenticator(JsonNode node, String path) {
      Map<String, JsonNode> f = fields(node, path, Set.of("issuer", "claimValidationRules", "claimMappings", "userValidationRules"));
      Issuer issuer = issuer(f.get("issuer"), path + ".issuer");
      List<ClaimValidationRule> claimRules = list(f.get("claimValidationRules"), path + ".claimValidationRules", "JWTAuthenticator", "jwt.claimValidationRules",
          "[]v1.ClaimValidationRule", (n, p) -> {
            Map<String, JsonNode> r = fields(n, p, Set.of("claim", "requiredValue", "expression", "message"));
            return new ClaimValidationRule(
                string(r.get("claim"), "ClaimValidationRule", "jwt.claimValidationRules.claim", "string"),
                string(r.get("requiredValue"), "ClaimValidationRule", "jwt.claimValidationRules.requiredValue", "string"),
                string(r.get("expression"), "ClaimValidationRule", "jwt.claimValidationRules.expression", "string"),
                string(r.get("message"), "ClaimValidationRule", "jwt.claimValidationRules.message", "string"));
          });
      ClaimMappings mappings = claimMappings(f.get("claimMappings"), path + ".claimMappings");
      List<UserValidationRule> userRules = list(f.get("userValidationRules"), path + ".userValidationRules", "JWTAuthenticator", "jwt.userValidationRules",
          "[]v1.UserValidationRule", (n, p) -> {
            Map<String, JsonNode> r = fields(n, p, Set.of("expression", "message"));
            return new UserValidationRule(
                string(r.get("expression"), "UserValidationRule", "jwt.userValidationRules.expression", "string"),
                string(r.get("message"), "UserValidationRule", "jwt.userValidationRules.message", "string"));
          });
      return new JwtAuthenticator(issuer, claimRules, mappings, userRules);
    }

    Issuer issuer(JsonNode node, String path) {
      if (node == null || node.isNull()) {
        return Issuer.of("");
      }
      if (!node.isObject()) {
        typeError("JWTAuthenticator", "jwt.issuer", node, "v1.Issuer");
        return Issuer.of("");
      }
      Map<String, JsonNode> f = fields(node, path, Set.of("url", "discoveryURL", "certificateAuthority", "audiences",
          "audienceMatchPolicy", "egressSelectorType"));
      List<String> audiences = list(f.get("audiences"), path + ".audiences", "Issuer", "jwt.issuer.audiences", "[]string",
          (n, p) -> string(n, "Issuer", "jwt.issuer.audiences", "string"));
      return new Issuer(
          string(f.get("url"), "Issuer", "jwt.issuer.url", "string"),
          string(f.get("discoveryURL"), "Issuer", "jwt.issuer.discoveryURL", "string"),
          string(f.get("certificateAuthority"), "Issuer", "jwt.issuer.certificateAuthority", "string"),
          audiences,
          string(f.get("audienceMatchPolicy"), "Issuer", "jwt.issuer.audienceMatchPolicy", "v1.AudienceMatchPolicyType"),
          string(f.get("egressSelectorType"), "Issuer", "jwt.issuer.egressSelectorType", "v1.EgressSelectorType"));
    }

    ClaimMappings claimMappings(JsonNode node, String path) {
      if (node == null || node.isNull()) {
        return ClaimMappings.username(PrefixedClaimOrExpression.none());
      }
      if (!node.isObject()) {
        typeError("JWTAuthenticator", "jwt.claimMappings", node, "v1.ClaimMappings");
        return ClaimMappings.username(PrefixedClaimOrExpression.none());
      }
      Map<String, JsonNode> f = fields(node, path, Set.of("username", "groups", "uid", "extra"));
      PrefixedClaimOrExpression username = prefixed(f.get("username"), path + ".username", "jwt.claimMappings.username");
      PrefixedClaimOrExpression groups = prefixed(f.get("groups"), path + ".groups", "jwt.claimMappings.groups");
      ClaimOrExpression uid = ClaimOrExpression.none();
      JsonNode uidNode = f.get("uid");
      if (uidNode != null && !uidNode.isNull()) {
        if (!uidNode.isObject()) {
          typeError("ClaimMappings", "jwt.claimMappings.uid", uidNode, "v1.ClaimOrExpression");
        } else {
          Map<String, JsonNode> u = fields(uidNode, path + ".uid", Set.of("claim", "expression"));
          uid = new ClaimOrExpression(string(u.get("claim"), "ClaimOrExpression", "jwt.claimMappings.uid.claim", "string"),
              string(u.get("expression"), "ClaimOrExpression", "jwt.claimMappings.uid.expression", "string"));
        }
      }
      List<ExtraMapping> extra = list(f.get("extra"), path + ".extra", "ClaimMappings", "jwt.claimMappings.extra", "[]v1.ExtraMapping", (n, p) -> {
        Map<String, JsonNode> e = fields(n, p, Set.of("key", "valueExpression"));
        return new ExtraMapping(string(e.get("key"), "ExtraMapping", "jwt.claimMappings.extra.key", "string"),
            string(e.get("valueExpression"), "ExtraMapping", "jwt.claimMappings.extra.valueExpression", "string"));
      });
      return new ClaimMappings(username, groups, uid, extra);
    }

    PrefixedClaimOrExpression prefixed(JsonNode node, String path, String goPath) {
      if (node == null || node.isNull()) {
        return PrefixedClaimOrExpression.none();
      }
      if (!node.isObject()) {
        typeError("ClaimMappings", goPath, node, "v1.PrefixedClaimOrExpression");
        return PrefixedClaimOrExpression.none();
      }
      Map<String, JsonNode> f = fields(node, path, Set.of("claim", "prefix", "expression"));
      JsonNode prefixNode = f.get("prefix");
      Optional<String> prefix = prefixNode == null || prefixNode.isNull()
          ? Optional.empty()
          : Optional.of(string(prefixNode, "PrefixedClaimOrExpression", goPath + ".prefix", "string"));
      return new PrefixedClaimOrExpression(
          string(f.get("claim"), "PrefixedClaimOrExpression", goPath + ".claim", "string"),
          prefix,
          string(f.get("expression"), "PrefixedClaimOrExpression", goPath + ".expression", "string"));
    }

    /** An object's fields; unknown names are remembered with their full path. */
    Map<String, JsonNode> fields(JsonNode node, String path, Set<String> known) {
      Map<String, JsonNode> out = new LinkedHashMap<>();
      if (node == null || !node.isObject()) {
        return out;
      }
      node.properties().forEach(e -> {
        if (known.contains(e.getKey())) {
          out.put(e.getKey(), e.getValue());
        } else {
          unknown.add("unknown field " + GoStrings.quote(path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
        }
      });
      return out;
    }

    <T> List<T> list(JsonNode node, String strictBase, String struct, String goPath, String goType,
        java.util.function.BiFunction<JsonNode, String, T> element) {
      List<T> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isArray()) {
        typeError(struct, goPath, node, goType);
        return out;
      }
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isNull()) {
          continue;
        }
        String elementType = goType.substring(2);
        if (!elementType.equals("string") && !item.isObject()) {
          typeError(struct, goPath, item, elementType);
          continue;
        }
        out.add(element.apply(item, strictBase + "[" + i + "]"));
      }
      return out;
    }

    String string(JsonNode node, String struct, String goPath, String goType) {
      if (node == null || node.isNull()) {
        return "";
      }
      if (!node.isString()) {
        typeError(struct, goPath, node, goType);
        return "";
      }
      return node.stringValue();
    }

    boolean bool(JsonNode node, String struct, String goPath) {
      if (node == null || node.isNull()) {
        return false;
      }
      if (!node.isBoolean()) {
        typeError(struct, goPath, node, "bool");
        return false;
      }
      return node.booleanValue();
    }

    void typeError(String struct, String goPath, JsonNode found, String goType) {
      if (typeError == null) {
        typeError = "json: cannot unmarshal " + GoJsonTypes.of(found) + " into Go struct field " + struct + "." + goPath + " of type " + goType;
      }
    }
  }

  // ---------------------------------------------------------------- writing

  static String encode(AuthenticationConfiguration config) {
    JsonNodeFactory nf = JsonNodeFactory.instance;
    ObjectNode root = nf.objectNode();
    root.put("apiVersion", GROUP + "/v1");
    root.put("kind", KIND);
    if (!config.jwt().isEmpty()) {
      ArrayNode jwt = root.putArray("jwt");
      for (JwtAuthenticator a : config.jwt()) {
        ObjectNode node = jwt.addObject();
        ObjectNode issuer = node.putObject("issuer");
        Issuer i = a.issuer();
        putIfSet(issuer, "url", i.url());
        putIfSet(issuer, "discoveryURL", i.discoveryURL());
        putIfSet(issuer, "certificateAuthority", i.certificateAuthority());
        if (!i.audiences().isEmpty()) {
          ArrayNode audiences = issuer.putArray("audiences");
          i.audiences().forEach(audiences::add);
        }
        putIfSet(issuer, "audienceMatchPolicy", i.audienceMatchPolicy());
        putIfSet(issuer, "egressSelectorType", i.egressSelectorType());
        if (!a.claimValidationRules().isEmpty()) {
          ArrayNode rules = node.putArray("claimValidationRules");
          for (ClaimValidationRule r : a.claimValidationRules()) {
            ObjectNode rule = rules.addObject();
            putIfSet(rule, "claim", r.claim());
            putIfSet(rule, "requiredValue", r.requiredValue());
            putIfSet(rule, "expression", r.expression());
            putIfSet(rule, "message", r.message());
          }
        }
        ObjectNode mappings = node.putObject("claimMappings");
        ClaimMappings m = a.claimMappings();
        putPrefixed(mappings, "username", m.username());
        putPrefixed(mappings, "groups", m.groups());
        if (!m.uid().isEmpty()) {
          ObjectNode uid = mappings.putObject("uid");
          putIfSet(uid, "claim", m.uid().claim());
          putIfSet(uid, "expression", m.uid().expression());
        }
        if (!m.extra().isEmpty()) {
          ArrayNode extra = mappings.putArray("extra");
          for (ExtraMapping e : m.extra()) {
            ObjectNode item = extra.addObject();
            putIfSet(item, "key", e.key());
            putIfSet(item, "valueExpression", e.valueExpression());
          }
        }
        if (!a.userValidationRules().isEmpty()) {
          ArrayNode rules = node.putArray("userValidationRules");
          for (UserValidationRule r : a.userValidationRules()) {
            ObjectNode rule = rules.addObject();
            putIfSet(rule, "expression", r.expression());
            putIfSet(rule, "message", r.message());
          }
        }
      }
    }
    config.anonymous().ifPresent(anonymous -> {
      ObjectNode node = root.putObject("anonymous");
      node.put("enabled", anonymous.enabled());
      if (!anonymous.conditions().isEmpty()) {
        ArrayNode conditions = node.putArray("conditions");
        anonymous.conditions().forEach(c -> conditions.addObject().put("path", c.path()));
      }
    });
    return YAML.writeValueAsString(root);
  }

  private static void putPrefixed(ObjectNode parent, String name, PrefixedClaimOrExpression p) {
    if (p.isEmpty()) {
      return;
    }
    ObjectNode node = parent.putObject(name);
    putIfSet(node, "claim", p.claim());
    p.prefix().ifPresent(prefix -> node.put("prefix", prefix));
    putIfSet(node, "expression", p.expression());
  }

  private static void putIfSet(ObjectNode node, String name, String value) {
    if (!value.isEmpty()) {
      node.put(name, value);
    }
  }
}
