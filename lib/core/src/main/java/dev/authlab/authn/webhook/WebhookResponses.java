package dev.authlab.authn.webhook;

import dev.authlab.gofmt.GoJsonTypes;
import dev.authlab.gofmt.GoStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Reads a webhook's HTTP response the way client-go's REST client (Result.Into/Error) and the
 * apiserver's decoder read it: 200–206 must carry a TokenReview (JSON, or YAML); any other status
 * becomes an API error ("an error on the server (…) has prevented the request from succeeding"),
 * unless the body is a metav1.Status, whose message wins. Also decides, as apimachinery's
 * DefaultShouldRetry does, whether an error is worth another attempt.
 */
final class WebhookResponses {

  /** client-go caps the text of an unstructured error response at this many bytes. */
  static final int MAX_UNSTRUCTURED_RESPONSE_TEXT = 2048;

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().yamlSchema(YAMLSchema.CORE).build()).build();

  // metav1.StatusReason values apimachinery knows; an unknown reason falls back to the HTTP code
  private static final Set<String> KNOWN_REASONS = Set.of("", "Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict",
      "Gone", "Invalid", "ServerTimeout", "StoreReadError", "Timeout", "TooManyRequests", "BadRequest", "MethodNotAllowed",
      "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired", "ServiceUnavailable");

  private WebhookResponses() {}

  /** The status fields of a TokenReview the webhook returned. */
  record ReviewStatus(
      boolean authenticated, String error, String username, String uid, List<String> groups, Map<String, List<String>> extra,
      List<String> audiences) {}

  /** An API error as apimachinery models it: the message, and what decides retries. */
  record ApiStatus(String reason, int code, boolean hasDetails, int retryAfterSeconds) {}

  /** A failed call: Go's error text, its API status when it has one, and whether it was a connection reset. */
  record CallError(String message, Optional<ApiStatus> status, boolean connectionReset) {

    static CallError transport(WebhookTransport.Failure failure) {
      return new CallError(failure.error(), Optional.empty(), failure.connectionReset());
    }

    static CallError plain(String message) {
      return new CallError(message, Optional.empty(), false);
    }
  }

  /** What a response amounts to. */
  sealed interface Outcome permits Reviewed, Errored {}

  record Reviewed(ReviewStatus status) implements Outcome {}

  record Errored(CallError error) implements Outcome {}

  /** apimachinery's DefaultShouldRetry. */
  static boolean shouldRetry(CallError error) {
    if (error.connectionReset()) {
      return true;
    }
    if (error.status().isEmpty()) {
      return false;
    }
    ApiStatus status = error.status().get();
    String reason = status.reason();
    if (reason.equals("InternalError") || reason.equals("Timeout") || reason.equals("TooManyRequests")) {
      return true;
    }
    if (!KNOWN_REASONS.contains(reason) && (status.code() == 500 || status.code() == 504 || status.code() == 429)) {
      return true;
    }
    // SuggestsClientDelay: the server asked for a retry
    return status.hasDetails() && (reason.equals("ServerTimeout") || status.retryAfterSeconds() > 0);
  }

  static Outcome interpret(WebhookTransport.Response response, WebhookVersion version) {
    String contentType = response.contentType().orElse("application/json");
    Optional<String> mimeError = response.contentType().flatMap(WebhookResponses::mimeError);
    if (mimeError.isPresent()) {
      return new Errored(new CallError("Internal error occurred: " + mimeError.get(),
          Optional.of(new ApiStatus("InternalError", 500, true, 0)), false));
    }
    int code = response.status();
    byte[] body = response.body();
    if (code < 200 || code > 206) {
      return new Errored(errorFor(response, code, body));
    }
    if (body.length == 0) {
      return new Errored(CallError.plain("0-length response with status code: " + code + " and content type: " + contentType));
    }
    Decoded decoded = decode(body, version);
    if (decoded instanceof DecodeFailed failed) {
      return new Errored(CallError.plain(failed.message()));
    }
    if (decoded instanceof StatusObject status) {
      if (!status.status().equals("Success")) {
        return new Errored(status.asError());
      }
      // a successful Status carries no review: nothing was authenticated
      return new Reviewed(new ReviewStatus(false, "", "", "", List.of(), Map.of(), List.of()));
    }
    return new Reviewed(((ReviewObject) decoded).status());
  }

  // ---- errors for non-2xx responses

  private static CallError errorFor(WebhookTransport.Response response, int code, byte[] body) {
    int retryAfter = response.retryAfter().flatMap(WebhookResponses::atoi).orElse(0);
    if (body.length > 0) {
      Decoded decoded = decode(body, WebhookVersion.V1);
      if (decoded instanceof StatusObject status && status.status().equals("Failure")) {
        return status.asError();
      }
    }
    byte[] capped = body.length > MAX_UNSTRUCTURED_RESPONSE_TEXT ? java.util.Arrays.copyOf(body, MAX_UNSTRUCTURED_RESPONSE_TEXT) : body;
    boolean text = response.contentType().map(WebhookResponses::isText).orElse(true);
    byte[] serverMessage = text ? trimAsciiSpace(capped) : "unknown".getBytes(StandardCharsets.US_ASCII);
    String server = new String(serverMessage, StandardCharsets.UTF_8);
    String reason;
    String message;
    switch (code) {
      case 409 -> {
        reason = "AlreadyExists";
        message = "the server reported a conflict";
      }
      case 404 -> {
        reason = "NotFound";
        message = "the server could not find the requested resource";
      }
      case 400 -> {
        reason = "BadRequest";
        message = "the server rejected our request for an unknown reason";
      }
      case 401 -> {
        reason = "Unauthorized";
        message = "the server has asked for the client to provide credentials";
      }
      case 403 -> {
        reason = "Forbidden";
        message = server;
      }
      case 406 -> {
        reason = "NotAcceptable";
        message = server.isEmpty() || server.equals("unknown")
            ? "the server was unable to respond with a content type that the client supports"
            : server;
      }
      case 415 -> {
        reason = "UnsupportedMediaType";
        message = server;
      }
      case 405 -> {
        reason = "MethodNotAllowed";
        message = "the server does not allow this method on the requested resource";
      }
      case 422 -> {
        reason = "Invalid";
        message = "the server rejected our request due to an error in our request";
      }
      case 503 -> {
        reason = "ServiceUnavailable";
        message = "the server is currently unable to handle the request";
      }
      case 504 -> {
        reason = "Timeout";
        message = "the server was unable to return a response in the time allotted, but may still be processing the request";
      }
      case 429 -> {
        reason = "TooManyRequests";
        message = "the server has received too many requests and has asked us to try again later";
      }
      default -> {
        if (code >= 500) {
          reason = "InternalError";
          message = "an error on the server (" + GoStrings.quote(serverMessage) + ") has prevented the request from succeeding";
        } else {
          reason = "";
          message = "the server responded with the status code " + code + " but did not return more information";
        }
      }
    }
    return new CallError(message, Optional.of(new ApiStatus(reason, code, true, retryAfter)), false);
  }

  /** strings.TrimSpace on raw bytes (white space other than ASCII is left alone). */
  private static byte[] trimAsciiSpace(byte[] bytes) {
    int start = 0;
    int end = bytes.length;
    while (start < end && isAsciiSpace(bytes[start])) {
      start++;
    }
    while (end > start && isAsciiSpace(bytes[end - 1])) {
      end--;
    }
    return java.util.Arrays.copyOfRange(bytes, start, end);
  }

  private static boolean isAsciiSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
  }

  /** Go's strconv.Atoi, as client-go reads Retry-After. */
  static Optional<Integer> atoi(String value) {
    if (!value.matches("[+-]?[0-9]+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(value.startsWith("+") ? value.substring(1) : value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isText(String contentType) {
    return mimeError(contentType).isEmpty() && mediaType(contentType).startsWith("text/");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return GoStrings.trimSpace(semicolon < 0 ? contentType : contentType.substring(0, semicolon)).toLowerCase(Locale.ROOT);
  }

  /** What Go's mime.ParseMediaType rejects in the media type itself. */
  private static Optional<String> mimeError(String contentType) {
    String media = mediaType(contentType);
    if (media.isEmpty()) {
      return Optional.of("mime: no media type");
    }
    int slash = media.indexOf('/');
    if (slash < 0) {
      return media.chars().allMatch(WebhookResponses::isTokenChar) ? Optional.empty() : Optional.of("mime: expected token after slash");
    }
    String type = media.substring(0, slash);
    String subtype = media.substring(slash + 1);
    if (type.isEmpty() || !type.chars().allMatch(WebhookResponses::isTokenChar)) {
      return Optional.of("mime: no media type");
    }
    if (subtype.isEmpty() || !subtype.chars().allMatch(WebhookResponses::isTokenChar)) {
      return Optional.of("mime: expected token after slash");
    }
    return Optional.empty();
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }

  // ---- decoding a body, as the apiserver's universal deserializer into a TokenReview

  private sealed interface Decoded permits DecodeFailed, StatusObject, ReviewObject {}

  private record DecodeFailed(String message) implements Decoded {}

  private record StatusObject(String status, String message, String reason, int code, boolean hasDetails, int retryAfterSeconds)
      implements Decoded {
    CallError asError() {
      return new CallError(message, Optional.of(new ApiStatus(reason, code, hasDetails, retryAfterSeconds)), false);
    }
  }

  private record ReviewObject(ReviewStatus status) implements Decoded {}

  private static final String INTERPRET_TARGET =
      "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }";

  private static Decoded decode(byte[] body, WebhookVersion version) {
    String text = new String(body, StandardCharsets.UTF_8);
    JsonNode node;
    if (GoStrings.trimSpace(text).startsWith("{")) {
      try {
        node = JSON.readTree(text);
      } catch (JacksonException e) {
        return new DecodeFailed("couldn't get version/kind; json parse error: " + jsonSyntax(e));
      }
    } else {
      try {
        node = YAML.readTree(text);
      } catch (JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String line = at != null && at.getLineNr() > 0 ? "line " + at.getLineNr() + ": " : "";
        return new DecodeFailed("error converting YAML to JSON: yaml: " + line
            + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("invalid YAML"));
      }
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      node = JSON.createObjectNode();
    }
    if (!node.isObject()) {
      return new DecodeFailed("couldn't get version/kind; json parse error: json: cannot unmarshal " + GoJsonTypes.of(node)
          + " into Go value of type " + INTERPRET_TARGET);
    }
    for (String field : List.of("apiVersion", "kind")) {
      JsonNode value = node.get(field);
      if (value != null && !value.isNull() && !value.isString()) {
        return new DecodeFailed("couldn't get version/kind; json parse error: json: cannot unmarshal " + GoJsonTypes.of(value)
            + " into Go struct field ." + field + " of type string");
      }
    }
    String apiVersion = text(node, "apiVersion");
    String kind = text(node, "kind");
    // gvkWithDefaults: what is missing comes from the TokenReview being decoded into
    if (kind.isEmpty()) {
      kind = "TokenReview";
    }
    if (apiVersion.isEmpty()) {
      apiVersion = version.apiVersion();
    }
    if (kind.equals("Status")) {
      return status(node);
    }
    if (kind.equals("TokenReview")
        && (apiVersion.equals(WebhookVersion.V1.apiVersion()) || apiVersion.equals(WebhookVersion.V1BETA1.apiVersion()))) {
      String goPackage = apiVersion.substring(apiVersion.indexOf('/') + 1);
      return review(node, goPackage);
    }
    return new DecodeFailed("no kind " + GoStrings.quote(kind) + " is registered for version " + GoStrings.quote(apiVersion));
  }

  private static String jsonSyntax(JacksonException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.contains("end-of-input")) {
      return "unexpected end of JSON input";
    }
    TokenStreamLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    if (message.startsWith("Trailing token")) {
      return "invalid character after top-level value" + where;
    }
    return "invalid character" + where;
  }

  private static Decoded status(JsonNode node) {
    String status = text(node, "status");
    String message = text(node, "message");
    String reason = text(node, "reason");
    JsonNode code = node.get("code");
    JsonNode details = node.get("details");
    boolean hasDetails = details != null && details.isObject();
    int retryAfter = hasDetails && details.path("retryAfterSeconds").isIntegralNumber() ? details.path("retryAfterSeconds").intValue() : 0;
    return new StatusObject(status, message, reason, code != null && code.isIntegralNumber() ? code.intValue() : 0, hasDetails,
        retryAfter);
  }

  /** A TokenReview, with Go's type checks and "cannot unmarshal" messages for the fields that matter. */
  private static Decoded review(JsonNode node, String goPackage) {
    List<String> problems = new ArrayList<>();
    JsonNode metadata = node.get("metadata");
    if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
      problems.add(unmarshal(metadata, "TokenReview", "metadata", "v1.ObjectMeta"));
    }
    JsonNode spec = objectField(node, "spec", "TokenReview", goPackage + ".TokenReviewSpec", problems);
    if (spec != null) {
      stringField(spec, "token", "TokenReviewSpec", "spec.token", problems);
      stringList(spec, "audiences", "TokenReviewSpec", "spec.audiences", problems);
    }
    JsonNode status = objectField(node, "status", "TokenReview", goPackage + ".TokenReviewStatus", problems);
    boolean authenticated = false;
    String error = "";
    List<String> audiences = List.of();
    String username = "";
    String uid = "";
    List<String> groups = List.of();
    Map<String, List<String>> extra = Map.of();
    if (status != null) {
      JsonNode value = status.get("authenticated");
      if (value != null && !value.isNull()) {
        if (value.isBoolean()) {
          authenticated = value.booleanValue();
        } else {
          problems.add(unmarshal(value, "TokenReviewStatus", "status.authenticated", "bool"));
        }
      }
      error = stringField(status, "error", "TokenReviewStatus", "status.error", problems);
      audiences = stringList(status, "audiences", "TokenReviewStatus", "status.audiences", problems);
      JsonNode user = objectField(status, "user", "TokenReviewStatus", goPackage + ".UserInfo", problems, "status.user");
      if (user != null) {
        username = stringField(user, "username", "UserInfo", "status.user.username", problems);
        uid = stringField(user, "uid", "UserInfo", "status.user.uid", problems);
        groups = stringList(user, "groups", "UserInfo", "status.user.groups", problems);
        extra = extra(user, goPackage, problems);
      }
    }
    if (!problems.isEmpty()) {
      // encoding/json reports the first type error it met
      return new DecodeFailed(problems.get(0));
    }
    return new ReviewObject(new ReviewStatus(authenticated, error, username, uid, groups, extra, audiences));
  }

  private static JsonNode objectField(JsonNode parent, String name, String struct, String goType, List<String> problems) {
    return objectField(parent, name, struct, goType, problems, name);
  }

  private static JsonNode objectField(JsonNode parent, String name, String struct, String goType, List<String> problems, String path) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      problems.add(unmarshal(value, struct, path, goType));
      return null;
    }
    return value;
  }

  private static String stringField(JsonNode parent, String name, String struct, String path, List<String> problems) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isString()) {
      problems.add(unmarshal(value, struct, path, "string"));
      return "";
    }
    return value.asString();
  }

  private static List<String> stringList(JsonNode parent, String name, String struct, String path, List<String> problems) {
    JsonNode value = parent.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      problems.add(unmarshal(value, struct, path, "[]string"));
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (item.isNull()) {
        items.add("");
      } else if (item.isString()) {
        items.add(item.asString());
      } else {
        problems.add(unmarshal(item, struct, path, "string"));
      }
    }
    return List.copyOf(items);
  }

  private static Map<String, List<String>> extra(JsonNode user, String goPackage, List<String> problems) {
    JsonNode value = user.get("extra");
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      problems.add(unmarshal(value, "UserInfo", "status.user.extra", "map[string]" + goPackage + ".ExtraValue"));
      return Map.of();
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode values = entry.getValue();
      String path = "status.user.extra." + entry.getKey();
      if (values.isNull()) {
        extra.put(entry.getKey(), List.of());
      } else if (!values.isArray()) {
        problems.add(unmarshal(values, "UserInfo", path, goPackage + ".ExtraValue"));
      } else {
        List<String> items = new ArrayList<>();
        for (JsonNode item : values) {
          if (item.isNull()) {
            items.add("");
          } else if (item.isString()) {
            items.add(item.asString());
          } else {
            problems.add(unmarshal(item, "UserInfo", path, "string"));
          }
        }
        extra.put(entry.getKey(), List.copyOf(items));
      }
    }
    return extra;
  }

  private static String unmarshal(JsonNode value, String struct, String path, String goType) {
    return "json: cannot unmarshal " + GoJsonTypes.of(value) + " into Go struct field " + struct + "." + path + " of type " + goType;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isString() ? "" : value.asString();
  }
}
