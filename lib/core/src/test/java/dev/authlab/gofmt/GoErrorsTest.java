package dev.authlab.gofmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** apimachinery's aggregate error text. */
class GoErrorsTest {

  @Test
  void aggregatesLikeApimachinery() {
    assertThat(GoErrors.aggregate(List.of("one"))).isEqualTo("one");
    assertThat(GoErrors.aggregate(List.of("one", "two", "one"))).isEqualTo("[one, two]");
    assertThat(GoErrors.aggregate(List.of("same", "same"))).isEqualTo("same");
  }

  @Test
  void repeatedErrorsCollapseAndNoErrorsIsEmpty() {
    assertThat(GoErrors.aggregate(List.of("a"))).isEqualTo("a");
    assertThat(GoErrors.aggregate(List.of("a", "a"))).isEqualTo("a");
    assertThat(GoErrors.aggregate(List.of("a", "b", "a"))).isEqualTo("[a, b]");
    assertThat(GoErrors.aggregate(List.of())).isEmpty();
  }
}
