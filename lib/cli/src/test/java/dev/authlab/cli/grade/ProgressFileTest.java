package dev.authlab.cli.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authlab.cli.grade.Progress.CheckProgress;
import dev.authlab.cli.grade.Progress.LabProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressFileTest {

  @TempDir Path tmp;

  private static final Lab LAB = new Lab(2, "dev.authlab.labs.lab02_static_token_file", "The static token file");

  @Test
  void writesAndReadsBackEveryField() {
    Instant when = Instant.parse("2026-11-28T14:50:00Z");
    Progress progress = Progress.empty().with(LAB, new LabProgress(when, true,
        Map.of("parses", new CheckProgress(Tier.LIBRARY, true, when), "clusterAgrees", new CheckProgress(Tier.CLUSTER, false, when)),
        Map.of("clusterAgrees", 2)));
    ProgressFile file = new ProgressFile(tmp.resolve(".authlab/progress.json"));
    file.write(progress);
    List<String> warnings = new ArrayList<>();
    assertThat(file.read(warnings::add)).isEqualTo(progress);
    assertThat(warnings).isEmpty();
  }

  @Test
  void anUnreadableFileIsAWarningAndAFreshStart() throws IOException {
    Path path = tmp.resolve("progress.json");
    Files.writeString(path, "{\"labs\": {\"02\": [");
    List<String> warnings = new ArrayList<>();
    assertThat(new ProgressFile(path).read(warnings::add)).isEqualTo(Progress.empty());
    assertThat(warnings).singleElement().asString().startsWith("warning: " + path + " is unreadable (").endsWith("); starting afresh");
    assertThat(new ProgressFile(tmp.resolve("none.json")).read(warnings::add)).isEqualTo(Progress.empty());
  }

  @Test
  void miniJsonReadsWhatItWritesAndRefusesBrokenText() {
    Object value = MiniJson.parse("{\"a\": [1, -2.5, true, false, null, \"q\\\"\\u00e9\\n\"], \"b\": {}}");
    assertThat(value).isEqualTo(MiniJson.parse(MiniJson.write(value)));
    assertThat(((Map<?, ?>) value).get("a")).asList().containsExactly(1L, -2.5, true, false, null, "q\"é\n");
    assertThatThrownBy(() -> MiniJson.parse("{\"a\" 1}")).hasMessage("expected ':' at character 5");
    assertThatThrownBy(() -> MiniJson.parse("{} x")).hasMessageContaining("unexpected text after the document");
  }
}
