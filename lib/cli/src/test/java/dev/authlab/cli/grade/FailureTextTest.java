package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

class FailureTextTest {

  @Test
  void aStartersTodoReadsAsNotWrittenYet() {
    assertThat(FailureText.of(new UnsupportedOperationException("TODO(lab 02): parse the token file")))
        .containsExactly("not written yet: parse the token file");
    assertThat(FailureText.of(new IllegalStateException("wrapped", new UnsupportedOperationException("TODO(lab 07): mint the token"))))
        .containsExactly("not written yet: mint the token");
  }

  @Test
  void aTodoQuotedInAnAssertionMessageReadsTheSame() {
    Throwable quoted = catchThrowable(() -> org.assertj.core.api.Assertions.assertThatCode(() -> {
      throw new UnsupportedOperationException("TODO(lab 04): answer the TokenReview");
    }).doesNotThrowAnyException());
    assertThat(FailureText.of(quoted)).containsExactly("not written yet: answer the TokenReview");
  }

  @Test
  void anAssertionShowsItsFirstLinesWithoutAStackTrace() {
    Throwable failed = catchThrowable(() -> org.assertj.core.api.Assertions.assertThat("bob").as("the user name").isEqualTo("alice"));
    assertThat(FailureText.of(failed)).first().asString().startsWith("[the user name]");
    assertThat(String.join("\n", FailureText.of(failed))).contains("alice").contains("bob").doesNotContain("\tat ");
    AssertionError tall = new AssertionError("1\n2\n3\n4\n5\n6\n7\n8\n9\n10");
    assertThat(FailureText.of(tall)).hasSize(FailureText.MAX_LINES + 1).last().isEqualTo("…");
  }

  @Test
  void anotherExceptionSaysWhatWasThrownAndWhereInTheLabsCode() {
    NullPointerException npe = new NullPointerException("name is null");
    npe.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 209),
        new StackTraceElement("dev.authlab.labs.lab02_static_token_file.TokenFile", "parse", "TokenFile.java", 42),
        new StackTraceElement("dev.authlab.labs.lab02_static_token_file.Lab02LibraryTest", "parses", "Lab02LibraryTest.java", 10)});
    assertThat(FailureText.of(npe)).containsExactly("threw java.lang.NullPointerException: name is null (at TokenFile.java:42)");
  }
}
