package dev.authlab.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTableTest {

  @Test
  void aUserNamedScriptIsEscapedNotRun() {
    Picture picture = HtmlTable.of("user", "note").row("<script>alert('x')</script>", "a & b \"quoted\"").picture();

    assertThat(picture.html())
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("a &amp; b &quot;quoted&quot;");
    // The terminal gets the name as it is: there is nothing to escape in plain text.
    assertThat(picture.text()).contains("<script>alert('x')</script>");
  }

  @Test
  void theTitleIsEscapedToo() {
    assertThat(HtmlTable.of("a").titled("<b>bold?</b>").picture().html()).contains("&lt;b&gt;bold?&lt;/b&gt;").doesNotContain("<b>bold");
  }

  @Test
  void textColumnsLineUpWhateverTheCellWidths() {
    String text = HtmlTable.of("name", "verdict", "why").row("token-file", "no opinion", "not mine").row("x", "authenticated", "ok").picture().text();

    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(4);
    int verdictColumn = lines.get(0).indexOf("verdict");
    int whyColumn = lines.get(0).indexOf("why");
    assertThat(lines.get(2).indexOf("no opinion")).isEqualTo(verdictColumn);
    assertThat(lines.get(3).indexOf("authenticated")).isEqualTo(verdictColumn);
    assertThat(lines.get(2).indexOf("not mine")).isEqualTo(whyColumn);
    assertThat(lines.get(3).indexOf("ok")).isEqualTo(whyColumn);
    assertThat(lines.get(1)).startsWith("----------  -------------  ---");
  }

  @Test
  void wideCharactersCountAsOneColumn() {
    String text = HtmlTable.of("a", "b").row("▶é", "x").row("ab", "y").picture().text();

    List<String> lines = text.lines().toList();
    assertThat(lines.get(2).indexOf('x')).isEqualTo(lines.get(3).indexOf('y'));
  }

  @Test
  void multiLineCellsKeepTheirLineBreaksInBothForms() {
    Picture picture = HtmlTable.of("authorizer", "why").row("RBAC", "allowed by X\n  -> rule 0").row("Node", "no").picture();

    List<String> lines = picture.text().lines().toList();
    assertThat(lines).containsExactly("authorizer  why", "----------  ------------", "RBAC        allowed by X", "              -> rule 0", "Node        no");
    assertThat(picture.html()).contains("allowed by X\n  -&gt; rule 0").contains("white-space:pre-wrap");
  }

  @Test
  void anEmphasisedRowIsBoldInHtmlAndArrowedInText() {
    Picture picture = HtmlTable.of("authorizer", "verdict").row("Node", "no opinion").row("RBAC", "allow").emphasise(1).picture();

    assertThat(picture.text().lines()).containsExactly("  authorizer  verdict", "  ----------  ----------", "  Node        no opinion", "> RBAC        allow");
    String html = picture.html();
    assertThat(html).containsOnlyOnce("<tr style=\"font-weight:bold");
    assertThat(html.indexOf("<tr style=\"font-weight:bold")).isBetween(html.indexOf(">Node<"), html.indexOf(">RBAC<"));
  }

  @Test
  void shortRowsArePaddedAndLongRowsRefused() {
    assertThat(HtmlTable.of("a", "b").row("only a").rows()).containsExactly(List.of("only a", ""));
    assertThatThrownBy(() -> HtmlTable.of("a").row("1", "2")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 cells");
  }

  @Test
  void aTableIsAValueAddingARowLeavesTheOriginalAlone() {
    HtmlTable empty = HtmlTable.of("a");
    HtmlTable one = empty.row("1");

    assertThat(empty.rows()).isEmpty();
    assertThat(one.rows()).hasSize(1);
  }

  @Test
  void notesFollowTheTableAndTheTextIsWhatToStringPrints() {
    Picture picture = HtmlTable.of("a").row("1").titled("title").withNote("outcome: fine").picture();

    assertThat(picture.text()).startsWith("title\n").endsWith("\noutcome: fine");
    assertThat(picture.toString()).isEqualTo(picture.text());
    assertThat(picture.mermaid()).isEmpty();
    assertThat(picture.html()).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
  }
}
