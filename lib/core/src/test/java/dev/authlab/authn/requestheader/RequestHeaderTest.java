package dev.authlab.authn.requestheader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.authn.AuthenticationRequest;
import dev.authlab.authn.AuthnResult;
import dev.authlab.authn.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upstream TestRequestHeader: how identities are read from headers once the proxy is trusted, and
 * which headers are gone afterwards. (The certificate check in front of it is in
 * {@link RequestHeaderAuthenticatorTest}.)
 */
class RequestHeaderTest {

  private static HeaderNames names(List<String> user, List<String> group, List<String> extra) {
    return new HeaderNames(user, List.of(), group, extra);
  }

  private static AuthenticationRequest request(Map<String, List<String>> headers) {
    return new AuthenticationRequest("GET", "/", headers, List.of(), List.of());
  }

  private static Map<String, List<String>> headers(Object... nameAndValues) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < nameAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> values = (List<String>) nameAndValues[i + 1];
      headers.put((String) nameAndValues[i], values);
    }
    return headers;
  }

  private static UserInfo authenticated(HeaderNames names, AuthenticationRequest request) {
    AuthnResult result = RequestHeaderAuthenticator.fromHeaders(names, request);
    assertThat(result).as("%s", result).isInstanceOf(AuthnResult.Authenticated.class);
    return ((AuthnResult.Authenticated) result).user();
  }

  private static void notAuthenticated(HeaderNames names, AuthenticationRequest request) {
    assertThat(RequestHeaderAuthenticator.fromHeaders(names, request)).isInstanceOf(AuthnResult.NoOpinion.class);
  }

  private static UserInfo user(String name, List<String> groups, Map<String, List<String>> extra) {
    return new UserInfo(name, "", groups, extra);
  }

  @Test
  void empty() {
    notAuthenticated(names(List.of(), List.of(), List.of()), request(Map.of()));
  }

  @Test
  void userNoMatch() {
    notAuthenticated(names(List.of("X-Remote-User"), List.of(), List.of()), request(Map.of()));
  }

  @Test
  void userMatch() {
    HeaderNames names = names(List.of("X-Remote-User"), List.of(), List.of());
    AuthenticationRequest request = request(headers("X-Remote-User", List.of("Bob")));
    assertThat(authenticated(names, request)).isEqualTo(user("Bob", List.of(), Map.of()));
    assertThat(names.clearFrom(request).headers()).isEmpty();
  }

  @Test
  void userExactMatch() {
    HeaderNames names = names(List.of("X-Remote-User"), List.of(), List.of());
    notAuthenticated(names, request(headers("Prefixed-X-Remote-User-With-Suffix", List.of("Bob"), "X-Remote-User-With-Suffix", List.of("Bob"))));
  }

  @Test
  void userFirstMatch() {
    HeaderNames names = names(List.of("X-Remote-User", "A-Second-X-Remote-User", "Another-X-Remote-User"), List.of(), List.of());
    AuthenticationRequest request = request(headers(
        "X-Remote-User", List.of("", "First header, second value"),
        "A-Second-X-Remote-User", List.of("Second header, first value", "Second header, second value"),
        "Another-X-Remote-User", List.of("Third header, first value")));
    assertThat(authenticated(names, request)).isEqualTo(user("Second header, first value", List.of(), Map.of()));
    assertThat(names.clearFrom(request).headers()).isEmpty();
  }

  @Test
  void userCaseInsensitive() {
    assertThat(authenticated(names(List.of("x-REMOTE-user"), List.of(), List.of()), request(headers("X-Remote-User", List.of("Bob")))))
        .isEqualTo(user("Bob", List.of(), Map.of()));
  }

  @Test
  void groupsNone() {
    assertThat(authenticated(names(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of()), request(headers("X-Remote-User", List.of("Bob")))))
        .isEqualTo(user("Bob", List.of(), Map.of()));
  }

  @Test
  void groupsAllMatches() {
    AuthenticationRequest request = request(headers(
        "X-Remote-User", List.of("Bob"),
        "X-Remote-Group-1", List.of("one-a", "one-b"),
        "X-Remote-Group-2", List.of("two-a", "two-b")));
    HeaderNames names = names(List.of("X-Remote-User"), List.of("X-Remote-Group-1", "X-Remote-Group-2"), List.of());
    assertThat(authenticated(names, request)).isEqualTo(user("Bob", List.of("one-a", "one-b", "two-a", "two-b"), Map.of()));
    assertThat(names.clearFrom(request).headers()).isEmpty();
  }

  @Test
  void groupsCaseInsensitive() {
    AuthenticationRequest request = request(headers("X-Remote-User", List.of("Bob"), "X-Remote-Group", List.of("Users")));
    assertThat(authenticated(names(List.of("X-REMOTE-User"), List.of("X-REMOTE-Group"), List.of()), request))
        .isEqualTo(user("Bob", List.of("Users"), Map.of()));
  }

  private static Map<String, List<String>> extraHeaders() {
    return headers(
        "X-Remote-User", List.of("Bob"),
        "X-Remote-Group-1", List.of("one-a", "one-b"),
        "X-Remote-Group-2", List.of("two-a", "two-b"),
        "X-Remote-extra-1-key1", List.of("alfa", "bravo"),
        "X-Remote-Extra-1-Key2", List.of("charlie", "delta"),
        "X-Remote-Extra-1-", List.of("india", "juliet"),
        "X-Remote-extra-2-", List.of("kilo", "lima"),
        "X-Remote-extra-2-Key1", List.of("echo", "foxtrot"),
        "X-Remote-Extra-2-key2", List.of("golf", "hotel"));
  }

  private static final HeaderNames EXTRA_NAMES =
      names(List.of("X-Remote-User"), List.of("X-Remote-Group-1", "X-Remote-Group-2"), List.of("X-Remote-Extra-1-", "X-Remote-Extra-2-"));

  private static final UserInfo EXTRA_USER = user("Bob", List.of("one-a", "one-b", "two-a", "two-b"), Map.of(
      "key1", List.of("alfa", "bravo", "echo", "foxtrot"),
      "key2", List.of("charlie", "delta", "golf", "hotel"),
      "", List.of("india", "juliet", "kilo", "lima")));

  @Test
  void extraPrefixMatchesCaseInsensitive() {
    AuthenticationRequest request = request(extraHeaders());
    assertThat(authenticated(EXTRA_NAMES, request)).isEqualTo(EXTRA_USER);
    assertThat(EXTRA_NAMES.clearFrom(request).headers()).isEmpty();
  }

  @Test
  void extraPrefixMatchesCaseInsensitiveWithUnrelatedHeaders() {
    Map<String, List<String>> all = headers("X-Group-Remote", List.of("snorlax"), "X-Group-Bear", List.of("panda"));
    all.putAll(extraHeaders());
    AuthenticationRequest request = request(all);
    assertThat(authenticated(EXTRA_NAMES, request)).isEqualTo(EXTRA_USER);
    assertThat(EXTRA_NAMES.clearFrom(request).headers())
        .isEqualTo(Map.of("x-group-remote", List.of("snorlax"), "x-group-bear", List.of("panda")));
  }

  @Test
  void escapedExtraKeys() {
    AuthenticationRequest request = request(headers(
        "X-Remote-User", List.of("Bob"),
        "X-Remote-Group", List.of("one-a", "one-b"),
        "X-Remote-Extra-Alpha", List.of("alphabetical"),
        "X-Remote-Extra-Alph4num3r1c", List.of("alphanumeric"),
        "X-Remote-Extra-Percent%20encoded", List.of("percent encoded"),
        "X-Remote-Extra-Almost%zzpercent%xxencoded", List.of("not quite percent encoded"),
        "X-Remote-Extra-Example.com%2fpercent%2520encoded", List.of("url with double percent encoding"),
        "X-Remote-Extra-Example.com%2F%E4%BB%8A%E6%97%A5%E3%81%AF", List.of("url with unicode"),
        "X-Remote-Extra-Abc123!#$+.-_*\\^`~|'", List.of("header key legal characters")));
    assertThat(authenticated(names(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-")), request))
        .isEqualTo(user("Bob", List.of("one-a", "one-b"), Map.of(
            "alpha", List.of("alphabetical"),
            "alph4num3r1c", List.of("alphanumeric"),
            "percent encoded", List.of("percent encoded"),
            "almost%zzpercent%xxencoded", List.of("not quite percent encoded"),
            "example.com/percent%20encoded", List.of("url with double percent encoding"),
            "example.com/今日は", List.of("url with unicode"),
            "abc123!#$+.-_*\\^`~|'", List.of("header key legal characters"))));
  }

  @Test
  void uidFromTheFirstNonEmptyUidHeaderAndOnlyWithAUser() {
    HeaderNames names = new HeaderNames(List.of("X-Remote-User"), List.of("X-Remote-Uid", "X-Other-Uid"), List.of(), List.of());
    AuthenticationRequest request = request(headers(
        "X-Remote-User", List.of("Bob"), "X-Remote-Uid", List.of("", "ignored"), "X-Other-Uid", List.of("uid-42", "uid-43")));
    assertThat(authenticated(names, request)).isEqualTo(new UserInfo("Bob", "uid-42", List.of(), Map.of()));
    assertThat(names.clearFrom(request).headers()).isEmpty();
    notAuthenticated(names, request(headers("X-Remote-Uid", List.of("uid-42"))));
  }

  @Test
  void emptyGroupValuesAreDroppedButEmptyExtraValuesAreKept() {
    HeaderNames names = names(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of("X-Remote-Extra-"));
    AuthenticationRequest request = request(headers(
        "X-Remote-User", List.of("Bob"), "X-Remote-Group", List.of("", "a, b", ""), "X-Remote-Extra-Scopes", List.of("", "read")));
    UserInfo user = authenticated(names, request);
    assertThat(user.groups()).containsExactly("a, b");
    assertThat(user.extra()).isEqualTo(Map.of("scopes", List.of("", "read")));
  }

  @Test
  void escapesMayProduceUpperCaseAndAPercentAtTheEndIsMalformed() {
    assertThat(RequestHeaderAuthenticator.unescapeExtraKey("%41bc")).isEqualTo("Abc");
    assertThat(RequestHeaderAuthenticator.unescapeExtraKey("abc%")).isEqualTo("abc%");
    assertThat(RequestHeaderAuthenticator.unescapeExtraKey("abc%2")).isEqualTo("abc%2");
    assertThat(RequestHeaderAuthenticator.unescapeExtraKey("a+b")).isEqualTo("a+b");
  }

  @Test
  void anExtraPrefixCanSwallowTheOtherIdentityHeaders() {
    HeaderNames names = names(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of("X-Remote-"));
    UserInfo user = authenticated(names, request(headers("X-Remote-User", List.of("Bob"), "X-Remote-Group", List.of("dev"))));
    assertThat(user.extra()).isEqualTo(Map.of("user", List.of("Bob"), "group", List.of("dev")));
  }

  @Test
  void oversizedAndOddValuesArePassedThroughUnchanged() {
    String big = "x".repeat(1 << 20);
    HeaderNames names = names(List.of("X-Remote-User"), List.of("X-Remote-Group"), List.of());
    UserInfo user = authenticated(names, request(headers("X-Remote-User", List.of(big), "X-Remote-Group", List.of("système:masters,  ", "\u0000"))));
    assertThat(user.name()).hasSize(1 << 20);
    assertThat(user.groups()).containsExactly("système:masters,  ", "\u0000");
  }
}
