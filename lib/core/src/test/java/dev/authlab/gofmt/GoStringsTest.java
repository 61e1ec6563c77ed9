package dev.authlab.gofmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's %q, %v of []string and strings.TrimSpace, as upstream's messages use them. */
class GoStringsTest {

  @Test
  void quotesLikeStrconvQuote() {
    assertThat(GoStrings.quote("HTTP Error")).isEqualTo("\"HTTP Error\"");
    assertThat(GoStrings.quote("a\"b\\c\n\t\u0001\u007f")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01\\x7f\"");
    assertThat(GoStrings.quote("Zoë 🦊")).isEqualTo("\"Zoë 🦊\"");
    assertThat(GoStrings.quote("\u00a0\u2028")).isEqualTo("\"\\u00a0\\u2028\"");
    assertThat(GoStrings.quote(new byte[] {'o', 'k', (byte) 0xe2, (byte) 0x82})).isEqualTo("\"ok\\xe2\\x82\"");
    assertThat(GoStrings.quote("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"é\"");
  }

  @Test
  void quotesStringsAndSlicesLikePercentQ() {
    assertThat(GoStrings.quote("a\"b\\c\n\u00e9\u200b")).isEqualTo("\"a\\\"b\\\\c\\n\u00e9\\u200b\"");
    assertThat(GoStrings.quoteAll(List.of("x", "y"))).isEqualTo("[\"x\" \"y\"]");
    assertThat(GoStrings.quoteAll(List.of())).isEqualTo("[]");
  }

  @Test
  void trimsUnicodeSpaceLikeTrimSpace() {
    assertThat(GoStrings.trimSpace("\u00a0 x \n")).isEqualTo("x");
  }
}
