package dev.authlab.authn.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go behaviours the service-account code leans on: JSON reading and writing, number conversion. */
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
