package dev.authlab.authn.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go behaviours the service-account code leans on: JSON reading and writing, %q, durations. */
class GoCompatibilityTest {

  @Test
  void jsonKeepsDuplicatesInOrder() {
    GoJson.Obj obj = (GoJson.Obj) GoJson.parse("{\"iss\":\"a\",\"iss\":\"b\"}").orElseThrow();
    assertThat(GoJson.lastExact(obj, "iss")).contains(new GoJson.Str("b"));
    assertThat(obj.members()).hasSize(2);
  }

  @Test
  void issuerPeekFoldsCaseLikeEncodingJson() {
    GoJson.Obj obj = (GoJson.Obj) GoJson.parse("{\"iss\":\"a\",\"I\u017FS\":\"b\"}").orElseThrow();
    assertThat(GoJson.lastFolded(obj, "iss")).contains(new GoJson.Str("b"));
    GoJson.Obj dotted = (GoJson.Obj) GoJson.parse("{\"\u0130ss\":\"b\"}").orElseThrow();
    assertThat(GoJson.lastFolded(dotted, "iss")).isEmpty();
  }

  @Test
  void jsonSyntaxIsStrict() {
    for (String bad : List.of("", "{", "{\"a\":1,}", "[1,]", "01", "1.", "{\"a\" 1}", "\"\u0001\"", "nul", "{} x", "'a'", "\"\\x\"")) {
      assertThat(GoJson.parse(bad)).as(bad).isEmpty();
    }
    assertThat(GoJson.parse(" {\"a\":[1,-2.5e3,true,false,null,{}]} ")).isPresent();
    assertThat(GoJson.parse("[".repeat(10_000) + "]".repeat(10_000))).isPresent();
    assertThat(GoJson.parse("[".repeat(10_001) + "]".repeat(10_001))).isEmpty();
  }

  @Test
  void loneSurrogatesBecomeReplacementCharacters() {
    assertThat(GoJson.parse("\"\\ud800x\"")).contains(new GoJson.Str("\uFFFDx"));
    assertThat(GoJson.parse("\"\\ud83d\\ude00\"")).contains(new GoJson.Str("\uD83D\uDE00"));
  }

  @Test
  void writingSortsKeysAndEscapesLikeGo() {
    assertThat(GoJson.write(Map.of("b", 1L, "a", List.of("<&>"), "\u00e9", "\n\t\u0007")))
        .isEqualTo("{\"a\":[\"\\u003c\\u0026\\u003e\"],\"b\":1,\"\u00e9\":\"\\n\\t\\u0007\"}");
  }

  @Test
  void quotingLikePercentQ() {
    assertThat(GoText.quote("a\"b\\c\n\u00e9\u200b")).isEqualTo("\"a\\\"b\\\\c\\n\u00e9\\u200b\"");
    assertThat(GoText.quote(List.of("x", "y"))).isEqualTo("[\"x\" \"y\"]");
    assertThat(GoText.quote(List.of())).isEqualTo("[]");
  }

  @Test
  void aggregateLikeApimachinery() {
    assertThat(GoText.aggregate(List.of("a"))).isEqualTo("a");
    assertThat(GoText.aggregate(List.of("a", "a"))).isEqualTo("a");
    assertThat(GoText.aggregate(List.of("a", "b", "a"))).isEqualTo("[a, b]");
  }

  @Test
  void durationsLikeGo() {
    assertThat(GoText.duration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoText.duration(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    assertThat(GoText.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(GoText.duration(Duration.ofSeconds(600))).isEqualTo("10m0s");
  }

  @Test
  void floatToIntLikeAmd64() {
    assertThat(ClaimsDecoder.goFloatToInt64(1.9)).isEqualTo(1);
    assertThat(ClaimsDecoder.goFloatToInt64(-1.9)).isEqualTo(-1);
    assertThat(ClaimsDecoder.goFloatToInt64(1e30)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void inMemoryObjectsAreCopiesAndOnlyFourKinds() {
    var sa = SaFixtures.serviceAccount("ns", "a", "u1");
    InMemoryServiceAccountObjects objects = InMemoryServiceAccountObjects.of(sa);
    sa.getMetadata().setUid("changed");
    assertThat(objects.serviceAccount("ns", "a").orElseThrow().getMetadata().getUid()).isEqualTo("u1");
    objects.serviceAccount("ns", "a").orElseThrow().getMetadata().setUid("changed again");
    assertThat(objects.serviceAccount("ns", "a").orElseThrow().getMetadata().getUid()).isEqualTo("u1");
    assertThat(objects.without("ServiceAccount", "ns", "a").serviceAccount("ns", "a")).isEmpty();
    assertThatThrownBy(() -> InMemoryServiceAccountObjects.of(new io.fabric8.kubernetes.api.model.ConfigMap()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
