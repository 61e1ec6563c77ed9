package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authlab.cli.grade.Progress.LabProgress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HintSheetTest {

  private static final String SHEET = String.join("\n",
      "# Lab 02 · The static token file",
      "",
      "Parse a token file and",
      "authenticate with it.",
      "",
      "## parsesTheFile",
      "1. Look at the notebook.",
      "2. Split each line on commas,",
      "   minding quoted groups.",
      "",
      "3. Nearly the answer.",
      "",
      "## rejectsUnknownTokens",
      "1. Only one hint.",
      "");

  @Test
  void readsTitleSummaryAndNumberedHintsWithContinuationLines() {
    HintSheet sheet = HintSheet.parse(SHEET);
    assertThat(sheet.title()).isEqualTo("The static token file");
    assertThat(sheet.summary()).isEqualTo("Parse a token file and authenticate with it.");
    assertThat(sheet.byCheck().keySet()).containsExactly("parsesTheFile", "rejectsUnknownTokens");
    assertThat(sheet.hintsFor("parsesTheFile"))
        .containsExactly("Look at the notebook.", "Split each line on commas, minding quoted groups.", "Nearly the answer.");
    assertThat(sheet.hintsFor("rejectsUnknownTokens")).containsExactly("Only one hint.");
    assertThat(sheet.hintsFor("noSuchCheck")).isEmpty();
    assertThat(sheet.position("rejectsUnknownTokens")).isEqualTo(1);
    assertThat(sheet.position("noSuchCheck")).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aSectionWithoutNumberedItemsHasNoHints() {
    HintSheet sheet = HintSheet.parse("# Lab 03 · Client certificates\n\n## issuesACertificate\nJust prose.\n");
    assertThat(sheet.byCheck()).containsEntry("issuesACertificate", List.of());
  }

  @Test
  void revealingGoesOneHintFurtherOnlyWhenAsked() {
    HintSheet sheet = HintSheet.parse(SHEET);
    Hints.Result first = Hints.reveal("parsesTheFile", sheet, LabProgress.none(), HintRequest.CURRENT);
    assertThat(first.shown().number()).isEqualTo(1);
    assertThat(first.progress().hintsShown("parsesTheFile")).isEqualTo(1);
    Hints.Result second = Hints.reveal("parsesTheFile", sheet, first.progress(), HintRequest.NEXT);
    assertThat(second.shown()).isEqualTo(new Hints.Shown("parsesTheFile", java.util.Optional.of("Split each line on commas, minding quoted groups."), 2, 3, false));
    Hints.Result again = Hints.reveal("parsesTheFile", sheet, second.progress(), HintRequest.CURRENT);
    assertThat(again.shown().number()).isEqualTo(2);
    Hints.Result third = Hints.reveal("parsesTheFile", sheet, again.progress(), HintRequest.NEXT);
    Hints.Result past = Hints.reveal("parsesTheFile", sheet, third.progress(), HintRequest.NEXT);
    assertThat(past.shown().number()).isEqualTo(3);
    assertThat(past.shown().pastLast()).isTrue();
    assertThat(past.progress().hintsShown("parsesTheFile")).isEqualTo(3);
    Hints.Result none = Hints.reveal("noSuchCheck", sheet, LabProgress.none(), HintRequest.NEXT);
    assertThat(none.shown().text()).isEmpty();
    assertThat(none.shown().total()).isZero();
  }
}
