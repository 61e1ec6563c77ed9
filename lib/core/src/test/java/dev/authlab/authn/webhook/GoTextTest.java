package dev.authlab.authn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bits of Go formatting our messages are built from. */
class GoTextTest {

  @Test
  void quotesLikeStrconvQuote() {
    assertThat(GoText.quote("HTTP Error")).isEqualTo("\"HTTP Error\"");
    assertThat(GoText.quote("a\"b\\c\n\t\u0001\u007f")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01\\x7f\"");
    assertThat(GoText.quote("Zoë 🦊")).isEqualTo("\"Zoë 🦊\"");
    assertThat(GoText.quote("\u00a0\u2028")).isEqualTo("\"\\u00a0\\u2028\"");
    assertThat(GoText.quote(new byte[] {'o', 'k', (byte) 0xe2, (byte) 0x82})).isEqualTo("\"ok\\xe2\\x82\"");
    assertThat(GoText.quote("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("\"é\"");
  }

  @Test
  void aggregatesLikeApimachinery() {
    assertThat(GoText.aggregate(List.of("one"))).isEqualTo("one");
    assertThat(GoText.aggregate(List.of("one", "two", "one"))).isEqualTo("[one, two]");
    assertThat(GoText.aggregate(List.of("same", "same"))).isEqualTo("same");
  }

  @Test
  void trimsUnicodeSpaceLikeTrimSpace() {
    assertThat(GoText.trimSpace("\u00a0 x \n")).isEqualTo("x");
  }
}
