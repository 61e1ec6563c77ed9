package dev.authlab.gofmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** time.Duration's String(), as kube-apiserver prints flags and messages. */
class GoDurationsTest {

  @Test
  void goDurationsAsKubeApiserverPrintsThem() {
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDurations.format(Duration.ofMinutes(2))).isEqualTo("2m0s");
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GoDurations.format(Duration.ofNanos(1500))).isEqualTo("1.5µs");
    assertThat(GoDurations.format(Duration.ofNanos(7))).isEqualTo("7ns");
    assertThat(GoDurations.format(Duration.ofSeconds(-90))).isEqualTo("-1m30s");
    assertThat(GoDurations.format(Duration.ofHours(2400))).isEqualTo("2400h0m0s");
  }

  @Test
  void largerUnitsKeepTheSmallerOnes() {
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofMinutes(90))).isEqualTo("1h30m0s");
    assertThat(GoDurations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(GoDurations.format(Duration.ofSeconds(600))).isEqualTo("10m0s");
  }
}
